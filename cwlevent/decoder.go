package cwlevent

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// Errors a Decoder reports.
var (
	// ErrNotPayload: the stream is JSON, but its first object is not a
	// CloudWatch Logs subscription payload.
	ErrNotPayload = errors.New("JSON, but not a CloudWatch Logs subscription payload")
	// ErrDamaged: a payload does not decode; what follows it is not read.
	ErrDamaged = errors.New("damaged CloudWatch Logs payload")
)

// Decoder turns one stream of payloads or export lines into message
// lines (an io.Reader) and their Events. Its Read returns the source's
// own errors as they are (a cut connection, a gzip checksum), so callers
// can tell transport and compression problems apart; damage in the
// payloads themselves ends the lines with io.EOF, after the source has
// been read to its end (so a compressed source's integrity is checked),
// and is then reported by Err, as is JSON that is no payload at all. A Decoder is not safe for concurrent use.
type Decoder struct {
	kind     Kind
	src      srcReader
	lines    *bufio.Reader // the source, buffered
	js       jscan         // payloads, over lines
	id       []byte        // the current event's ID
	jp       jpayload      // the current payload's members
	group    string        // the last payload's group and stream, reused
	stream   string
	out      []byte // lines not yet read
	off      int
	queue    eventQueue
	payloads int64
	controls int64
	events   int64 // events seen, for messages
	err      error // damage; sticky
	done     bool
}

// NewDecoder returns a Decoder of src, whose shape Detect found.
func NewDecoder(src io.Reader, kind Kind) *Decoder {
	d := &Decoder{}
	d.Reset(src, kind)
	return d
}

// Reset makes d decode a new stream, keeping its buffers.
func (d *Decoder) Reset(src io.Reader, kind Kind) {
	*d = Decoder{kind: kind, out: d.out[:0], queue: d.queue, lines: d.lines, id: d.id, jp: d.jp,
		js: jscan{key: d.js.key, tmp: d.js.tmp}}
	d.queue.reset()
	d.src = srcReader{r: src}
	if d.lines == nil {
		d.lines = bufio.NewReaderSize(&d.src, 64<<10)
	}
	d.lines.Reset(&d.src)
	d.js.br = d.lines
}

// Event returns the Event of output line n (1-based), or nil. Lines must
// be asked for in increasing order: earlier ones are forgotten. The Event
// may be kept.
func (d *Decoder) Event(n int64) *flowlog.Event { return d.queue.at(n) }

// Err returns what ended the lines early, or nil: damage (ErrDamaged), or
// a first JSON value that is not a payload (ErrNotPayload).
func (d *Decoder) Err() error { return d.err }

// Controls returns how many CONTROL_MESSAGE payloads were skipped.
func (d *Decoder) Controls() int64 { return d.controls }

// Read reads message lines, each ending in '\n'.
func (d *Decoder) Read(p []byte) (int, error) {
	for d.off == len(d.out) {
		if d.done {
			return 0, io.EOF
		}
		d.out, d.off = d.out[:0], 0
		if err := d.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, d.out[d.off:])
	d.off += n
	return n, nil
}

// fill decodes the next payload or export line into d.out.
func (d *Decoder) fill() error {
	var err error
	if d.kind == Payload {
		err = d.nextPayload()
	} else {
		err = d.nextExportLine()
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF) && d.src.err == nil:
		d.done = true
		return nil
	case d.src.err != nil:
		return d.src.err // the transport's or decompressor's, as it is
	case errors.Is(err, ErrNotPayload):
		d.done, d.err = true, err
		return nil
	}
	d.done = true
	if _, derr := io.Copy(io.Discard, &d.src); derr != nil {
		return derr
	}
	d.err = err
	return nil
}

// srcReader keeps the first error other than io.EOF of the source.
type srcReader struct {
	r   io.Reader
	err error
}

func (s *srcReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

// damaged wraps a decoding problem with where it was found.
func (d *Decoder) damaged(err error) error {
	return fmt.Errorf("%w: payload %d (after %d events): %w", ErrDamaged, d.payloads+1, d.events, err)
}
