//go:build unix

package filter

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time this process has used. Benchmarks report it
// per op next to wall time because the shared build machine is often
// oversubscribed, which inflates ns/op but not CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
