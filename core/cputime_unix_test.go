//go:build unix

package core

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used so far. The
// benchmarks report it per operation because the development machine is
// shared: wall time there says more about the neighbours than about the code.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
