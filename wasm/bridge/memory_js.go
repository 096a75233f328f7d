//go:build js && wasm

package bridge

// MemoryBytes returns the size of the WebAssembly linear memory: the Go
// heap, stacks and static data together. It only ever grows, so equal
// readings before and after a workload mean the workload needed no new
// memory.
func MemoryBytes() int {
	return int(memoryPages()) * wasmPageSize
}

// wasmPageSize is the unit of WebAssembly memory.grow: 64 KiB.
const wasmPageSize = 64 << 10

// memoryPages is the memory.size instruction (memory_js_wasm.s).
func memoryPages() int32
