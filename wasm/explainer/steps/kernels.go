package steps

import (
	"slices"
	"strings"

	"github.com/svertka/svertka/core"
)

// Presets lists the kernel presets in the order the page offers them: core's
// (core.KernelPresets), so that the explainer and the playground's lab name
// and compute the same kernels.
var Presets = core.KernelPresets()

// Preset returns the size×size kernel of a preset, row by row, as
// core.KernelPreset defines it (the textbook kernel at 3×3). This layer
// only keeps the explainer's own limit (MaxKernel) and its messages in the
// page's language.
func Preset(name string, size int) ([]float32, error) {
	if size < 1 || size > MaxKernel {
		return nil, newError(ErrConfig, "param-range", "ksize", 1, MaxKernel, size)
	}
	if !slices.Contains(Presets, name) {
		return nil, newError(ErrConfig, "kernel", name, strings.Join(Presets, ", "))
	}
	return core.KernelPreset(name, size, size)
}
