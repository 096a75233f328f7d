//go:build js && wasm

package api

import "math"

// refNet is the seed network without dropout — input h×w×1 →
// Conv2D(c1, k×k, same, relu) → MaxPool2D(2) → Conv2D(c2, k×k, same, relu)
// → MaxPool2D(2) → Flatten → Dense(classes) → softmax cross-entropy — in
// float64, written from the textbook definitions with plain loops and
// nothing from core, as an independent check of training through the API.
// Layouts are Keras's: activations HWC, kernels HWIO, dense kernels
// [in, units], Flatten in HWC order.
type refNet struct {
	h, w, k, c1, c2, classes int
	k1, b1, k2, b2, wd, bd   []float64
}

// params lists the weights in model order: kernel then bias, layer by layer.
func (n *refNet) params() [][]float64 {
	return [][]float64{n.k1, n.b1, n.k2, n.b2, n.wd, n.bd}
}

// sgdStep does one step of plain SGD, w −= lr·g with g the mean gradient
// over the batch, and returns the mean loss before the step.
func (n *refNet) sgdStep(xs [][]float64, labels []int, lr float64) float64 {
	ps := n.params()
	sum := make([][]float64, len(ps))
	for i, p := range ps {
		sum[i] = make([]float64, len(p))
	}
	loss := 0.0
	for s, x := range xs {
		l, g := n.lossGrad(x, labels[s])
		loss += l
		for i := range g {
			for j := range g[i] {
				sum[i][j] += g[i][j]
			}
		}
	}
	batch := float64(len(xs))
	for i, p := range ps {
		for j := range p {
			p[j] -= lr * sum[i][j] / batch
		}
	}
	return loss / batch
}

// lossGrad returns one sample's cross-entropy and its gradient with
// respect to every weight, in params order.
func (n *refNet) lossGrad(x []float64, label int) (float64, [][]float64) {
	h1, w1 := n.h, n.w
	z1 := convSame(x, h1, w1, 1, n.k1, n.b1, n.k, n.c1)
	a1 := relu(z1)
	p1, arg1, h2, w2 := maxPool2(a1, h1, w1, n.c1)
	z2 := convSame(p1, h2, w2, n.c1, n.k2, n.b2, n.k, n.c2)
	a2 := relu(z2)
	p2, arg2, _, _ := maxPool2(a2, h2, w2, n.c2)
	logits := dense(p2, n.wd, n.bd, n.classes)

	// Softmax cross-entropy: log Σ exp(z) − z[label]; its gradient is p − onehot.
	top := logits[0]
	for _, z := range logits {
		top = math.Max(top, z)
	}
	total := 0.0
	for _, z := range logits {
		total += math.Exp(z - top)
	}
	loss := top + math.Log(total) - logits[label]
	dLogits := make([]float64, len(logits))
	for j, z := range logits {
		dLogits[j] = math.Exp(z-top) / total
	}
	dLogits[label]--

	dWd, dBd, dP2 := denseBack(p2, n.wd, dLogits)
	dA2 := unpool(dP2, arg2, len(a2))
	dZ2 := reluBack(z2, dA2)
	dK2, dB2, dP1 := convSameBack(p1, h2, w2, n.c1, n.k2, n.k, n.c2, dZ2)
	dA1 := unpool(dP1, arg1, len(a1))
	dZ1 := reluBack(z1, dA1)
	dK1, dB1, _ := convSameBack(x, h1, w1, 1, n.k1, n.k, n.c1, dZ1)
	return loss, [][]float64{dK1, dB1, dK2, dB2, dWd, dBd}
}

// convSame is a stride-1 cross-correlation of an h×w×c input with f
// kernels k×k×c (HWIO) plus bias, zero-padded by (k−1)/2 before and the
// rest after, so the output is h×w×f (TensorFlow's 'same').
func convSame(x []float64, h, w, c int, kernel, bias []float64, k, f int) []float64 {
	out := make([]float64, h*w*f)
	var taps []int
	for y := range h {
		for xx := range w {
			taps = sameTaps(taps, y, xx, h, w, c, k)
			for o := range f {
				s := bias[o]
				for t, xi := range taps {
					if xi >= 0 {
						s += x[xi] * kernel[t*f+o]
					}
				}
				out[(y*w+xx)*f+o] = s
			}
		}
	}
	return out
}

