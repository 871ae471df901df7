//go:build !nolibdeflate && (linux || freebsd || darwin) && (amd64 || arm64)

package scan

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// libdeflateNames are the names the shared library is looked up by: the
// Debian package libdeflate0 installs libdeflate.so.0.
var libdeflateNames = []string{"libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib"}

// libdeflateAPI is the part of libdeflate flowq calls, loaded once per
// process through purego (no cgo). Its functions are safe for concurrent
// use; a decompressor is not, so each worker has its own.
type libdeflateAPI struct {
	alloc func() uintptr
	free  func(d uintptr)
	// gzipDecompressEx inflates one gzip member from in into out, checks
	// its CRC-32 and ISIZE, and reports the bytes it consumed and wrote.
	gzipDecompressEx func(d uintptr, in unsafe.Pointer, inLen uintptr, out unsafe.Pointer, outLen uintptr,
		actualIn, actualOut *uintptr) int32
}

// loadLibdeflate loads libdeflate the first time it is called and returns
// the same result every time after: the library, or why it is absent.
var loadLibdeflate = sync.OnceValues(func() (*libdeflateAPI, error) {
	var errs []error
	for _, name := range libdeflateNames {
		h, err := purego.Dlopen(name, purego.RTLD_NOW|purego.RTLD_LOCAL)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		api := &libdeflateAPI{}
		purego.RegisterLibFunc(&api.alloc, h, "libdeflate_alloc_decompressor")
		purego.RegisterLibFunc(&api.free, h, "libdeflate_free_decompressor")
		purego.RegisterLibFunc(&api.gzipDecompressEx, h, "libdeflate_gzip_decompress_ex")
		return api, nil
	}
	return nil, fmt.Errorf("libdeflate could not be loaded (install libdeflate0): %w", errors.Join(errs...))
})

// libdeflate results (enum libdeflate_result).
const (
	ldSuccess           = 0
	ldBadData           = 1
	ldShortOutput       = 2
	ldInsufficientSpace = 3
)

// libdeflateDecompressor is one worker's decompressor. It is not safe for
// concurrent use.
type libdeflateDecompressor struct {
	api *libdeflateAPI
	d   uintptr
}

func newLibdeflate() (wholeInflater, error) {
	api, err := loadLibdeflate()
	if err != nil {
		return nil, err
	}
	d := api.alloc()
	if d == 0 {
		return nil, errors.New("libdeflate: cannot allocate a decompressor")
	}
	return &libdeflateDecompressor{api: api, d: d}, nil
}

// member inflates the gzip member at the start of in into out, returning
// the bytes consumed and written, or errShortSpace when out is too small.
func (l *libdeflateDecompressor) member(in, out []byte) (consumed, written int, err error) {
	if len(in) == 0 {
		return 0, 0, errMemberData
	}
	var actualIn, actualOut uintptr
	var outPtr unsafe.Pointer
	if len(out) > 0 {
		outPtr = unsafe.Pointer(&out[0])
	}
	res := l.api.gzipDecompressEx(l.d, unsafe.Pointer(&in[0]), uintptr(len(in)), outPtr, uintptr(len(out)),
		&actualIn, &actualOut)
	runtime.KeepAlive(in)
	runtime.KeepAlive(out)
	switch res {
	case ldSuccess:
		return int(actualIn), int(actualOut), nil
	case ldInsufficientSpace:
		return 0, 0, errShortSpace
	}
	return 0, 0, errMemberData
}

func (l *libdeflateDecompressor) name() string { return InflateLibdeflate }

func (l *libdeflateDecompressor) close() {
	if l.d != 0 {
		l.api.free(l.d)
		l.d = 0
	}
}
