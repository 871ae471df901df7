package cwlevent

import (
	"bufio"
	"errors"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// maxExportLine bounds what is kept of one export line: flowlog.Reader
// reports a line this long as too long, and the rest of it is dropped.
const maxExportLine = 1<<20 + 1

// nextExportLine moves one export line to d.out without its timestamp,
// which becomes the line's Event. A line without a timestamp passes
// unchanged, with no Event. A line cut short by a failure of the source is
// not passed on: its values may be cut too.
func (d *Decoder) nextExportLine() error {
	line, err := d.lines.ReadSlice('\n')
	switch {
	case len(line) == 0:
		return err
	case errors.Is(err, bufio.ErrBufferFull):
		d.events++
		return d.longLine(line)
	case err != nil && !errors.Is(err, io.EOF):
		return err
	}
	d.events++
	var e *flowlog.Event
	if n := exportStamp(line); n > 0 {
		if ms, ok := parseStamp(line[:n-1]); ok {
			e, line = d.queue.make(flowlog.Event{Time: ms}), line[n:]
		}
	}
	d.out = append(d.out, line...)
	if len(line) == 0 || line[len(line)-1] != '\n' { // the last line, at a clean end: its event needs a line
		d.out = append(d.out, '\n')
	}
	d.queue.push(e)
	return nil // io.EOF comes with the next read
}

// longLine passes on the start of a line longer than the buffer, enough
// for the reader to see it is too long, and drops the rest of it.
func (d *Decoder) longLine(line []byte) error {
	d.out = append(d.out, line...)
	var err error
	for {
		line, err = d.lines.ReadSlice('\n')
		if len(d.out) < maxExportLine {
			d.out = append(d.out, line[:min(len(line), maxExportLine-len(d.out))]...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	d.out = append(d.out, '\n')
	d.queue.push(nil)
	return nil
}