// convSameBack returns the gradients of convSame's kernel, bias and input
// from the gradient dOut of its output.
func convSameBack(x []float64, h, w, c int, kernel []float64, k, f int, dOut []float64) (dK, dB, dX []float64) {
	dK, dB, dX = make([]float64, len(kernel)), make([]float64, f), make([]float64, len(x))
	var taps []int
	for y := range h {
		for xx := range w {
			taps = sameTaps(taps, y, xx, h, w, c, k)
			for o := range f {
				d := dOut[(y*w+xx)*f+o]
				if d == 0 {
					continue // most cells: relu was off or pooling passed them over
				}
				dB[o] += d
				for t, xi := range taps {
					if xi >= 0 {
						dK[t*f+o] += x[xi] * d
						dX[xi] += kernel[t*f+o] * d
					}
				}
			}
		}
	}
	return dK, dB, dX
}

// sameTaps lists, in dst, the input index each kernel tap (ky, kx, ci) reads
// for output cell (y, x) of convSame — tap t is kernel row t of the HWIO
// kernel — or −1 where it falls on the padding.
func sameTaps(dst []int, y, x, h, w, c, k int) []int {
	pad := (k - 1) / 2
	dst = dst[:0]
	for ky := range k {
		for kx := range k {
			iy, ix := y+ky-pad, x+kx-pad
			for ci := range c {
				if iy < 0 || iy >= h || ix < 0 || ix >= w {
					dst = append(dst, -1)
				} else {
					dst = append(dst, (iy*w+ix)*c+ci)
				}
			}
		}
	}
	return dst
}

func relu(z []float64) []float64 {
	a := make([]float64, len(z))
	for i, v := range z {
		a[i] = math.Max(v, 0)
	}
	return a
}

// reluBack passes the gradient where the input was positive (relu'(0) = 0).
func reluBack(z, dA []float64) []float64 {
	dZ := make([]float64, len(z))
	for i, v := range z {
		if v > 0 {
			dZ[i] = dA[i]
		}
	}
	return dZ
}

// maxPool2 is 2×2 max pooling with stride 2 of an h×w×c input (h and w
// even). arg[i] is the input index output i came from: the first maximum
// in row-major window order.
func maxPool2(a []float64, h, w, c int) (out []float64, arg []int, oh, ow int) {
	oh, ow = h/2, w/2
	out, arg = make([]float64, oh*ow*c), make([]int, oh*ow*c)
	for y := range oh {
		for x := range ow {
			for ch := range c {
				o := (y*ow+x)*c + ch
				arg[o] = -1
				for dy := range 2 {
					for dx := range 2 {
						i := ((2*y+dy)*w+2*x+dx)*c + ch
						if arg[o] < 0 || a[i] > out[o] {
							out[o], arg[o] = a[i], i
						}
					}
				}
			}
		}
	}
	return out, arg, oh, ow
}

// unpool routes each output gradient to the input cell it came from.
func unpool(dOut []float64, arg []int, n int) []float64 {
	dIn := make([]float64, n)
	for o, i := range arg {
		dIn[i] += dOut[o]
	}
	return dIn
}

// dense is bias + input · kernel with a [len(in), units] kernel.
func dense(in, kernel, bias []float64, units int) []float64 {
	out := append([]float64(nil), bias...)
	for i, v := range in {
		for j := range units {
			out[j] += v * kernel[i*units+j]
		}
	}
	return out
}

// denseBack returns the gradients of dense's kernel, bias and input.
func denseBack(in, kernel, dOut []float64) (dW, dB, dIn []float64) {
	units := len(dOut)
	dW, dB, dIn = make([]float64, len(kernel)), append([]float64(nil), dOut...), make([]float64, len(in))
	for i, v := range in {
		for j, d := range dOut {
			dW[i*units+j] = v * d
			dIn[i] += kernel[i*units+j] * d
		}
	}
	return dW, dB, dIn
}
