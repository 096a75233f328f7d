// Command model writes the model make bench compares Svertka with TF.js and
// ConvNetJS on (issue #11), as a Svertka model file:
//
//	go run ./scripts/bench/model [-out build/bench/model.json] [-seed 1]
//
//	28×28×1 → conv1 Conv2D(10, 3×3, same, relu) → pool1 MaxPool2D(2)
//	→ conv2 Conv2D(30, 3×3, same, relu) → pool2 MaxPool2D(2)
//	→ flatten (1470) → dense Dense(10) → softmax
//
// The kernels come from core's Init(seed); the biases, which Init leaves at
// zero, get small deterministic non-zero values so that every peer's bias
// handling is checked too. The same seed gives the same file byte for byte;
// every peer of the benchmark reads its weights from it.
package main
