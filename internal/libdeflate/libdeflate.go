//go:build !nolibdeflate && (linux || freebsd || darwin) && (amd64 || arm64)

package libdeflate

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// names are the names the shared library is looked up by: Debian's
// libdeflate0 installs libdeflate.so.0.
var names = []string{"libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib"}

// api is the part of libdeflate used here. Its functions are safe for
// concurrent use; a decompressor is not.
type api struct {
	alloc func() uintptr
	free  func(d uintptr)
	// gzipDecompressEx inflates one gzip member from in into out, checks
	// its CRC-32 and ISIZE, and reports the bytes it consumed and wrote.
	gzipDecompressEx func(d uintptr, in unsafe.Pointer, inLen uintptr, out unsafe.Pointer, outLen uintptr,
		actualIn, actualOut *uintptr) int32
}

// load loads the library the first time it is called and returns the same
// result every time after. The process keeps the library: dlopen is
// process-wide.
var load = sync.OnceValues(func() (*api, error) {
	var errs []error
	for _, name := range names {
		h, err := purego.Dlopen(name, purego.RTLD_NOW|purego.RTLD_LOCAL)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a := &api{}
		purego.RegisterLibFunc(&a.alloc, h, "libdeflate_alloc_decompressor")
		purego.RegisterLibFunc(&a.free, h, "libdeflate_free_decompressor")
		purego.RegisterLibFunc(&a.gzipDecompressEx, h, "libdeflate_gzip_decompress_ex")
		return a, nil
	}
	return nil, fmt.Errorf("libdeflate could not be loaded (install libdeflate0): %w", errors.Join(errs...))
})

// libdeflate results (enum libdeflate_result).
const (
	resultSuccess           = 0
	resultInsufficientSpace = 3
)

// Decompressor is one libdeflate decompressor. It is not safe for
// concurrent use; Close frees it.
type Decompressor struct {
	api *api
	d   uintptr
}

// New loads libdeflate (once per process) and allocates a decompressor.
func New() (*Decompressor, error) {
	a, err := load()
	if err != nil {
		return nil, err
	}
	d := a.alloc()
	if d == 0 {
		return nil, errors.New("libdeflate: cannot allocate a decompressor")
	}
	return &Decompressor{api: a, d: d}, nil
}

// GzipMember inflates the gzip member at the start of in into out and
// returns the bytes it consumed and wrote. The member's CRC-32 and ISIZE
// are checked. ErrShortSpace means out is too small (nothing usable was
// written); ErrBadData covers every other failure, including a member cut
// short. Neither slice is kept after the call.
func (d *Decompressor) GzipMember(in, out []byte) (consumed, written int, err error) {
	if len(in) == 0 {
		return 0, 0, ErrBadData
	}
	var actualIn, actualOut uintptr
	var outPtr unsafe.Pointer
	if len(out) > 0 {
		outPtr = unsafe.Pointer(&out[0])
	}
	res := d.api.gzipDecompressEx(d.d, unsafe.Pointer(&in[0]), uintptr(len(in)), outPtr, uintptr(len(out)),
		&actualIn, &actualOut)
	runtime.KeepAlive(in)
	runtime.KeepAlive(out)
	switch res {
	case resultSuccess:
		return int(actualIn), int(actualOut), nil
	case resultInsufficientSpace:
		return 0, 0, ErrShortSpace
	}
	return 0, 0, ErrBadData
}

// Close frees the decompressor; it may be called more than once.
func (d *Decompressor) Close() {
	if d.d != 0 {
		d.api.free(d.d)
		d.d = 0
	}
}
