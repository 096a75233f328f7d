package core

import "fmt"

// MaxWork bounds the work of one call on one sample: the multiply-adds of
// a model's forward pass (or of one conv2d call of the API), counting a
// pooling window's comparisons alike. 2^31 is about two seconds in a
// browser; a model above it would freeze a page on every predict, so it is
// refused when it is built, loaded or imported.
const MaxWork = 1 << 31

// Cost is what one sample costs a model.
type Cost struct {
	// Work is the multiply-adds (and window comparisons) of one forward
	// pass; training a sample takes about three times as many (forward,
	// then the gradients of the input and of the weights).
	Work float64
	// Params is the number of weights.
	Params int
	// Activations is the number of values one forward pass keeps: every
	// layer's output.
	Activations int
}

// Cost returns what one sample costs m.
func (m *Model) Cost() Cost {
	var c Cost
	for _, l := range m.layers {
		c.Work += layerWork(l)
		c.Params += l.ParamCount()
		c.Activations += numElements(l.base().out)
	}
	return c
}

// layerWork is the work of one sample through l, from what every layer
// declares: a layer with a kernel does kernel·positions multiply-adds (a
// convolution's kernel [KH,KW,C,F] at each of its OH·OW positions, a
// dense kernel [in,units] once), a window op compares its window at each
// output value, and the others touch each value about once.
func layerWork(l Layer) float64 {
	b := l.base()
	out := float64(numElements(b.out))
	for _, w := range b.weights {
		if w.name == "kernel" && len(w.shape) > 0 {
			filters := float64(w.shape[len(w.shape)-1])
			return float64(numElements(w.shape)) * out / filters
		}
	}
	if w, ok := l.(Windowed); ok {
		h, wd := w.Window()
		return out * float64(h.Kernel*wd.Kernel)
	}
	return max(out, float64(numElements(b.in)))
}

// checkWork refuses a model whose forward pass would exceed MaxWork,
// naming the costliest layer.
func checkWork(layers []Layer) error {
	total, worst := 0.0, Layer(nil)
	for _, l := range layers {
		w := layerWork(l)
		total += w
		if worst == nil || w > layerWork(worst) {
			worst = l
		}
	}
	if total <= MaxWork {
		return nil
	}
	return errorf(ErrLimit, "the model needs %s multiply-adds per sample (%s alone %s), above the limit of %d (2^31, about 2 s in a browser)",
		giga(total), worst.Name(), giga(layerWork(worst)), MaxWork)
}

// giga writes a large count briefly: 15.4 G, 830 M.
func giga(x float64) string {
	switch {
	case x >= 1e9:
		return fmt.Sprintf("%.3g G", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%.3g M", x/1e6)
	}
	return fmt.Sprintf("%.0f", x)
}
