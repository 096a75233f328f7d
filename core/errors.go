package core

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is; its Error text is a plain explanation meant to be shown to a
// person as it is (for example "conv2: output width floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0").
var (
	// ErrShape reports a configuration whose output would be empty or
	// whose shapes do not fit together.
	ErrShape = errors.New("core: impossible shape")
	// ErrConfig reports an invalid layer or op setting (unknown activation,
	// non-positive stride, dropout rate outside [0, 1), ...).
	ErrConfig = errors.New("core: invalid configuration")
	// ErrInput reports data that does not match its declared shape or
	// contains NaN or infinity.
	ErrInput = errors.New("core: invalid input")
	// ErrLimit reports a size above the hard limits (MaxSide, MaxElements,
	// MaxLayers, MaxModelBytes).
	ErrLimit = errors.New("core: size limit exceeded")
	// ErrModelFile reports a malformed or inconsistent model document.
	ErrModelFile = errors.New("core: invalid model file")
	// ErrDiverged reports a training step whose loss or weights became
	// NaN or infinite; the step is undone, the model keeps its last good
	// weights.
	ErrDiverged = errors.New("core: training diverged")
	// ErrLossDiverged is the ErrDiverged of a step whose loss was already
	// NaN, infinite or exploded (above ExplodedLoss) before its update
	// (errors.Is matches both): the
	// weights the step started from are not good either, and a caller
	// that kept the ones from before the previous step can go back to them.
	ErrLossDiverged = fmt.Errorf("%w: the loss", ErrDiverged)
	// ErrNoLayer reports a layer name that is not in the model or a layer
	// of the wrong kind for the request.
	ErrNoLayer = errors.New("core: no such layer")
)

// Hard limits. They keep every allocation bounded whatever a caller or a
// model file asks for.
const (
	MaxSide       = 4096     // any single dimension: height, width, channels, filters, units, kernel size, stride, padding
	MaxElements   = 1 << 26  // elements in any one tensor (activation, kernel, intermediate buffer)
	MaxLayers     = 64       // layers in a model
	MaxModelBytes = 32 << 20 // bytes in a model document
)

// coreError carries a human-readable message and the sentinel it belongs to.
type coreError struct {
	kind error
	msg  string
}

func (e *coreError) Error() string { return e.msg }
func (e *coreError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &coreError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// prefixed returns err with its message prefixed by prefix, keeping its sentinel.
func prefixed(prefix string, err error) error {
	var ce *coreError
	if errors.As(err, &ce) {
		return &coreError{kind: ce.kind, msg: prefix + ": " + ce.msg}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}
