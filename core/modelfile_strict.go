package core

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	"io"
	"strconv"
	"strings"
)

// A model file is read strictly: every object of it, at any depth, is
// checked for a key given twice (encoding/json keeps the last one without
// a word), and every object the format defines is read key by key with
// fields, which refuses the keys it does not know.

// checkDuplicateKeys refuses a JSON document in which an object gives a
// key twice, naming the key and where it is: "weights[3]", "layers[0].config".
// The document is valid JSON by now; a syntax error is left to the reader
// that follows.
func checkDuplicateKeys(kind error, where string, doc []byte) error {
	type frame struct {
		object  bool
		keys    map[string]bool
		key     string // the object's current key
		index   int    // the array's current index
		wantKey bool   // the next string token of the object is a key
	}
	// jsontext reads the tokens without copying the values' text out (the
	// weights' long base64 strings), where encoding/json's Token copied each
	// of them: a tenth of loadModel's time in Chromium. The reader before
	// this one has accepted the document as encoding/json does, invalid
	// UTF-8 and duplicate keys included, and so does this one.
	d := jsontext.NewDecoder(bytes.NewReader(doc), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack[:len(stack)-1] {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(truncate(f.key))
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		if b.Len() == 0 {
			return "the top level"
		}
		return b.String()
	}
	// value records that a value ended inside the innermost container.
	value := func() {
		if len(stack) == 0 {
			return
		}
		top := stack[len(stack)-1]
		if top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
	for {
		tok, err := d.ReadToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // a syntax error: the reader that follows reports it
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok.Kind() {
		case '{':
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, wantKey: true})
		case '[':
			stack = append(stack, &frame{})
		case '}', ']':
			stack = stack[:len(stack)-1]
			value()
		case '"':
			if top != nil && top.object && top.wantKey {
				t := tok.String()
				if top.keys[t] {
					return errorf(kind, "%s: %s gives the key %s twice", where, path(), quote(truncate(t)))
				}
				top.keys[t], top.key, top.wantKey = true, t, false
				continue
			}
			value()
		default:
			value()
		}
	}
}

// decodeWeight reads the weights entry i: {layer, name, shape, data}, each
// required, nothing else.
func decodeWeight(i int, raw json.RawMessage) (fileWeight, error) {
	var w fileWeight
	f, err := newFields(ErrModelFile, "model file: weights["+itoa(i)+"]", raw)
	if err != nil {
		return w, err
	}
	for _, g := range []struct {
		key string
		dst any
	}{{"layer", &w.Layer}, {"name", &w.Name}, {"shape", &w.Shape}, {"data", &w.Data}} {
		if err := f.get(g.key, g.dst); err != nil {
			return w, err
		}
	}
	return w, f.finish()
}
