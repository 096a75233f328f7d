//go:build js && wasm

package api

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/wasm/bridge"
)

// badCall is a call that must reject with a message containing every part
// of want.
type badCall struct {
	code string
	want []string
}

func bad(code string, want ...string) badCall { return badCall{code, want} }

// checkBadCalls runs each bad call and then valid, which must still work:
// a rejection changes nothing.
func checkBadCalls(t *testing.T, nn js.Value, valid string, calls []badCall) {
	t.Helper()
	for _, c := range calls {
		wantReject(t, nn, c.code, c.want...)
		if _, err := call(t, nn, valid); err != nil {
			t.Fatalf("after %s the valid call %s failed: %v", c.code, valid, err)
		}
	}
}

// conv builds a conv2d call from a valid one by replacing or adding options.
func conv(extra string) string {
	return `nn.conv2d({ input: new Float32Array(9).fill(1), shape: [3,3,1],
		kernel: new Float32Array(4).fill(1), kernelShape: [2,2,1,1], ` + extra + ` })`
}

func TestConv2DBadInput(t *testing.T) {
	nn := newAPI(t)
	checkBadCalls(t, nn, conv(""), []badCall{
		// Wrong types.
		bad("nn.conv2d()", "conv2d: options must be an object {input, shape, kernel, kernelShape, bias, strides, padding, dilation, activation}, got undefined"),
		bad("nn.conv2d(new Float32Array(9))", "conv2d: options must be an object", "got Float32Array(9)"),
		bad("nn.conv2d({ input: [1,2,3,4,5,6,7,8,9], shape: [3,3,1], kernel: new Float32Array(1), kernelShape: [1,1,1,1] })",
			"conv2d: input must be a Float32Array, got [1,2,3,4,5,6,7,8,…]"),
		bad("nn.conv2d({ input: new Float64Array(9), shape: [3,3,1], kernel: new Float32Array(1), kernelShape: [1,1,1,1] })",
			"conv2d: input must be a Float32Array, got Float64Array(9)"),
		bad(conv("activation: 3"), "conv2d: activation must be a string, got 3"),
		bad(conv("bias: [1]"), "conv2d: bias must be a Float32Array, got [1]"),
		// Missing and unknown options.
		bad("nn.conv2d({ shape: [3,3,1], kernel: new Float32Array(1), kernelShape: [1,1,1,1] })", `conv2d: missing option "input" (a Float32Array)`),
		bad("nn.conv2d({ input: new Float32Array(9), shape: [3,3,1], kernel: new Float32Array(1) })", `conv2d: missing option "kernelShape" (4 positive integers [KH,KW,C,F])`),
		bad(conv("stride: 2"), `conv2d: unknown option "stride" (did you mean "strides"?)`),
		bad(conv("kernel_size: 2"), `conv2d: unknown option "kernel_size"`),
		// Shapes: wrong length, non-integer, non-positive, not an array.
		bad(conv("kernelShape: [2,2,1]"), "conv2d: kernelShape must be 4 positive integers [KH,KW,C,F], got [2,2,1]"),
		bad(conv("shape: [3,3.5,1]"), "conv2d: shape must be 3 positive integers [H,W,C], got [3,3.5,1]"),
		bad(conv("shape: [3,0,1]"), "conv2d: shape must be 3 positive integers [H,W,C], got [3,0,1]"),
		bad(conv("shape: [-3,3,1]"), "conv2d: shape must be 3 positive integers [H,W,C], got [-3,3,1]"),
		bad(conv("shape: '3,3,1'"), `conv2d: shape must be 3 positive integers [H,W,C], got "3,3,1"`),
		// Data that does not match its shape.
		bad(conv("input: new Float32Array(8)"), "conv2d: input has 8 values but shape [3,3,1] needs 3×3×1 = 9"),
		bad(conv("kernel: new Float32Array(5)"), "conv2d: kernel has 5 values but kernelShape [2,2,1,1] needs 2×2×1×1 = 4"),
		bad(conv("bias: new Float32Array(2)"), "conv2d: bias has 2 values but kernelShape [2,2,1,1] has F = 1 filters"),
		bad(conv("kernelShape: [2,2,3,1], kernel: new Float32Array(12)"), "conv2d: ", "3 input channels", "has 1"),
		// Limits: per side, elements, result size, work.
		bad(conv("shape: [5000,1,1], input: new Float32Array(5000)"), "conv2d: shape [5000,1,1] has a dimension of 5000, above the limit of 4096"),
		bad(conv("shape: [4096,4096,5]"), "conv2d: shape [4096,4096,5] has 4096×4096×5 elements, above the limit of 16777216 (2^24)"),
		bad(conv("shape: [129,128,1], input: new Float32Array(129*128), kernelShape: [1,1,1,4096], kernel: new Float32Array(4096)"),
			"conv2d: the result would have 129×128×4096 values, above the limit of 16777216 (2^24)"),
		bad(conv("shape: [1024,1024,1], input: new Float32Array(1024*1024), kernelShape: [64,64,1,1], kernel: new Float32Array(4096), padding: 'same'"),
			"conv2d: the call would take 4.29e+09 multiply-adds, above the limit of 2147483648 (2^31) per call"),
		bad(conv("dilation: 5000"), "conv2d: dilation 5000 is above the limit of 4096"),
		// NaN and Infinity.
		bad(conv("input: new Float32Array([1,1,1,1,NaN,1,1,1,1])"), "conv2d: input[4] is NaN; every value must be a finite number"),
		bad(conv("kernel: new Float32Array([Infinity,1,1,1])"), "conv2d: kernel[0] is Infinity; every value must be a finite number"),
		bad(conv("bias: new Float32Array([-Infinity])"), "conv2d: bias[0] is -Infinity"),
		// Option values.
		bad(conv("strides: 0"), "conv2d: strides must be a positive integer or [sh, sw], got 0"),
		bad(conv("strides: [1,2,3]"), "conv2d: strides must be a positive integer or [sh, sw], got [1,2,3]"),
		bad(conv("dilation: 1.5"), "conv2d: dilation must be a positive integer or [dh, dw], got 1.5"),
		bad(conv("padding: 'SAME'"), `conv2d: padding must be 'valid', 'same' or [[top, bottom], [left, right]] of non-negative integers, got "SAME"`),
		bad(conv("padding: [[1,-1],[0,0]]"), "conv2d: padding must be", "got [[1,-1],[0,0]]"),
		bad(conv("padding: [1,1]"), "conv2d: padding must be", "got [1,1]"),
		bad(conv("activation: 'relu6'"), `conv2d: unknown activation "relu6" (want linear, relu, leaky_relu, sigmoid, tanh or softmax)`),
		// Impossible geometry.
		bad(conv("kernelShape: [4,1,1,1]"), "conv2d: output height floor((3 + 0 − 4)/1) + 1 = 0 ≤ 0"),
	})
}

