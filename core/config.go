package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// decodeConfig fills cfg, a pointer to a config struct, from the JSON
// object raw, field by field in the struct's order, so that a missing
// field, a field of the wrong type and an unknown field each get their own
// clear error, prefixed by where and matching kind. With strict (model
// files) every field must be present; otherwise missing fields keep the
// values cfg holds (the Keras defaults).
func decodeConfig(kind error, where string, raw []byte, cfg any, strict bool) error {
	f, err := newFields(kind, where, raw)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	for i := range t.NumField() {
		key := t.Field(i).Tag.Get("json")
		if !strict && !f.has(key) {
			continue
		}
		if err := f.get(key, v.Field(i).Addr().Interface()); err != nil {
			return err
		}
	}
	return f.finish()
}

// fields reads a JSON object key by key.
type fields struct {
	kind  error
	where string
	m     map[string]json.RawMessage
	used  map[string]bool
}

func newFields(kind error, where string, raw []byte) (*fields, error) {
	m, ok := splitObject(raw)
	if !ok {
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			return nil, errorf(kind, "%s: %s", where, jsonProblem(err, "a JSON object"))
		}
	}
	return &fields{kind: kind, where: where, m: m, used: map[string]bool{}}, nil
}

func (f *fields) has(key string) bool {
	_, ok := f.m[key]
	return ok
}

// get decodes the required key into dst. null is accepted only where dst
// is a pointer to a pointer (an optional setting such as max_value).
func (f *fields) get(key string, dst any) error {
	raw, ok := f.m[key]
	if !ok {
		return errorf(f.kind, "%s: missing field %q", f.where, key)
	}
	f.used[key] = true
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if p := reflect.ValueOf(dst).Elem(); p.Kind() == reflect.Pointer {
			p.SetZero()
			return nil
		}
		return errorf(f.kind, "%s: field %q is null", f.where, key)
	}
	var err error
	switch d := dst.(type) {
	case *string:
		if s, ok := simpleString(raw); ok {
			*d = s
		} else {
			err = json.Unmarshal(raw, dst)
		}
	case *[]json.RawMessage:
		if elems, ok := splitArray(raw); ok {
			*d = elems
		} else {
			err = json.Unmarshal(raw, dst)
		}
	case *[2]int:
		*d, err = pair(raw)
	case **[2]int:
		*d = new([2]int)
		**d, err = pair(raw)
	default:
		err = json.Unmarshal(raw, dst)
	}
	var n pairLength
	if errors.As(err, &n) {
		return errorf(f.kind, "%s: field %q must have 2 values, got %d", f.where, key, int(n))
	}
	if err != nil {
		var ce *coreError
		if errors.As(err, &ce) {
			return errorf(f.kind, "%s: field %q: %s", f.where, key, ce.msg)
		}
		return errorf(f.kind, "%s: field %q: %s", f.where, key, jsonProblem(err, ""))
	}
	return nil
}

// pair decodes a window setting: one number for both axes, as Keras
// accepts, or a list of exactly two (a [2]int would silently accept lists
// of other lengths).
func pair(raw []byte) ([2]int, error) {
	// A list, as files write them, is no number: not trying one saves
	// building and dropping an error (the first loadModel compiles
	// encoding/json's error paths otherwise).
	if !bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte("[")) {
		var n int
		if json.Unmarshal(raw, &n) == nil {
			return [2]int{n, n}, nil
		}
	}
	var v []int
	if err := json.Unmarshal(raw, &v); err != nil {
		return [2]int{}, err
	}
	if len(v) != 2 {
		return [2]int{}, pairLength(len(v))
	}
	return [2]int{v[0], v[1]}, nil
}

// pairLength is the length of a list that should have been a pair.
type pairLength int

func (n pairLength) Error() string { return "a list of " + itoa(int(n)) + " values" }

// finish rejects keys that were not read.
func (f *fields) finish() error {
	var unknown []string
	for k := range f.m {
		if !f.used[k] {
			unknown = append(unknown, quote(truncate(k)))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return errorf(f.kind, "%s: unknown field %s", f.where, strings.Join(unknown, ", "))
	}
	return nil
}

// jsonProblem turns an encoding/json error into a sentence about the
// document rather than about Go types. want describes the expected value
// when the whole value has the wrong type.
func jsonProblem(err error, want string) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return "must be " + want + ", got null"
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d: %s", syn.Offset, truncate(syn.Error()))
	case errors.As(err, &typ):
		at := ""
		if typ.Field != "" {
			at = " at " + truncate(typ.Field)
		}
		return fmt.Sprintf("value%s must be %s, got %s", at, describeKind(typ.Type.Kind()), typ.Value)
	}
	return truncate(err.Error())
}

func describeKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}
