package cwlevent_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/flowq/flowq/cwlevent"
	"github.com/stretchr/testify/require"
)

// FuzzDecoder: whatever the bytes, a Decoder ends (no panic, no endless
// loop), gives one line per Event slot, never an Event for a line it did
// not emit, and reports damage only through Err.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte(dataPayload("s", rec1, rec2) + control))
	f.Add([]byte(dataPayload("s", rec1)[:50]))
	f.Add([]byte("2026-01-15T09:00:00.000Z " + rec1 + "\n" + rec2))
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"a\nb\u0000c"}]}{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		kind := cwlevent.Detect(data)
		if kind == cwlevent.None {
			kind = cwlevent.Payload
		}
		d := cwlevent.NewDecoder(bytes.NewReader(data), kind)
		out, err := io.ReadAll(io.LimitReader(d, 64<<20))
		require.NoError(t, err)
		lines := int64(bytes.Count(out, []byte("\n")))
		if len(out) > 0 && out[len(out)-1] != '\n' {
			lines++
		}
		for n := int64(1); n <= lines; n++ {
			_ = d.Event(n)
		}
		require.Nil(t, d.Event(lines+1), "no event past the last line")
		if err := d.Err(); err != nil {
			require.True(t, errors.Is(err, cwlevent.ErrDamaged) || errors.Is(err, cwlevent.ErrNotPayload), err)
		}
	})
}
