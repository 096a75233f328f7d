package core

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	"io"
	"strings"
	"unicode/utf8"
)

// Reading a model file key by key used to copy every value out of its
// container with json.Unmarshal into json.RawMessage: the weights' base64
// text (nine tenths of the file) was copied four times and scanned five,
// which, in the engine's first call in a browser (loadModel, run by
// WebAssembly's baseline compiler), cost more than the math of a
// prediction. The functions here split a container into sub-slices of its
// own text instead, in one pass that copies nothing, and give up (ok false)
// on anything unusual — a syntax error, a value of another type — so that
// the caller falls back on json.Unmarshal, which says what is wrong exactly
// as before. What they return is what json.Unmarshal would have.

// splitObject returns the members of the JSON object raw: each key, as
// json.Unmarshal into a map[string]json.RawMessage reads it, to its value's
// text. Like that map, a key given twice keeps its last value.
func splitObject(raw []byte) (m map[string]json.RawMessage, ok bool) {
	d, ok := splitter(raw, '{')
	if !ok {
		return nil, false
	}
	m = map[string]json.RawMessage{}
	for d.PeekKind() != '}' {
		tok, err := d.ReadToken()
		if err != nil {
			return nil, false
		}
		// An invalid UTF-8 key (read as U+FFFD) is left to json.Unmarshal.
		key := tok.String()
		if strings.ContainsRune(key, utf8.RuneError) {
			return nil, false
		}
		v, ok := nextValue(d, raw)
		if !ok {
			return nil, false
		}
		m[key] = v
	}
	return m, closed(d)
}

// splitArray returns the elements of the JSON array raw, as json.Unmarshal
// into a []json.RawMessage reads them.
func splitArray(raw []byte) (elems []json.RawMessage, ok bool) {
	d, ok := splitter(raw, '[')
	if !ok {
		return nil, false
	}
	elems = []json.RawMessage{}
	for d.PeekKind() != ']' {
		v, ok := nextValue(d, raw)
		if !ok {
			return nil, false
		}
		elems = append(elems, v)
	}
	return elems, closed(d)
}

// splitter reads raw up to its opening token, which must be open.
func splitter(raw []byte, open jsontext.Kind) (*jsontext.Decoder, bool) {
	// From a bytes.Buffer the decoder reads in place, without a copy.
	d := jsontext.NewDecoder(bytes.NewBuffer(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	tok, err := d.ReadToken()
	return d, err == nil && tok.Kind() == open
}

// nextValue skips d's next value and returns its text in raw, d's input.
func nextValue(d *jsontext.Decoder, raw []byte) (json.RawMessage, bool) {
	start := d.InputOffset()
	if d.SkipValue() != nil {
		return nil, false
	}
	// The value's text follows the separator (":" or ",") and white space
	// that SkipValue read past too.
	v := bytes.TrimLeft(raw[start:d.InputOffset()], " \t\r\n:,")
	return v[:len(v):len(v)], true
}

// closed reads the closing token of d's container and checks that nothing
// but white space follows it.
func closed(d *jsontext.Decoder) bool {
	if _, err := d.ReadToken(); err != nil {
		return false
	}
	_, err := d.ReadToken()
	return err == io.EOF
}

// simpleString returns the JSON string raw unquoted, when it has no escape
// and is valid UTF-8: then it is its own text between the quotes. raw is a
// valid JSON value (a value json.Unmarshal or a split above has read).
func simpleString(raw []byte) (string, bool) {
	n := len(raw)
	if n < 2 || raw[0] != '"' || raw[n-1] != '"' || bytes.IndexByte(raw, '\\') >= 0 || !utf8.Valid(raw) {
		return "", false
	}
	return string(raw[1 : n-1]), true
}
