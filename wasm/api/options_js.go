//go:build js && wasm

package api

import (
	"fmt"
	"reflect"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/wasm/bridge"
)

// Settings that are plain core structs (core.AugmentParams,
// core.EarlyStopping, the schedules) are read field by field: each
// exported field is an option named in lowerCamelCase (MinDelta: minDelta),
// so no list of their fields is kept here.

// structKeys lists the option names of the fields of the struct type t,
// the fields of embedded structs included.
func structKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Anonymous:
			keys = append(keys, structKeys(f.Type)...)
		case f.IsExported():
			keys = append(keys, optionName(f.Name))
		}
	}
	return keys
}

func optionName(field string) string { return strings.ToLower(field[:1]) + field[1:] }

// readStruct sets the fields of the struct dst points to from the options
// of o that are present; the others keep their values. Numbers must be
// finite, integers whole and pairs [a, b] of numbers.
func readStruct(o *bridge.Options, dst any) {
	v := reflect.ValueOf(dst).Elem()
	for i := range v.NumField() {
		f, t := v.Field(i), v.Type().Field(i)
		if t.Anonymous {
			readStruct(o, f.Addr().Interface())
			continue
		}
		key := optionName(t.Name)
		if !t.IsExported() || !o.Has(key) {
			continue
		}
		switch f.Kind() {
		case reflect.Float64, reflect.Float32:
			f.SetFloat(o.Float(key, 0))
		case reflect.Int:
			f.SetInt(int64(o.Int(key, 0)))
		case reflect.String:
			f.SetString(o.String(key, ""))
		case reflect.Bool:
			b := o.Value(key)
			if b.Type() != js.TypeBoolean {
				o.Fail(fmt.Errorf("%s must be true or false, got %s", key, bridge.Describe(b)))
				continue
			}
			f.SetBool(b.Bool())
		case reflect.Array: // [2]float64
			p := o.Value(key)
			if !bridge.IsArray(p) || p.Length() != 2 {
				o.Fail(fmt.Errorf("%s must be two numbers [from, to], got %s", key, bridge.Describe(p)))
				continue
			}
			for j := range 2 {
				x, err := bridge.Float(key, p.Index(j))
				if err != nil {
					o.Fail(fmt.Errorf("%s must be two numbers [from, to], got %s", key, bridge.Describe(p)))
				}
				f.Index(j).SetFloat(x)
			}
		default:
			panic("api: readStruct cannot read a " + f.Kind().String())
		}
	}
}
