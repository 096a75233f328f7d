//go:build js && wasm

package bridge

import (
	"sync"
	"syscall/js"
)

// A property name passed to Value.Get or Value.Set as a Go string crosses
// the boundary on every call: wasm_exec.js decodes its UTF-8 with a
// TextDecoder into a new JavaScript string. The names a method reads per
// call are few and fixed, so each is made a JavaScript string once and
// passed by reference to Reflect.get and Reflect.set; JavaScript strings
// of equal contents are the same js.Value, so no finalizer is added either.
var keyCache struct {
	sync.Mutex
	m map[string]js.Value
}

// jsKey returns name as a JavaScript string, made at its first use.
func jsKey(name string) js.Value {
	keyCache.Lock()
	defer keyCache.Unlock()
	k, ok := keyCache.m[name]
	if !ok {
		if keyCache.m == nil {
			keyCache.m = make(map[string]js.Value)
		}
		k = js.ValueOf(name)
		keyCache.m[name] = k
	}
	return k
}

// Get returns the property name of the object v, as v.Get(name) does,
// without copying name into JavaScript on each call.
func Get(v js.Value, name string) js.Value { return intrinsics.get.Invoke(v, jsKey(name)) }

// Set sets the property name of the object v to x, as v.Set(name, x)
// does, without copying name into JavaScript on each call.
func Set(v js.Value, name string, x any) { intrinsics.set.Invoke(v, jsKey(name), x) }