func TestConv2DStepsBadInput(t *testing.T) {
	nn := newAPI(t)
	steps := func(extra string) string {
		return `nn.conv2dSteps({ input: new Float32Array(9), shape: [3,3,1], kernel: new Float32Array(8), kernelShape: [2,2,1,2], ` + extra + ` })`
	}
	checkBadCalls(t, nn, steps("filter: 1"), []badCall{
		bad(steps(""), `conv2dSteps: missing option "filter" (the output channel, an integer from 0 to F−1)`),
		bad(steps("filter: 2"), "conv2dSteps: ", "filter 2 is out of range [0, 2)"),
		bad(steps("filter: -1"), "conv2dSteps: ", "filter -1 is out of range [0, 2)"),
		bad(steps("filter: 0.5"), "conv2dSteps: filter must be an integer, got 0.5"),
		bad(steps("filters: 1"), `conv2dSteps: unknown option "filters" (did you mean "filter"?)`),
		bad(steps("filter: 0, input: new Float32Array([0,0,0,0,NaN,0,0,0,0])"), "conv2dSteps: input[4] is NaN"),
	})
}

func TestPool2DBadInput(t *testing.T) {
	nn := newAPI(t)
	pool := func(extra string) string {
		return `nn.pool2d({ input: new Float32Array(16), shape: [4,4,1], ` + extra + ` })`
	}
	checkBadCalls(t, nn, pool("mode: 'max', size: 2"), []badCall{
		bad(pool("size: 2"), `pool2d: missing option "mode" ('max', 'min' or 'avg')`),
		bad(pool("mode: 'max'"), `pool2d: missing option "size" (a positive integer or [height, width])`),
		bad(pool("mode: 'median', size: 2"), `pool2d: unknown pooling mode "median" (want max, min or avg)`),
		bad(pool("mode: 'max', size: 0"), "pool2d: size must be a positive integer or [height, width], got 0"),
		bad(pool("mode: 'max', size: 5"), "pool2d: output height floor((4 + 0 − 5)/5) + 1 = 0 ≤ 0"),
		bad(pool("mode: 'max', pool_size: 2"), `pool2d: unknown option "pool_size"; the options are input, shape, mode, size, strides, padding`),
		bad(pool("mode: 'max', size: 2, kernel: 1"), `pool2d: unknown option "kernel"`),
		bad("nn.pool2d({ input: new Float32Array(16), shape: [4,4], mode: 'max', size: 2 })", "pool2d: shape must be 3 positive integers [H,W,C], got [4,4]"),
		bad(pool("mode: 'avg', size: 1, input: new Float32Array(16).fill(NaN)"), "pool2d: input[0] is NaN"),
		bad("nn.pool2d({ input: new Float32Array(4096*4096), shape: [4096,4096,1], mode: 'max', size: 1024, strides: 1, padding: 'same' })",
			"pool2d: the call would take", "above the limit of 2147483648 (2^31) per call"),
	})
}

