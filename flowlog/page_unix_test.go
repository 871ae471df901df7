//go:build unix

package flowlog

import (
	"syscall"
	"testing"
)

// guardedPage returns a readable, writable page followed by one that
// cannot be read, unmapped when the test ends.
func guardedPage(t *testing.T) ([]byte, bool) {
	size := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Logf("no guarded page: %v", err)
		return nil, false
	}
	t.Cleanup(func() { _ = syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size:], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	return mem[:size:size], true
}
