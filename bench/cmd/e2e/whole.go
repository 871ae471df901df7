package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"github.com/flowq/flowq/internal/libdeflate"
)

// wholeFiles inflates whole files with libdeflate, as flowq's
// InflateLibdeflate does: read the file, size the text from ISIZE, inflate
// member by member. One belongs to one goroutine.
type wholeFiles struct {
	d       *libdeflate.Decompressor
	in, out []byte
}

func (w *wholeFiles) decompress(path string) (int64, error) {
	if w.d == nil {
		d, err := libdeflate.New()
		if err != nil {
			return 0, err
		}
		w.d = d
	}
	in, err := readInto(path, w.in[:0])
	if err != nil {
		return 0, err
	}
	w.in = in
	if len(in) >= 18 {
		if n := int(binary.LittleEndian.Uint32(in[len(in)-4:])); n > cap(w.out) {
			w.out = make([]byte, n)
		}
	}
	w.out = w.out[:cap(w.out)]
	written := 0
	for pos := 0; pos < len(in); {
		c, n, err := w.d.GzipMember(in[pos:], w.out[written:])
		if errors.Is(err, libdeflate.ErrShortSpace) {
			w.out = append(w.out[:written], make([]byte, max(4096, len(w.out)))...)
			w.out = w.out[:cap(w.out)]
			continue
		}
		if err != nil {
			return int64(written), fmt.Errorf("%s: %w", path, err)
		}
		pos, written = pos+c, written+n
	}
	return int64(written), nil
}

func (w *wholeFiles) close() {
	if w.d != nil {
		w.d.Close()
	}
}

// readInto reads the file at path into buf, growing it.
func readInto(path string, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if int64(cap(buf)) < st.Size() {
		buf = make([]byte, 0, st.Size())
	}
	buf = buf[:st.Size()]
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return buf, nil
}