func TestOutputShapeBadInput(t *testing.T) {
	nn := newAPI(t)
	checkBadCalls(t, nn, "nn.outputShape({ type: 'pool2d', size: 2 }, [4,4,1])", []badCall{
		bad("nn.outputShape()", "outputShape: layerSpec must be {class_name, config}, a layer as a Keras model lists it, or {type, ...config} where type is one of the Keras class names Activation, AvgPool2D, BatchNormalization, Conv2D,", "got undefined"),
		bad("nn.outputShape({ type: 'lstm', units: 3 }, [4,4,1])", "outputShape: layerSpec must be", "Keras class names", `with type "lstm"`),
		bad("nn.outputShape({ type: 'Conv3D' }, [4,4,1])", "outputShape: layerSpec must be", `with type "Conv3D"`),
		bad("nn.outputShape({ type: 2 }, [4,4,1])", "outputShape: layerSpec must be", "with type 2"),
		bad("nn.outputShape({ size: 2 }, [4,4,1])", "outputShape: layerSpec must be", "with type undefined"),
		bad("nn.outputShape({ type: 'pool2d', size: 2 }, [4,4])", "outputShape: inputShape must be positive integers [H,W,C] or [N], got [4,4]"),
		bad("nn.outputShape({ type: 'pool2d', size: 2 })", "outputShape: inputShape must be positive integers [H,W,C] or [N], got undefined"),
		bad("nn.outputShape({ type: 'pool2d', size: 2 }, [16])", "outputShape: MaxPool2D needs a [height, width, channels] input, got (16,)"),
		bad("nn.outputShape({ type: 'pool2d', size: 2, dilation: 2 }, [4,4,1])", `outputShape: unknown option "dilation"; the options are type, mode, name, pool_size, strides, padding, size`),
		bad("nn.outputShape({ type: 'MaxPool2D', pool_size: 2, mode: 'avg' }, [4,4,1])", `outputShape: unknown option "mode"; the options are type, name, pool_size, strides, padding, size`),
		bad("nn.outputShape({ type: 'pool2d', size: 2, mode: 'median' }, [4,4,1])", `outputShape: unknown pooling mode "median" (want max, min or avg)`),
		bad("nn.outputShape({ type: 'Conv2D', kernel_size: 2, kernelSize: 2 }, [4,4,1])", `outputShape: layerSpec gives both "kernelSize" and "kernel_size", which are the same option: keep one`),
		bad("nn.outputShape({ type: 'conv2d', kernelSize: 2, dilation: 1, dilation_rate: 1 }, [4,4,1])", `outputShape: layerSpec gives both "dilation" and "dilation_rate"`),
		bad("nn.outputShape({ type: 'MaxPooling2D', size: 2, pool_size: 2 }, [4,4,1])", `outputShape: layerSpec gives both "size" and "pool_size"`),
		bad("nn.outputShape({ type: 'Conv2D', kernel_size: 0 }, [4,4,1])", "outputShape: kernel_size must be positive integers [height, width], got [0, 0]"),
		bad("nn.outputShape({ type: 'MaxPooling2D', pool_size: 5 }, [4,4,1])", "outputShape: output height floor((4 + 0 − 5)/5) + 1 = 0 ≤ 0"),
		bad("nn.outputShape({ type: 'Conv2D', kernel_sizes: 3 }, [4,4,1])", `outputShape: unknown option "kernel_sizes" (did you mean "kernel_size"?)`),
		bad("nn.outputShape({ type: 'MaxPooling2D', poolSize: 2 }, [4,4,1])", `outputShape: unknown option "poolSize" (did you mean "pool_size"?)`),
		bad("nn.outputShape({ type: 'Dense', units: 10, activation: 'relu6' }, [16])", `outputShape: unknown activation "relu6" (want linear, relu, leaky_relu, sigmoid, tanh or softmax)`),
		bad("nn.outputShape({ type: 'Dense', units: 10, use_bais: false }, [16])", `outputShape: unknown option "use_bais" (did you mean "use_bias"?)`),
		bad("nn.outputShape({ type: 'dense' }, [16])", "outputShape: units must be between 1 and 4096, got 0"),
		bad("nn.outputShape({ type: 'dense', units: 0 }, [16])", "outputShape: units must be between 1 and 4096, got 0"),
		bad("nn.outputShape({ type: 'dense', units: 10 }, [4,4,1])", "outputShape: Dense needs a flat input (add a Flatten layer before it), got (4, 4, 1)"),
		bad("nn.outputShape({ type: 'flatten' }, [4,4])", "outputShape: inputShape must be positive integers [H,W,C] or [N], got [4,4]"),
		bad("nn.outputShape({ type: 'flatten' }, [67108865])", "outputShape: inputShape [67108865] is above the limit of 16777216 (2^24) elements"),
		bad("nn.outputShape({ type: 'flatten' }, [4,4,9999])", "outputShape: inputShape [4,4,9999] has a dimension of 9999, above the limit of 4096"),
		bad("nn.outputShape({ type: 'conv2d', kernelsize: 2 }, [4,4,1])", `outputShape: unknown option "kernelsize" (did you mean "kernelSize"?)`),
		bad("nn.outputShape({ type: 'conv2d' }, [4,4,1])", "outputShape: kernel_size must be positive integers [height, width], got [0, 0]"),
		bad("nn.outputShape({ type: 'conv2d', kernelSize: 2, filters: 0 }, [4,4,1])", "outputShape: filters must be between 1 and 4096, got 0"),
		bad("nn.outputShape({ type: 'conv2d', kernelSize: 2, strides: [1, 0] }, [4,4,1])", "outputShape: strides must be positive integers [height, width], got [1, 0]"),
		bad("nn.outputShape({ type: 'conv2d', kernelSize: 2, strides: [1, 2, 3] }, [4,4,1])", `outputShape: layer spec (Conv2D) config: field "strides" must have 2 values, got 3`),
		bad("nn.outputShape({ type: 'conv2d', kernelSize: 2 }, [4,4,9999])", "outputShape: inputShape [4,4,9999] has a dimension of 9999, above the limit of 4096"),
		// The Keras form.
		bad("nn.outputShape({ class_name: 'Conv2D' }, [4,4,1])", "outputShape: kernel_size must be positive integers [height, width], got [0, 0]"),
		bad("nn.outputShape({ class_name: 'Conv2D', config: { filter: 3 } }, [4,4,1])", `outputShape: layerSpec (Conv2D) config: unknown option "filter" (did you mean "filters"?)`),
		bad("nn.outputShape({ class_name: 'Conv2D', config: [3] }, [4,4,1])", "outputShape: layerSpec (Conv2D) config must be an object {name, filters, kernel_size, strides, padding, dilation_rate, use_bias, activation}, got [3]"),
		bad("nn.outputShape({ class_name: 'LSTM', config: {} }, [4,4,1])", `outputShape: layer spec: unknown layer class "LSTM" (want Activation, AvgPool2D,`),
		bad("nn.outputShape({ class_name: 3 }, [4,4,1])", "outputShape: layerSpec: class_name must be a string, got 3"),
		bad("nn.outputShape({ class_name: 'Dense', config: { units: 2 }, type: 'Dense' }, [4])", `outputShape: layerSpec: unknown option "type"; the options are class_name, config`),
		bad("nn.outputShape({ class_name: 'Dense', config: { units: 2n } }, [4])", "outputShape: argument 1 (at config.units) is a BigInt (2n); the engine takes Numbers"),
	})
}

func TestModelCallsBeforeLoad(t *testing.T) {
	nn := newAPI(t)
	for _, code := range []string{
		"nn.modelSummary()",
		"nn.predict(new Float32Array(1024))",
		"nn.layerWeights('conv1')",
		"nn.layerSteps('conv1', new Float32Array(1024), 0)",
		"nn.setPooling('pool1', 'avg')",
	} {
		name, _, _ := strings.Cut(strings.TrimPrefix(code, "nn."), "(")
		wantReject(t, nn, code, name+": no model loaded; call loadModel(json) first")
	}
}

func TestModelBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	const valid = "nn.predict(new Float32Array(1024))"
	checkBadCalls(t, nn, valid, []badCall{
		bad("nn.predict()", "predict: input must be a Float32Array of 32×32×1 = 1024 values or {data, shape}, got undefined"),
		bad("nn.predict(new Array(1024).fill(0))", "predict: input must be a Float32Array of 32×32×1 = 1024 values or {data, shape}, got [0,0,0,0,0,0,0,0,…]"),
		bad("nn.predict(new Float32Array(100))", "predict: input has 100 values but the model's input shape [32,32,1] needs 32×32×1 = 1024"),
		bad("nn.predict(new Float32Array(1024).fill(NaN))", "predict: input[0] is NaN; every value must be a finite number"),
		bad("nn.predict({ data: new Float32Array(784), shape: [28,28,1] })", "predict: input.shape [28,28,1] does not match the model's input shape [32,32,1]"),
		bad("nn.predict({ data: new Float32Array(1024) })", `predict: missing option "shape" (the model's input shape [32,32,1])`),
		bad("nn.predict({ data: new Float32Array(1024), shape: [32,32,1], label: 3 })", `predict: unknown option "label"; the options are data, shape`),
		bad("nn.layerWeights('pool1')", `layerWeights: layer "pool1" is a MaxPool2D, which has no weights; layers with weights: conv1, conv2, dense`),
		bad("nn.layerWeights('conv3')", `layerWeights: no layer named "conv3"; the layers are conv1, pool1, conv2, pool2, flatten, dropout, dense, softmax`),
		bad("nn.layerWeights(1)", "layerWeights: layerName must be a string, got 1"),
		bad("nn.layerSteps('dense', new Float32Array(1024), 0)", `layerSteps: layer "dense" is a Dense; layerSteps needs a Conv2D layer: conv1, conv2`),
		bad("nn.layerSteps('conv1', new Float32Array(1024), 10)", "layerSteps: ", "filter 10 is out of range [0, 10)"),
		bad("nn.layerSteps('conv1', new Float32Array(1024))", "layerSteps: filter must be an integer, got undefined"),
		bad("nn.layerSteps('conv1', new Float32Array(10), 0)", "layerSteps: input has 10 values"),
		bad("nn.setPooling('pool1', 'median')", "setPooling: ", `"median"`, "max, min or avg"),
		bad("nn.setPooling('conv1', 'avg')", "setPooling: ", "conv1"),
		bad("nn.setPooling('pool1')", "setPooling: mode must be a string, got undefined"),
	})
	// After all that the model still predicts like a fresh one.
	want := floats(t, mustCall(t, newLoaded(t, doc), valid).Get("probs"))
	if got := floats(t, mustCall(t, nn, valid).Get("probs")); !slices.Equal(got, want) {
		t.Errorf("bad calls changed the model: probs %v, want %v", got, want)
	}
}

