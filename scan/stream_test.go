package scan

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copySink copies matches into one reused buffer, as taskSink does.
type copySink struct {
	buf    []byte
	n, bad int
}

func (s *copySink) match(rec *flowlog.Record) error {
	s.buf = append(s.buf[:0], rec.Line()...)
	s.n++
	return nil
}

func (s *copySink) malformed(*flowlog.ParseError) error { s.bad++; return nil }

// TestStreamAllocs proves that scanning allocates nothing per record: the
// allocations of one stream do not grow with its number of records.
func TestStreamAllocs(t *testing.T) {
	cfg := &streamConfig{format: flowlog.DefaultFormat(), filter: portFilter(22),
		win: window(utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0), nil)}
	cfg.decode = cfg.filter.Fields()
	cfg.decode.Add(startField)
	cfg.decode.Add(endField)
	ws := newStreamScanner(cfg)
	sink := &copySink{}
	allocs := func(n int, compress bool) float64 {
		text := []byte(fileText(defaultHeader, genRecords(newRand(), acct1, utc(2026, 1, 15, 12, 0), n)))
		if compress {
			text = gz(t, string(text))
		}
		r := bytes.NewReader(text)
		ctx := context.Background()
		run := func() {
			r.Reset(text)
			sink.n = 0
			_, err := ws.scan(ctx, r, "x", sink)
			require.NoError(t, err)
		}
		run()
		require.Positive(t, sink.n, "the filter matches some records")
		return testing.AllocsPerRun(20, run)
	}
	for _, compress := range []bool{false, true} {
		small, large := allocs(100, compress), allocs(20000, compress)
		assert.Equal(t, small, large, "allocations per stream (gzip %v): 100 records %v, 20000 records %v", compress, small, large)
		assert.LessOrEqual(t, large, 8.0, "allocations per stream (gzip %v)", compress)
	}
}

// TestWholeLines checks that a line cut by a failing stream is dropped.
func TestWholeLines(t *testing.T) {
	var w wholeLines
	w.reset(&failAfter{data: []byte("a b\nc d\ne f"), err: errCut})
	var got []byte
	buf := make([]byte, 8)
	for {
		n, err := w.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	assert.Equal(t, "a b\nc d\n", string(got))
	assert.ErrorIs(t, w.err, errCut)
	assert.Equal(t, int64(11), w.n)
}

var errCut = &timeoutError{}

type timeoutError struct{}

func (*timeoutError) Error() string { return "cut" }

// failAfter returns data in small reads, then err.
type failAfter struct {
	data []byte
	err  error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p[:min(len(p), 4)], f.data)
	f.data = f.data[n:]
	return n, nil
}

var _ = time.Second
