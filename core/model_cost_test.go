package core

import (
	"errors"
	"strings"
	"testing"
)

func TestCostOfTheSeedNet(t *testing.T) {
	m, err := NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	c := m.Cost()
	// conv1 32·32 positions × 5·5·1·10, pool1 16·16·10 × 2·2, conv2 16·16 ×
	// 5·5·10·30, pool2 8·8·30 × 2·2, flatten and dropout 1920 each, dense
	// 1920·10, softmax 10.
	want := 32*32*250 + 16*16*10*4 + 16*16*7500 + 8*8*30*4 + 1920 + 1920 + 19200 + 10
	if c.Work != float64(want) {
		t.Errorf("Work = %v, want %d", c.Work, want)
	}
	if c.Params != m.TotalParams() {
		t.Errorf("Params = %d, want %d", c.Params, m.TotalParams())
	}
	if acts := 32*32*10 + 16*16*10 + 16*16*30 + 8*8*30 + 1920 + 1920 + 10 + 10; c.Activations != acts {
		t.Errorf("Activations = %d, want %d", c.Activations, acts)
	}
}

func TestModelAboveTheWorkLimitIsRefused(t *testing.T) {
	// 256·256 positions × 3·3·64·64: 2.4 G multiply-adds in conv2 alone
	// (the model froze a page for 14.5 s on each predict).
	_, err := NewModel(ModelSpec{InputShape: []int{256, 256, 64}, Layers: []LayerSpec{
		spec("Conv2D", `{"name": "conv1", "filters": 64, "kernel_size": 1}`),
		spec("Conv2D", `{"name": "conv2", "filters": 64, "kernel_size": 3, "padding": "same"}`),
	}})
	want := "the model needs 2.68 G multiply-adds per sample (conv2 alone 2.42 G), above the limit of 2147483648"
	if !errors.Is(err, ErrLimit) || err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
