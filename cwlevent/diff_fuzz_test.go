package cwlevent_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/flowq/flowq/cwlevent"
	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/require"
)

// The reference decoder: encoding/json, one fresh payload per value.
type refPayload struct {
	MessageType string    `json:"messageType"`
	Owner       string    `json:"owner"`
	LogGroup    string    `json:"logGroup"`
	LogStream   string    `json:"logStream"`
	LogEvents   refEvents `json:"logEvents"`
}

type refEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

// refEvents decodes every array afresh (encoding/json would reuse the
// elements of an earlier logEvents member of the same payload).
type refEvents []refEvent

func (r *refEvents) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = nil
		return nil
	}
	var fresh []refEvent
	if err := json.Unmarshal(b, &fresh); err != nil {
		return err
	}
	*r = fresh
	return nil
}

// outcome is what decoding a stream gave.
type outcome struct {
	Lines    []string
	Events   []flowlog.Event
	Controls int64
	End      string // "", "damaged" or "not a payload"
}

func reference(data []byte) outcome {
	var out outcome
	dec := json.NewDecoder(bytes.NewReader(data))
	for payloads := 0; ; payloads++ {
		var p refPayload
		if err := dec.Decode(&p); err != nil {
			if !errors.Is(err, io.EOF) || payloads == 0 {
				out.End = "damaged"
			}
			return out
		}
		switch p.MessageType {
		case "DATA_MESSAGE":
		case "CONTROL_MESSAGE":
			out.Controls++
			continue
		case "":
			out.End = map[bool]string{true: "not a payload", false: "damaged"}[payloads == 0]
			return out
		default:
			out.End = "damaged"
			return out
		}
		for _, e := range p.LogEvents {
			msg := strings.NewReplacer("\n", " ", "\r", " ", "\x00", " ").Replace(e.Message)
			out.Lines = append(out.Lines, msg)
			out.Events = append(out.Events, flowlog.Event{Group: p.LogGroup, Stream: p.LogStream, ID: e.ID, Time: e.Timestamp})
		}
	}
}

func decodeAll(t *testing.T, data []byte) outcome {
	d := cwlevent.NewDecoder(bytes.NewReader(data), cwlevent.Payload)
	text, err := io.ReadAll(d)
	require.NoError(t, err)
	var out outcome
	if len(text) > 0 {
		out.Lines = strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	}
	for i := range out.Lines {
		e := d.Event(int64(i + 1))
		require.NotNil(t, e)
		out.Events = append(out.Events, *e)
	}
	out.Controls = d.Controls()
	switch err := d.Err(); {
	case errors.Is(err, cwlevent.ErrDamaged):
		out.End = "damaged"
	case errors.Is(err, cwlevent.ErrNotPayload):
		out.End = "not a payload"
	}
	return out
}

// FuzzSameAsEncodingJSON holds the hand-written payload decoder to
// encoding/json: the same lines, events, control messages and end.
func FuzzSameAsEncodingJSON(f *testing.F) {
	for _, s := range []string{
		dataPayload("eni-1-all", rec1, rec2) + control + dataPayload("s", "x"),
		`{"messageType":"DATA_MESSAGE","logEvents":[null,{"id":"\u00e9\ud83d\ude00\ud800","timestamp":-0,"message":"a\nb"}]}`,
		`{"MESSAGETYPE":"DATA_MESSAGE","logStream":"s","logEvents":[{"message":"m","timestamp":1e3}]}`,
		`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"\xff\xfe"}],"logGroup":"g","extra":[1,{"a":[true,false,null]}]}`,
		`{"messageType":null}`, `null`, `{} []`, `{"messageType":"DATA_MESSAGE","logEvents":[{"timestamp":9223372036854775808}]}`,
		`{"messageType":"DATA_MESSAGE","logEvents":[{"id":"a","message":"x"}],"logEvents":[{"message":"y"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if cwlevent.Detect(data) != cwlevent.Payload {
			return
		}
		require.Equal(t, reference(data), decodeAll(t, data))
	})
}
