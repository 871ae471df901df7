package cwlevent_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/flowq/flowq/cwlevent"
	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rec1 = "2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 50000 6 10 840 1768467000 1768467060 ACCEPT OK"
	rec2 = "2 123456789012 eni-1 10.0.0.2 10.0.0.1 50000 443 6 10 840 1768467000 1768467060 ACCEPT OK"
)

func dataPayload(stream string, msgs ...string) string {
	var b strings.Builder
	b.WriteString(`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/vpc","logStream":"` + stream +
		`","subscriptionFilters":["f"],"logEvents":[`)
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"` + stream + string(rune('a'+i)) + `","timestamp":1768467000000,"message":"` + m + `"}`)
	}
	b.WriteString("]}")
	return b.String()
}

const control = `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`

// decoded is what a Decoder gives for a stream: its lines, each line's
// event, and the error that ended it.
type decoded struct {
	lines  []string
	events []*flowlog.Event
	err    error
}

func decode(t *testing.T, in string) (decoded, *cwlevent.Decoder) {
	kind := cwlevent.Detect([]byte(in))
	require.NotEqual(t, cwlevent.None, kind)
	d := cwlevent.NewDecoder(strings.NewReader(in), kind)
	out, err := io.ReadAll(d)
	require.NoError(t, err)
	var res decoded
	for i, l := range strings.SplitAfter(string(out), "\n") {
		if l == "" {
			continue
		}
		res.lines = append(res.lines, strings.TrimSuffix(l, "\n"))
		res.events = append(res.events, d.Event(int64(i+1)))
	}
	res.err = d.Err()
	return res, d
}

func TestPayloads(t *testing.T) {
	in := dataPayload("eni-1-all", rec1, rec2) + "\n" + control + dataPayload("eni-2-all", "a\\nb")
	res, d := decode(t, in)
	assert.Equal(t, []string{rec1, rec2, "a b"}, res.lines, "one event is one line")
	require.NoError(t, res.err)
	assert.Equal(t, int64(1), d.Controls())
	assert.Equal(t, flowlog.Event{Group: "/vpc", Stream: "eni-1-all", ID: "eni-1-alla", Time: 1768467000000}, *res.events[0])
	assert.Equal(t, "eni-2-all", res.events[2].Stream)
}

func TestDamagedPayloads(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		lines int
		want  error
	}{
		{"cut inside the second", dataPayload("s", rec1) + dataPayload("s", rec2)[:40], 1, cwlevent.ErrDamaged},
		{"garbage after", dataPayload("s", rec1) + "}{", 1, cwlevent.ErrDamaged},
		{"wrong type", `{"messageType":"DATA_MESSAGE","logEvents":[{"id":5}]}`, 0, cwlevent.ErrDamaged},
		{"unknown message type", dataPayload("s", rec1) + `{"messageType":"OTHER"}`, 1, cwlevent.ErrDamaged},
		{"only a brace", "{", 0, cwlevent.ErrDamaged},
		{"other JSON", `{"level":"info","msg":"hello"}`, 0, cwlevent.ErrNotPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := decode(t, tt.in)
			assert.Len(t, res.lines, tt.lines)
			assert.ErrorIs(t, res.err, tt.want)
		})
	}
}

// TestSourceErrors: the source's own error comes back from Read as it
// is, not as damage, so a cut transfer is retried and a corrupt gzip is
// called corrupt.
func TestSourceErrors(t *testing.T) {
	cut := errors.New("connection reset")
	in := io.MultiReader(strings.NewReader(dataPayload("s", rec1)+`{"messageType":"DATA_`), iotestErr{cut})
	d := cwlevent.NewDecoder(in, cwlevent.Payload)
	_, err := io.ReadAll(d)
	assert.ErrorIs(t, err, cut)

	ex := io.MultiReader(strings.NewReader("2026-01-15T09:00:00.000Z "+rec1+"\n2026-01-15T09:00:01.000Z 2 1"), iotestErr{cut})
	d = cwlevent.NewDecoder(ex, cwlevent.Export)
	out, err := io.ReadAll(d)
	assert.ErrorIs(t, err, cut)
	assert.Equal(t, rec1+"\n", string(out), "the line the failure cut is not passed on")
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

func TestExport(t *testing.T) {
	in := "2026-01-15T09:00:00.000Z " + rec1 + "\n2026-01-15T09:00:01.5Z " + rec2 + "\r\n" + rec1 + "\n\n" +
		"2026-01-15T09:00:02.000Z " + strings.Repeat("x", 3<<20) + "\n" + "2026-01-15T09:00:03.000Z " + rec2
	res, _ := decode(t, in)
	require.Len(t, res.lines, 6)
	assert.Equal(t, []string{rec1, rec2 + "\r", rec1, ""}, res.lines[:4])
	assert.Equal(t, int64(1768467600000), res.events[0].Time)
	assert.Equal(t, int64(1768467601500), res.events[1].Time)
	assert.Nil(t, res.events[2], "a line without a timestamp has no event")
	assert.Greater(t, len(res.lines[4]), 1<<20, "a long line stays too long for the reader")
	assert.Less(t, len(res.lines[4]), 2<<20, "and is not kept whole")
	assert.Equal(t, rec2, res.lines[5])
	assert.Equal(t, int64(1768467603000), res.events[5].Time)
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]cwlevent.Kind{
		"  \n{\"messageType\"":           cwlevent.Payload,
		"2026-01-15T09:00:00.000Z 2 1 2": cwlevent.Export,
		"version account-id":             cwlevent.None,
		rec1:                             cwlevent.None,
		"1742570569000,2 6272 eni-0":     cwlevent.None,
		"2026-01-15 09:00:00 x":          cwlevent.None,
		"":                               cwlevent.None,
	} {
		assert.Equal(t, want, cwlevent.Detect([]byte(in)), in)
	}
}

// TestEventsAreKept: an Event handed out does not change as the decoder
// goes on, so records, clones and batches may keep it.
func TestEventsAreKept(t *testing.T) {
	var b bytes.Buffer
	for range 5000 {
		b.WriteString(dataPayload("s", rec1))
	}
	d := cwlevent.NewDecoder(&b, cwlevent.Payload)
	buf := make([]byte, 4096)
	var kept []*flowlog.Event
	var copies []flowlog.Event
	line := int64(0)
	for {
		n, err := d.Read(buf)
		for _, c := range buf[:n] {
			if c == '\n' {
				line++
				e := d.Event(line)
				require.NotNil(t, e, line)
				kept, copies = append(kept, e), append(copies, *e)
			}
		}
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	require.Len(t, kept, 5000)
	for i := range kept {
		assert.Equal(t, copies[i], *kept[i])
	}
}
