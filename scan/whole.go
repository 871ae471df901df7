package scan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/flowq/flowq/internal/libdeflate"
)

// The inflaters Options.Inflate chooses between.
const (
	// InflateAuto uses libdeflate when it loads, else InflateGo. The
	// environment variable FLOWQ_INFLATE, when set, chooses instead.
	InflateAuto = "auto"
	// InflateGo streams every gzip object through klauspost/compress.
	InflateGo = "go"
	// InflateLibdeflate reads each gzip object of known size up to
	// WholeInflateLimit into memory and inflates it whole with the system's
	// libdeflate (loaded at run time, no cgo), checking every member's
	// CRC-32 and length before any of its records is delivered. Larger
	// objects, standard input and objects libdeflate rejects stream
	// through klauspost/compress as with InflateGo, so errors read the
	// same with either.
	InflateLibdeflate = "libdeflate"
)

// InflateEnv names the environment variable that chooses the inflater
// when Options.Inflate is "" or InflateAuto.
const InflateEnv = "FLOWQ_INFLATE"

// Memory bounds of whole-object inflation.
const (
	// WholeInflateLimit is the largest gzip object (compressed bytes)
	// inflated whole; larger ones stream.
	WholeInflateLimit = 64 << 20
	// WholeInflateBudget bounds the buffers all workers of a scan hold for
	// whole-object inflation, compressed and inflated together. A worker
	// whose object does not fit in what is left streams it instead of
	// waiting. Each worker keeps its buffers for the next object.
	WholeInflateBudget = 512 << 20
)

// ResolveInflate says which inflater a scan with this Options.Inflate
// uses: InflateGo or InflateLibdeflate. It fails for an unknown name, or
// when libdeflate is asked for and cannot be loaded.
func ResolveInflate(mode string) (string, error) {
	source := "--inflate"
	if mode == "" || mode == InflateAuto {
		if env := os.Getenv(InflateEnv); env != "" {
			mode, source = env, InflateEnv
		}
	}
	switch mode {
	case "", InflateAuto:
		if _, err := newLibdeflateChecked(); err != nil {
			return InflateGo, nil
		}
		return InflateLibdeflate, nil
	case InflateGo:
		return InflateGo, nil
	case InflateLibdeflate:
		if _, err := newLibdeflateChecked(); err != nil {
			return "", fmt.Errorf("%s=%s: %w", source, mode, err)
		}
		return InflateLibdeflate, nil
	}
	return "", fmt.Errorf("%s=%q: unknown inflater (use auto, go or libdeflate)", source, mode)
}

// newLibdeflateChecked makes and frees a decompressor, to learn whether
// libdeflate works here.
func newLibdeflateChecked() (bool, error) {
	d, err := libdeflate.New()
	if err != nil {
		return false, err
	}
	d.Close()
	return true, nil
}

// budget is the bytes of whole-inflation buffers the workers may still
// take. It is safe for concurrent use.
type budget struct{ left atomic.Int64 }

func newBudget(n int64) *budget {
	b := &budget{}
	b.left.Store(n)
	return b
}

// take reserves n bytes if they are left.
func (b *budget) take(n int64) bool {
	if b.left.Add(-n) >= 0 {
		return true
	}
	b.left.Add(n)
	return false
}

func (b *budget) give(n int64) { b.left.Add(n) }

// wholeBuffers are one worker's buffers for whole-object inflation, and
// the bytes of the scan's budget they hold. Not safe for concurrent use.
type wholeBuffers struct {
	inflater *libdeflate.Decompressor
	budget   *budget
	in, out  []byte
	held     int64
}

// grow makes *buf hold at least n bytes, within the budget, keeping its
// contents.
func (w *wholeBuffers) grow(buf *[]byte, n int) bool {
	if cap(*buf) >= n {
		*buf = (*buf)[:n]
		return true
	}
	need := int64(n - cap(*buf))
	if !w.budget.take(need) {
		return false
	}
	w.held += need
	grown := make([]byte, n)
	copy(grown, (*buf)[:cap(*buf)])
	*buf = grown
	return true
}

func (w *wholeBuffers) release() {
	w.budget.give(w.held)
	w.held, w.in, w.out = 0, nil, nil
	w.inflater.Close()
}

// inflateWhole reads the rest of a gzip stream of size bytes into memory
// and inflates it whole. It returns the text, which stays the worker's
// until its next object, or nil with the stream to decode instead — the
// bytes it read followed by the rest — when the object does not fit, is
// not the size listed, or libdeflate rejects it: klauspost/compress then
// reads it and reports any damage as it always has. err is a failure to
// read the object.
func (w *wholeBuffers) inflateWhole(br io.Reader, size int64) (text []byte, stream io.Reader, err error) {
	if size < 0 || size > WholeInflateLimit || !w.grow(&w.in, int(size)+1) {
		return nil, br, nil
	}
	n, err := io.ReadFull(br, w.in)
	in := w.in[:n]
	switch {
	case err == nil: // longer than listed: it changed since
		return nil, io.MultiReader(bytes.NewReader(in), br), nil
	case !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF):
		return nil, nil, err
	case int64(n) != size:
		return nil, bytes.NewReader(in), nil
	}
	out, ok := w.members(in)
	if !ok {
		return nil, bytes.NewReader(in), nil
	}
	return out, nil, nil
}

// gzip header flags libdeflate does not check as klauspost/compress does:
// a header CRC (FHCRC), which klauspost verifies and libdeflate skips.
const gzipFlagHeaderCRC = 0x02

// members inflates every gzip member of in into w.out, growing it as
// needed, and reports false if any member fails or the text does not fit.
func (w *wholeBuffers) members(in []byte) ([]byte, bool) {
	if !w.grow(&w.out, initialTextSize(in)) {
		return nil, false
	}
	out := w.out[:cap(w.out)]
	written := 0
	for pos := 0; pos < len(in); {
		if len(in)-pos > 3 && in[pos+3]&gzipFlagHeaderCRC != 0 {
			return nil, false
		}
		c, n, err := w.inflater.GzipMember(in[pos:], out[written:])
		if errors.Is(err, libdeflate.ErrShortSpace) {
			if !w.grow(&w.out, 2*len(out)) {
				return nil, false
			}
			out = w.out[:cap(w.out)]
			continue
		}
		if err != nil || c == 0 {
			return nil, false
		}
		pos, written = pos+c, written+n
	}
	return out[:written], true
}

// initialTextSize guesses the text's size from the last member's ISIZE:
// exact for the single-member objects AWS writes (below 4 GiB), too small
// for several members, whose output then grows.
func initialTextSize(in []byte) int {
	n := 4 * len(in)
	if len(in) >= 18 {
		n = int(binary.LittleEndian.Uint32(in[len(in)-4:]))
	}
	return max(n, 4096)
}