// newLoaded returns a fresh API with the model document loaded.
func newLoaded(t *testing.T, doc string) js.Value {
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	return nn
}

func TestLoadModelBadInput(t *testing.T) {
	m, doc := seedModel(t)
	nn := newLoaded(t, doc)
	// A failed load keeps the loaded model, so the valid call is a predict.
	const valid = "nn.predict(new Float32Array(1024))"
	checkBadCalls(t, nn, valid, []badCall{
		bad("nn.loadModel()", "loadModel: model must be the JSON text (a string) or its bytes (an ArrayBuffer or Uint8Array), got undefined"),
		bad("nn.loadModel(42)", "loadModel: model must be the JSON text", "got 42"),
		bad("nn.loadModel({ format: 'svertka-model' })", "loadModel: model must be the JSON text", "got an object {format}"),
		bad("nn.loadModel(new Float32Array(4))", "loadModel: model must be the JSON text", "got Float32Array(4)"),
		bad("nn.loadModel('x'.repeat(33 << 20))", "loadModel: the model document has 34603008 bytes, above the limit of 33554432 (32 MiB)"),
		bad("nn.loadModel('{')", "loadModel: model file: invalid JSON"),
		bad("nn.loadModel('{}')", `loadModel: model file: missing field "format"`),
		bad("nn.loadModel('')", "loadModel: model file: invalid JSON"),
	})
	// Documents edited after encoding: each is refused with a reason.
	for _, c := range []struct {
		edit func(doc map[string]any)
		want string
	}{
		{func(d map[string]any) { d["version"] = 99 }, "99"},
		{func(d map[string]any) { d["layers"].([]any)[0].(map[string]any)["class_name"] = "Conv3D" }, "Conv3D"},
		{func(d map[string]any) {
			d["weights"].([]any)[0].(map[string]any)["data"] = base64.StdEncoding.EncodeToString(make([]byte, 4*250))
		}, "checksum"},
		{func(d map[string]any) { d["weights"] = d["weights"].([]any)[1:] }, "conv1"},
	} {
		_, err := call(t, nn, "nn.loadModel(a)", editDoc(t, doc, c.edit))
		if err == nil || !strings.HasPrefix(err.Error(), "loadModel: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("edited document: error %v, want a loadModel error mentioning %q", err, c.want)
		}
	}
	checkSummary(t, mustCall(t, nn, "nn.modelSummary()"), m)
}

