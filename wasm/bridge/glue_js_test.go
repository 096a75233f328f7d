//go:build js && wasm

package bridge

import "testing"

// TestGlue checks that glue's module instantiates here (a browser with
// externref), and runs the tests of every path it shortens again without
// it, the way a browser without externref takes them.
func TestGlue(t *testing.T) {
	if !glue().ok {
		t.Fatal("the glue WebAssembly module did not instantiate")
	}
	saved := glue
	glue = func() glueFuncs { return glueFuncs{} }
	defer func() { glue = saved }()
	for name, test := range map[string]func(*testing.T){
		"HostileArgumentsReject":       TestHostileArgumentsReject,
		"PlainArgumentsAreReadOnce":    TestPlainArgumentsAreReadOnce,
		"Float32sCopiesTheViewedBytes": TestFloat32sCopiesTheViewedBytes,
		"OptionsReadsFields":           TestOptionsReadsFields,
		"OptionsErrors":                TestOptionsErrors,
	} {
		t.Run(name, test)
	}
}
