package cwlevent

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// Message types.
var (
	dataMessage    = []byte("DATA_MESSAGE")
	controlMessage = []byte("CONTROL_MESSAGE")
)

// nextPayload decodes the next payload's events into lines; a control
// message is counted and gives none.
func (d *Decoder) nextPayload() error {
	p := &d.jp
	p.messageType, p.owner, p.group, p.stream = p.messageType[:0], p.owner[:0], p.group[:0], p.stream[:0]
	outMark, queueMark := len(d.out), len(d.queue.events)
	if err := d.scanPayload(p); err != nil {
		if errors.Is(err, io.EOF) && d.payloads > 0 {
			return io.EOF
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // "{" and nothing more
		}
		return d.damaged(err)
	}
	switch {
	case bytes.Equal(p.messageType, dataMessage):
	case bytes.Equal(p.messageType, controlMessage):
		d.takeBack(outMark, queueMark)
		d.payloads++
		d.controls++
		return nil
	case len(p.messageType) == 0:
		d.takeBack(outMark, queueMark)
		return d.first(errors.New("no messageType"))
	default:
		d.takeBack(outMark, queueMark)
		return d.damaged(fmt.Errorf("unknown messageType %q", p.messageType))
	}
	d.payloads++
	d.nameEvents(p, d.queue.events[queueMark:])
	return nil
}

// nameEvents gives a payload's events its group and stream, which may
// come after the events in the JSON; they are not handed out yet.
func (d *Decoder) nameEvents(p *jpayload, events []*flowlog.Event) {
	if d.group != string(p.group) { // compared, not converted: no allocation
		d.group = string(p.group)
	}
	if d.stream != string(p.stream) {
		d.stream = string(p.stream)
	}
	for _, e := range events {
		e.Group, e.Stream = d.group, d.stream
	}
	d.events += int64(len(events))
}

// first turns a problem with the stream's first JSON value, well formed
// but no payload, into ErrNotPayload: the stream is JSON of another kind.
func (d *Decoder) first(err error) error {
	if d.payloads == 0 {
		return fmt.Errorf("%w (%w)", ErrNotPayload, err)
	}
	return d.damaged(err)
}
