package cwlevent

import (
	"errors"
	"fmt"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// payload is one subscription payload, as CloudWatch Logs sends it.
type payload struct {
	MessageType string     `json:"messageType"`
	Owner       string     `json:"owner"`
	LogGroup    string     `json:"logGroup"`
	LogStream   string     `json:"logStream"`
	LogEvents   []logEvent `json:"logEvents"`
}

type logEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

// Message types.
const (
	dataMessage    = "DATA_MESSAGE"
	controlMessage = "CONTROL_MESSAGE"
)

// nextPayload decodes the next payload's events into lines; a control
// message is counted and gives none.
func (d *Decoder) nextPayload() error {
	p := &d.page
	*p = payload{LogEvents: p.LogEvents[:0]}
	if err := d.json.Decode(p); err != nil {
		if errors.Is(err, io.EOF) && d.payloads > 0 {
			return io.EOF
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // "{" and nothing more
		}
		return d.damaged(err)
	}
	switch p.MessageType {
	case dataMessage:
	case controlMessage:
		d.payloads++
		d.controls++
		return nil
	case "":
		return d.first(errors.New("no messageType"))
	default:
		return d.damaged(fmt.Errorf("unknown messageType %q", p.MessageType))
	}
	d.payloads++
	for i := range p.LogEvents {
		e := &p.LogEvents[i]
		d.events++
		d.appendLine(e.Message, d.queue.make(flowlog.Event{Group: p.LogGroup, Stream: p.LogStream, ID: e.ID, Time: e.Timestamp}))
	}
	return nil
}

// first turns a problem with the stream's first JSON value, well formed
// but no payload, into ErrNotPayload: the stream is JSON of another kind.
func (d *Decoder) first(err error) error {
	if d.payloads == 0 {
		return fmt.Errorf("%w (%w)", ErrNotPayload, err)
	}
	return d.damaged(err)
}
