package cwlevent

import (
	"bytes"
	"errors"
	"io"

	"github.com/flowq/flowq/flowlog"
)

// jpayload is what one payload's members said; the strings are in its
// own buffers until the payload ends.
type jpayload struct {
	messageType, owner, group, stream []byte
}

// Member names, matched as encoding/json matches them (bytes.EqualFold).
var (
	kMessageType = []byte("messageType")
	kOwner       = []byte("owner")
	kLogGroup    = []byte("logGroup")
	kLogStream   = []byte("logStream")
	kLogEvents   = []byte("logEvents")
	kID          = []byte("id")
	kTimestamp   = []byte("timestamp")
	kMessage     = []byte("message")
)

// scanPayload reads the next top-level value, appending its events' lines
// to d.out and their Events to the queue; it returns io.EOF at a clean end.
// On an error, what it appended is taken back.
func (d *Decoder) scanPayload(p *jpayload) error {
	c, err := d.js.space()
	if err != nil {
		return err
	}
	outMark, queueMark := len(d.out), len(d.queue.events)
	switch c {
	case '{':
		err = d.js.object(1, func(c byte) error { return d.payloadMember(c, p, outMark, queueMark) })
	case 'n':
		err = d.js.literal(c) // null: an empty payload, as encoding/json has it
	default:
		if err = d.js.skip(c, 0); err == nil {
			err = errType
		}
	}
	if err != nil {
		d.takeBack(outMark, queueMark)
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
	}
	return err
}

func (d *Decoder) takeBack(outMark, queueMark int) {
	d.out = d.out[:outMark]
	clear(d.queue.events[queueMark:])
	d.queue.events = d.queue.events[:queueMark]
}

func (d *Decoder) payloadMember(c byte, p *jpayload, outMark, queueMark int) error {
	j := &d.js
	switch key := j.key; {
	case bytes.EqualFold(key, kMessageType):
		return j.stringValue(c, 1, &p.messageType)
	case bytes.EqualFold(key, kOwner):
		return j.stringValue(c, 1, &p.owner)
	case bytes.EqualFold(key, kLogGroup):
		return j.stringValue(c, 1, &p.group)
	case bytes.EqualFold(key, kLogStream):
		return j.stringValue(c, 1, &p.stream)
	case bytes.EqualFold(key, kLogEvents):
		d.takeBack(outMark, queueMark) // the last logEvents wins
		return d.logEvents(c)
	}
	return j.skip(c, 1)
}

// logEvents reads the events array: null (none) or objects (null
// elements are empty events, as encoding/json makes them).
func (d *Decoder) logEvents(c byte) error {
	j := &d.js
	switch c {
	case 'n':
		return j.literal(c)
	case '[':
		return j.array(2, func(c byte) error { return d.logEvent(c) })
	}
	if err := j.skip(c, 1); err != nil {
		return err
	}
	return errType
}

// logEvent reads one event into a line and an Event (whose group and
// stream are filled in when the payload ends).
func (d *Decoder) logEvent(c byte) error {
	j := &d.js
	var e flowlog.Event
	lo := len(d.out)
	id := d.id[:0]
	var err error
	switch c {
	case 'n':
		err = j.literal(c)
	case '{':
		err = j.object(3, func(c byte) error {
			switch key := j.key; {
			case bytes.EqualFold(key, kID):
				return j.stringValue(c, 3, &id)
			case bytes.EqualFold(key, kTimestamp):
				return j.int64Value(c, 3, &e.Time)
			case bytes.EqualFold(key, kMessage):
				d.out = d.out[:lo] // the last message wins
				return d.messageValue(c)
			}
			return j.skip(c, 3)
		})
	default:
		if err = j.skip(c, 2); err == nil {
			err = errType
		}
	}
	if err != nil {
		return err
	}
	d.id = id
	oneLine(d.out[lo:])
	d.out = append(d.out, '\n')
	e.ID = d.queue.text(id)
	d.queue.push(d.queue.make(e))
	return nil
}

// messageValue appends a message to d.out.
func (d *Decoder) messageValue(c byte) error {
	return d.js.appendString(c, 3, &d.out, len(d.out))
}

// oneLine makes line ends and NULs inside a message spaces.
func oneLine(b []byte) {
	for i, c := range b {
		if c == '\n' || c == '\r' || c == 0 {
			b[i] = ' '
		}
	}
}

// stringValue reads a member typed string into *dst (its own buffer):
// null leaves it, another kind of value is a type error.
func (j *jscan) stringValue(c byte, depth int, dst *[]byte) error {
	return j.appendString(c, depth, dst, 0)
}

// appendString is stringValue keeping (*dst)[:keep].
func (j *jscan) appendString(c byte, depth int, dst *[]byte, keep int) error {
	switch c {
	case '"':
		var err error
		*dst, err = j.str((*dst)[:keep])
		return err
	case 'n':
		return j.literal(c)
	}
	if err := j.skip(c, depth); err != nil {
		return err
	}
	return errType
}
