package scan

import (
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Content kinds, by their first bytes. AWS writes gzip (and Parquet);
// zstd, bzip2 and xz are how people recompress copies of objects.
var (
	gzipMagic    = []byte{0x1f, 0x8b}
	zstdMagic    = []byte{0x28, 0xb5, 0x2f, 0xfd}
	bzip2Magic   = []byte("BZh")
	xzMagic      = []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}
	parquetMagic = []byte("PAR1")
)

// sniff decides the content kind by its magic bytes and returns the text
// stream (a decompressor over s.br, or s.br itself for plain text), or nil
// for an empty stream. It sets s.codec.
func (s *streamScanner) sniff() (io.Reader, error) {
	s.codec = ""
	magic, err := s.br.Peek(len(xzMagic))
	switch {
	case len(magic) == 0 && errors.Is(err, io.EOF):
		return nil, nil
	case len(magic) < 2 && err != nil:
		return nil, fmt.Errorf("read: %w", err)
	case bytes.HasPrefix(magic, parquetMagic):
		return nil, ErrParquet
	case bytes.HasPrefix(magic, gzipMagic):
		s.codec = "gzip"
		return s.gzipText()
	case bytes.HasPrefix(magic, zstdMagic):
		s.codec = "zstd"
		return s.zstdReader()
	case bytes.HasPrefix(magic, bzip2Magic) && len(magic) > 3 && magic[3] >= '1' && magic[3] <= '9':
		s.codec = "bzip2"
		return bzip2.NewReader(s.br), nil
	case bytes.HasPrefix(magic, xzMagic):
		s.codec = "xz"
		zr, err := xz.NewReader(s.br)
		if err != nil {
			return nil, s.describe(err)
		}
		return zr, nil
	}
	return s.br, nil
}

// gzipText inflates a gzip object whole with libdeflate where it can
// (see InflateLibdeflate), and otherwise streams it through the worker's
// gzip reader.
func (s *streamScanner) gzipText() (io.Reader, error) {
	if s.whole == nil {
		s.gzipStreamed = 1
		return s.gzip(s.br)
	}
	text, stream, err := s.whole.inflateWhole(s.br, s.size)
	switch {
	case err != nil:
		return nil, s.describe(err)
	case text != nil:
		s.verified, s.gzipWhole, s.inflated = true, 1, text
		s.inflatedText.Reset(text)
		return &s.inflatedText, nil
	}
	s.gzipStreamed = 1
	return s.gzip(stream)
}

// gzip returns the worker's gzip reader, reset for the stream r.
func (s *streamScanner) gzip(r io.Reader) (io.Reader, error) {
	if s.zr == nil {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, s.describe(err)
		}
		s.zr = zr
		return zr, nil
	}
	if err := s.zr.Reset(r); err != nil {
		return nil, s.describe(err)
	}
	return s.zr, nil
}

// zstdReader returns the worker's zstd decoder, reset for the stream.
// One goroutine decodes, as the worker is itself one of many.
func (s *streamScanner) zstdReader() (io.Reader, error) {
	if s.zstd == nil {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, err
		}
		s.zstd = d
	}
	if err := s.zstd.Reset(s.br); err != nil {
		return nil, s.describe(err)
	}
	return s.zstd, nil
}

// close releases what the worker keeps between streams.
func (s *streamScanner) close() {
	if s.zstd != nil {
		s.zstd.Close()
	}
	if s.whole != nil {
		s.whole.release()
	}
}

// describe says whether a failure under the text came from the transport
// (the file or the S3 body) or from the data: compressed data that fails
// its integrity check or does not decode (ErrCorrupt), or that ends early
// (truncated: the lines before the cut are genuine).
func (s *streamScanner) describe(err error) error {
	switch {
	case s.in.err != nil || s.codec == "":
		return fmt.Errorf("read: %w", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated %s data (the lines before the cut were read): %w", s.codec, err)
	}
	return &corruptError{codec: s.codec, err: err}
}

// corruptError is compressed data that failed its integrity check. It is
// ErrCorrupt to errors.Is.
type corruptError struct {
	codec string
	err   error
}

func (e *corruptError) Error() string        { return "corrupt " + e.codec + " data: " + e.err.Error() }
func (e *corruptError) Unwrap() error        { return e.err }
func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }
