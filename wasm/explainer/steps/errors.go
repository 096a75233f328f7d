package steps

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is. Its Error text is the English explanation; Message gives it
// in another language, because the explainer shows it to a person as it is.
var (
	// ErrConfig reports a setting outside what the explainer supports
	// (unknown scene or preset, stride 9, 12 kernel values for a 3×3 kernel, ...).
	ErrConfig = errors.New("steps: invalid setting")
	// ErrShape reports settings whose output would be empty; the message
	// carries the output-size formula with the numbers.
	ErrShape = errors.New("steps: impossible shape")
	// ErrImage reports image data that cannot be used as an input.
	ErrImage = errors.New("steps: invalid image")
)

// Inputs the host has not supplied (yet).
var (
	ErrNoDrawing error = newError(ErrImage, "no-drawing")
	ErrNoUpload  error = newError(ErrImage, "no-upload")
)

// Error is an error of this package: a message key with its arguments, so
// that the page can show it in the reader's language.
type Error struct {
	kind error
	key  string
	args []any
}

func newError(kind error, key string, args ...any) *Error {
	return &Error{kind: kind, key: key, args: args}
}

// Error returns the English message.
func (e *Error) Error() string { return e.Message("en") }

// Unwrap returns the sentinel the error belongs to.
func (e *Error) Unwrap() error { return e.kind }

// Message returns the message in lang ("en" or "ru"; anything else is English).
func (e *Error) Message(lang string) string {
	return fmt.Sprintf(text(lang, e.key), e.args...)
}

// Message returns err's text in lang when it is an *Error of this package,
// and err.Error() otherwise.
func Message(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	return err.Error()
}