func TestPreprocessBadInput(t *testing.T) {
	nn := newAPI(t)
	checkBadCalls(t, nn, "nn.preprocess({ data: new Uint8ClampedArray(16), width: 2, height: 2 })", []badCall{
		bad("nn.preprocess()", "preprocess: imageData must be an ImageData or {data, width, height}, got undefined"),
		bad("nn.preprocess('canvas')", `preprocess: imageData must be an ImageData or {data, width, height}, got "canvas"`),
		bad("nn.preprocess({ data: new Uint8ClampedArray(10), width: 2, height: 2 })", "preprocess: imageData.data has 10 bytes but a 2×2 image needs 2×2×4 = 16"),
		bad("nn.preprocess({ data: new Float32Array(4), width: 2, height: 2 })", "preprocess: imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got Float32Array(4)"),
		bad("nn.preprocess({ data: [0,0,0,0], width: 1, height: 1 })", "preprocess: imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got [0,0,0,0]"),
		bad("nn.preprocess({ data: new Uint8ClampedArray(16), width: 0, height: 2 })", "preprocess: imageData.width must be from 1 to 4096, got 0"),
		bad("nn.preprocess({ data: new Uint8ClampedArray(16), width: 2.5, height: 2 })", "preprocess: imageData.width must be an integer, got 2.5"),
		bad("nn.preprocess({ data: new Uint8ClampedArray(16), width: 2 })", "preprocess: imageData.height must be an integer, got undefined"),
		bad("nn.preprocess({ data: new Uint8ClampedArray(4), width: 1, height: 5000 })", "preprocess: imageData.height must be from 1 to 4096, got 5000"),
	})
}

// TestPanicIsRecovered forces a panic inside a call on the API's own
// namespace (through a test-only function) and checks that the Go runtime
// survives it: the model stays loaded and predict keeps working.
func TestPanicIsRecovered(t *testing.T) {
	_, doc := seedModel(t)
	ns := bridge.NewNamespace()
	Register(ns)
	defer ns.Release()
	ns.Register("explode", func([]js.Value) (any, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write panics
		return nil, nil
	})
	nn := ns.Value()
	mustCall(t, nn, "nn.loadModel(a)", doc)
	before := floats(t, mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(0))).Get("probs"))

	console := js.Global().Get("console")
	consoleError := console.Get("error")
	console.Set("error", js.FuncOf(func(js.Value, []js.Value) any { return nil })) // the stack is expected here
	wantReject(t, nn, "nn.explode()", "explode: internal error", "assignment to entry in nil map")
	console.Set("error", consoleError)

	after := floats(t, mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(0))).Get("probs"))
	if !slices.Equal(before, after) {
		t.Errorf("predict after a panic = %v, want %v", after, before)
	}
}

// editDoc decodes a model document, applies edit and encodes it again.
func editDoc(t *testing.T, doc string, edit func(map[string]any)) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	edit(d)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
