// Package core is Svertka's CNN engine in pure Go: 2-D convolution and
// pooling with TensorFlow's exact semantics, dense layers, batch
// normalisation and the other layers of a small Keras, a Sequential model
// built from Keras-style specs with shape inference, batched training
// (Fit) and a versioned model file. Around the engine it turns a canvas
// drawing into the model's input (Preprocess, MNIST's recipe), reads
// MNIST's IDX files (ReadIDXImages, ReadIDXLabels) and distorts training
// digits (Augmenter, DigitAugmentation). It has no dependency on
// syscall/js and builds natively and for js/wasm.
//
// A minimal complete program:
//
//	package main
//
//	import (
//		"fmt"
//
//		"github.com/svertka/svertka/core"
//	)
//
//	func main() {
//		m, err := core.NewSeedNet()
//		if err != nil {
//			panic(err)
//		}
//		m.Init(1)
//		fmt.Print(m.Summary())
//		probs, label, err := m.Predict(make([]float32, 32*32))
//		fmt.Println(probs, label, err)
//	}
//
// # Layouts
//
// Tensors are dense, row-major float32 arrays (the last axis varies
// fastest), as in TensorFlow and Keras (channels_last):
//
//   - activations of one sample: [H, W, C]; a batch is n such samples back
//     to back ([n, H, W, C], NHWC);
//   - convolution kernels: [KH, KW, C, F] (HWIO);
//   - dense kernels: [in, units];
//   - biases and BatchNormalization's weights: [F] or [units];
//   - Flatten keeps HWC order, so a flat index is (y·W + x)·C + c;
//   - ConvSteps: one [KH, KW] kernel slice and one [OH, OW] partial map per
//     input channel, then [OH, OW] maps for the sum, the sum plus bias and
//     the activated output.
//
// Conv2D is a cross-correlation, as in TensorFlow: output channel f at
// (oy, ox) is bias[f] + Σ over ky, kx, c of
// in[oy·sh + ky·dh − padTop, ox·sw + kx·dw − padLeft, c] · kernel[ky, kx, c, f],
// with cells outside the input counting as 0, followed by the activation.
// Conv2DSteps returns the same computation for one filter split into the
// per-input-channel partial maps, their sum, the sum plus bias and the
// activated map; it adds the same products in another order, so its
// activated map equals Conv2D's up to float32 rounding.
//
// Activations are Keras's: linear, relu, leaky_relu (slope 0.2), sigmoid,
// tanh and softmax, which normalises each group of values along the last
// axis. Keras vocabulary is used throughout: layer class names, config
// fields, weight names ("kernel", "bias", "gamma", "beta", "moving_mean",
// "moving_variance"). Weights are weights and settings are the config.
//
// # Layers and the registry
//
// Every layer class is declared once, in its own file, by registerLayer in
// an init function: its canonical Keras class name, its aliases, a config
// struct whose JSON fields are the Keras config fields, filled with the
// Keras defaults, and how a config becomes a layer. The classes are
// Conv2D, Dense, MaxPool2D, AvgPool2D, MinPool2D (our own), the global
// poolings GlobalAveragePooling2D and GlobalMaxPooling2D, Flatten,
// Dropout, BatchNormalization, Activation, ReLU, Softmax and ZeroPadding2D
// (LayerClasses lists them with their aliases and defaults). NewModel
// builds a model from Keras-style ModelSpec and LayerSpec values (omitted
// fields take the defaults, unknown ones are refused, unnamed layers are
// named as Keras names them: conv2d, conv2d_1, ...); Spec gives every
// layer's full canonical config back; NewLayer builds one layer outside a
// model (LayerSpec.OutputShape is its output shape); the model file, Init,
// Summary and SummaryRows read the same registry, so nothing else holds a
// list of classes. The layers that slide a window over height and width
// (Conv2D, the poolings, ZeroPadding2D) are Windowed: Window gives each
// axis's OutputSize arithmetic, from which receptive fields follow. Adding a layer type is one file: its config, registerLayer
// call, build (shape inference, weight shapes and initialisers) and its
// forward and backward passes.
//
// The Go constructors (NewConv2D, NewPool2D, NewDense, ...) with
// NewSequential are a shorthand for the common layers; there, zero values
// are the Keras defaults: zero Strides and Dilation mean 1 (for pooling,
// zero Strides mean the pool size), an empty Activation is linear and an
// empty Padding mode is valid.
//
// NetworkPresets lists whole networks for 32×32×1 digits, built with those
// constructors and defined nowhere else: the seed network (NewSeedNet),
// LeNet-5, a small VGG-style stack and a global-average-pooling network,
// each as a ModelSpec that NewModel builds and a page can edit.
//
// A layer's forward and backward passes take a batch of n samples at
// once. Conv2D runs im2col over the batch, tiled by output rows across
// sample boundaries so that the column buffer stays in cache, and one
// matrix product per tile; Dense is one product [n, in]×[in, units]; their
// backward passes likewise. A model runs layer by layer: the layers that
// may see part of a batch run on fixed slices of it (at most 8, a function
// of the batch size and the model only) on parallel goroutines; a layer
// that needs the whole batch (BatchNormalization's statistics in training)
// gets it in one call. Predict is a batch of one.
//
// # Padding
//
// "valid" adds nothing; the output size along an axis is
// floor((in + padBefore + padAfter − (k − 1)·d − 1)/s) + 1 (see OutputSize,
// which also returns the formula with the numbers). "same" follows
// TensorFlow exactly: the output is ceil(in/s), the total padding is
// max((ceil(in/s) − 1)·s + (k − 1)·d + 1 − in, 0) and the odd cell goes
// after (bottom/right). Pooling uses the same rule with d = 1; average
// pooling divides by the number of real (unpadded) cells in each window and
// max/min pooling never pick a padded cell. Explicit padding gives the four
// sides directly; for pooling each side must be smaller than the pool size
// so that no window is all padding.
//
// # Ownership
//
// Functions that take tensors or slices read them during the call and
// never keep them, except a Dataset, which refers to the caller's slices.
// Conv2D, Conv2DSteps, Pool2D, LayerInput, InputShape, OutputShape, Spec,
// Weights' shapes and SummaryRows return new memory the caller owns;
// Layers returns a new slice of the model's own layers. Predict and
// PredictAll return buffers owned by the model (the probabilities, every
// LayerOutput and the slice holding them) that stay valid until its next
// Predict, PredictAll or LayerInput call; they allocate nothing after the
// first call, which is what lets a page run inference on every animation
// frame. Kernel and Bias of a layer and the Data of Weights are the live
// weights: writing to them changes the model. Layers passed to
// NewSequential belong to that model from then on. A Model is not safe for
// concurrent use; a Trainer runs its own goroutines over the shared
// weights, so nothing else may use the model during TrainBatch or Fit. An
// Augmenter reuses its buffers: one per goroutine. SetWeights copies.
//
// # Errors and limits
//
// Every error matches one of the sentinels ErrShape, ErrConfig, ErrInput,
// ErrLimit, ErrModelFile, ErrNoLayer, ErrDiverged (ErrLossDiverged when
// the loss itself overflowed or exploded), ErrUnsupported and ErrIDX with
// errors.Is; its text is a plain sentence meant for a person, naming the
// layer and the numbers, e.g. "conv2: output width floor((14 + 0 − 16)/1)
// + 1 = −1 ≤ 0", and for a spec the field: `layer 0 (Conv2D) config:
// unknown field "groups"`. Inputs with NaN or infinity are rejected. Hard
// limits bound every allocation: MaxSide per dimension, MaxElements per
// tensor, MaxLayers per model, MaxModelBytes per model file, 2^24 floats
// of activations per sample, 2^26 per batch and the IDX limits per data
// file; one convolution or pooling call may take at most 2^32
// multiply-adds or comparisons, and one sample of a model's forward pass
// at most MaxWork (2^31; Model.Cost counts it), checked when the model is
// built, loaded or imported. Model files are read strictly: a key given
// twice or an unknown field, at any depth, is refused with its path. Bad
// input gives an error, never a panic.
//
// # Training
//
// The loss is softmax cross-entropy averaged over the batch; when the model
// ends in softmax (a Softmax layer, Activation('softmax') or a layer with
// activation softmax) its gradient is fused with the loss (p − onehot
// before the softmax); a model ending otherwise has its output taken as
// logits. When softmax is a Dense or Conv2D layer's own activation no
// logits are kept, so the loss is −log p with p clipped to 1e−7, as Keras
// computes it. Every layer's backward pass sits next to its forward pass
// and is checked against finite differences in the tests. Init uses He
// uniform (limit √(6/fan_in)) for kernels followed by relu or leaky_relu
// and Glorot uniform (Keras's default) otherwise, zero biases, and for
// BatchNormalization ones (gamma, moving_variance) and zeros (beta,
// moving_mean), from a SplitMix64 stream per layer, so the same seed gives
// the same weights on every platform. Dropout is inverted dropout, active
// only in training. Evaluate returns the accuracy, the mean loss and the
// confusion matrix (rows: the true class).
//
// BatchNormalization follows Keras 3: in training it normalises with the
// batch's mean and biased variance (the mean squared deviation, over all
// samples and positions) and moves moving = moving·momentum +
// batch·(1 − momentum), with that same biased variance; in inference it
// uses the moving statistics: y = γ·(x − μ)/√(σ² + ε) + β.
//
// Trainer.TrainBatch is one step: forward, loss, backward and the
// optimizer — SGD (w −= lr·g exactly without momentum; momentum and
// Nesterov as Keras) or Adam with the Keras defaults (β1 0.9, β2 0.999,
// ε 1e-7), configured by SGDConfig and AdamConfig. A step whose loss or
// weights become NaN or infinite, or whose mean loss explodes above
// ExplodedLoss (ten times ln(classes), at least ten times ln 10; lower for
// a loss clipped by a softmax in the last Dense) — a learning rate far too
// large kills the ReLUs and the loss grows without bound while staying
// finite — is undone (weights, moving statistics and optimizer state) and
// returns ErrDiverged (ErrLossDiverged when it was the loss), its message
// giving the loss, the step and the learning rate. Fit trains over a Dataset
// for a number of epochs: seeded shuffling, optional augmentation
// (AugmentFunc, DigitAugmentation), a learning-rate Schedule per batch
// (Constant, StepDecay, CosineDecay), validation after each epoch, Keras's
// EarlyStopping, OnBatch and OnEpoch callbacks, cancellation by a context
// and a History. Fitter is the same run one batch per Step, for a caller
// that must draw, pause or give up between batches (a browser page).
//
// Training is deterministic: each slice of a batch accumulates its own
// weight gradients, summed in order; each sample's dropout mask comes from
// (seed, step, sample index) and its augmentation from (seed, epoch,
// sample index); shuffling from (seed, epoch). The result does not depend
// on GOMAXPROCS or scheduling: the same seeds give a byte-identical model
// on the same platform.
//
// # Gradients
//
// The backward passes are also exported as functions on one sample, for
// checking against TensorFlow or for use outside a model: Conv2DGrad,
// Pool2DGrad and DenseGrad (with DenseForward, the Dense layer as a
// function; Dense is the layer type) take the forward op's arguments and
// the gradient of a loss with respect to the op's activated output, and
// return the gradients with respect to the input, kernel and bias (nil
// without a bias); the activation's derivative is included and taken at the
// output, as TensorFlow does (relu'(0) = 0). Max and min pooling route each
// gradient to the cell the forward pass picked (the first maximum or
// minimum in window order), average pooling spreads it over the window's
// real cells, and overlapping windows add up. SoftmaxCrossEntropy returns
// one sample's loss and its gradient p − onehot on the logits, SoftmaxGrad
// the product of softmax's Jacobian with a gradient. They run the forward
// pass they need and then the same code as the layers' backward passes in
// training, and return new memory the caller owns.
//
// # Model file
//
// EncodeModel and DecodeModel read and write one JSON document (format
// "svertka-model", version 1) with the registry's canonical class names and
// full configs, every weight (trainable or not) as base64 little-endian
// float32 and a SHA-256 checksum of the weight bytes; see FileFormat.
// Decoding is strict — every config field present, unknown fields refused —
// and checks every size before allocating.
//
// # TF.js layers format
//
// DecodeTFJS and EncodeTFJS read and write the format of TF.js's
// model.save, tf.loadLayersModel and tensorflowjs_converter: model.json
// (the Keras topology and a weights manifest) and binary weight files.
// Classes and configs map through the layer registry, one TF.js or Keras
// layer to one Svertka layer of the same name; an InputLayer becomes the
// model's input shape. DecodeTFJS reads Sequential models from TF.js 4 and
// from the converter for Keras 2 and Keras 3 (InputLayer or
// batch_input_shape, batch_shape, input_shape; module, registered_name,
// build_config; dtype policies; activations by name or as serialized
// functions), functional models that are a single chain, and float32
// weights in any number of groups and files, matched by name as TF.js
// matches them.
//
// Keras config fields that Svertka's configs do not hold are judged by
// what they mean (kerasFields). Accepted because they do not change a
// layer's output at inference: trainable, initialisers, regularisers
// (activity_regularizer adds a loss term only), constraints, dropout's seed
// and noise_shape, batch normalization's synchronized, fused,
// virtual_batch_size and renorm settings, and the shape fields (read for
// the input shape); Svertka's training ignores them. Accepted only at the
// value Svertka computes: dtype float32, data_format channels_last, groups
// 1, no lora_rank or quantization_config, renorm false, a Softmax over the
// last axis, InputLayer sparse, ragged and optional false. Any other field
// is refused, as nothing says what it would change. Refused as well: other
// classes (LeakyReLU, DepthwiseConv2D, Add, ...) and activations (elu,
// gelu, ...), branches, merges and shared layers, non-float32 or quantized
// weights, weights unknown, missing, given twice or misshapen, files whose
// sizes do not match the manifest, NaN and infinity. Every problem is
// listed, by layer, in one error (ErrUnsupported for what Svertka does not
// compute, ErrModelFile for a malformed file), and nothing is half loaded.
//
// EncodeTFJS writes one weight file, TFJSShardName, with weights named
// layer/weight in model order, and each layer's Keras config as the model
// file has it, plus the input's batch_input_shape on the first layer and
// axis −1 on Softmax (TF.js's default is axis 1). It refuses, listing every
// reason, what TF.js would compute differently or not at all: MinPool2D,
// explicit padding, the leaky_relu activation, a ReLU with negative_slope
// or threshold, global pooling with keepdims, strides with dilation_rate.
// Exported models load in tf.loadLayersModel and predict as Svertka does;
// round trips between the two formats are exact.
//
// # Speed
//
// Convolution is im2col followed by a matrix product, tiled over output
// rows (across the samples of a batch) so that the column buffer stays in
// cache. Every matrix product and vector loop of the layers goes through
// the leaf package core/kernel (Gemm: C += op(A)·op(B), Axpy, Dot), which
// has a pure-Go reference, gonum's level-1 BLAS natively, unrolled Go on
// plain js/wasm and WebAssembly SIMD (simd/archsimd) when built with
// GOEXPERIMENT=simd, as the site is; see its doc.go. core imports it as
// kern, because kernel is the Keras word for a convolution's weights. The
// backward pass uses the forms of the product that skip zero multipliers,
// which pays off on the gradients ReLU and max pooling produce (three in
// four are zero). Build tags svertka_purego and svertka_gonum force either
// generic kernel set.
//
// Around the products, the layers' own loops go through the kernels too:
// ReLU and leaky ReLU and their derivatives, pooling (Max, Min, Add and
// Scale over a window's channels; in training the winning cell of each
// max or min output is found after the values and kept for the backward
// pass, inference keeps nothing), and im2col, which transposes the input
// rows a tile reads into one plane per channel so that every column row is
// a copy instead of a read every inC floats. Under Node.js 20 with SIMD
// these took the seed network's forward pass from 0.73 to 0.51 ms of CPU
// time per sample (December 2026, 1,000 passes, CPU time of the node
// process because the machine ran at a load of 10 to 20).
//
// Measured on the 2-core AMD EPYC development machine (Go 1.26; js/wasm
// under Node.js 20). The machine was shared with other jobs, so the seed
// network rows give CPU time per operation (the cpu-ns/op and
// samples/cpu-s metrics of the benchmarks; for wasm, the node process's CPU
// time), which is what an idle machine's wall time would be:
//
//	                                      native       native      js/wasm     js/wasm
//	                                      gonum BLAS   Go loops    Go loops    gonum BLAS
//	axpy, 1024 multiply-adds (wall)       140 ns       420 ns      620 ns      2,900 ns
//	BenchmarkForwardSeedNet               0.37 ms      0.86 ms     1.7 ms      4.4 ms
//	BenchmarkTrainStepSeedNet, batch 32   1,340        760         400         175   samples per CPU-second
//
// Training uses both cores natively (about 2,600 samples/s when they are
// free); js/wasm has a single thread.
//
// Direct convolution loops (directConv in conv_test.go: one axpy over the
// filters per input value, skipping zero inputs) against im2col + gemm, CPU
// time per call:
//
//	                                          native gonum   js/wasm Go loops
//	seed conv1, 32×32×1, 4 in 5 inputs zero   119 / 64 µs    272 / 278 µs
//	seed conv2, 16×16×10, half the inputs 0   319 / 267 µs   881 / 1,281 µs
//
// im2col wins natively. On js/wasm direct loops win only on sparse inputs
// (and lose twice over on dense ones), and their inner loops run over 10 or
// 30 filters where im2col's run over 256 to 1,024 positions, which is what
// wasm SIMD kernels will need; so im2col + gemm is used everywhere.
// Predict allocates nothing (0 allocs/op) on every platform.
//
// The batched engine (layers over n samples, Go 1.27.3) against the
// per-sample one it replaced, run alternately three times each on the same
// machine while it was heavily shared (load average about 20, so every
// figure is about twice the idle one above; ranges are the three runs).
// The batched engine trains bit for bit like the per-sample one and costs
// the same: it computes the same products, in the same kernels; what it
// adds is the seam (one product per tile of a batch, batch statistics)
// that SIMD kernels and BatchNormalization need.
//
//	                                      per-sample engine     batched engine
//	native, gonum BLAS
//	BenchmarkForwardSeedNet               0.73–0.88 ms          0.70–0.93 ms   CPU per sample
//	BenchmarkForwardBatchSeedNet, 32      —                     0.75–1.02 ms   CPU per sample
//	BenchmarkTrainStepSeedNet, batch 32   571–669               588–694        samples per CPU-second
//	js/wasm, Go loops, Node.js 20
//	BenchmarkForwardSeedNet               3.4–5.0 ms            3.2–4.2 ms     CPU per sample
//	BenchmarkForwardBatchSeedNet, 32      —                     4.2–4.7 ms     CPU per sample
//	BenchmarkTrainStepSeedNet, batch 32   192–259               222–250        samples per CPU-second
//
// Reproduce with (the direct loops: -bench 'Conv2D(Direct)?SeedConv'):
//
//	go test -run - -bench SeedNet ./core/
//	go test -run - -bench SeedNet -tags svertka_purego ./core/
//	GOOS=js GOARCH=wasm go test -c -o core.wasm ./core/ && node "$(go env GOROOT)/lib/wasm/wasm_exec_node.js" core.wasm -test.run - -test.bench SeedNet
//
// On js/wasm the benchmarks report wall time only; the CPU time per op is
// the difference of the node process's CPU time (e.g. from /usr/bin/time)
// between two runs with different -test.benchtime counts (such as 50x and
// 1050x), divided by the difference of the counts.
package core
