package scan

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testSink returns a taskSink whose batches wait in a channel, and a
// function that delivers them (loading every record, as the consumer
// does) and returns how many records there were.
func testSink(bad *int) (*taskSink, func() int) {
	out := make(chan *batch, 4096)
	t := &task{obj: &object{source: "x"}}
	sink := &taskSink{t: t, out: out, count: func(*ObjectError) { *bad++ }}
	var rec flowlog.Record
	drain := func() int {
		n := 0
		for len(out) > 0 {
			b := <-out
			for i := range b.recs.Len() {
				b.recs.Load(i, &rec)
				n++
			}
			b.release()
		}
		sink.last = 0
		return n
	}
	return sink, drain
}

// TestStreamAllocs proves that scanning allocates nothing per record: the
// allocations of one stream do not grow with its number of records.
func TestStreamAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops batches at random under the race detector")
	}
	for _, inflate := range []string{InflateGo, InflateLibdeflate} {
		t.Run(inflate, func(t *testing.T) {
			if inflate == InflateLibdeflate {
				requireLibdeflate(t)
			}
			testStreamAllocs(t, inflate, flowlog.Literal{})
		})
		t.Run(inflate+"/literal", func(t *testing.T) {
			if inflate == InflateLibdeflate {
				requireLibdeflate(t)
			}
			testStreamAllocs(t, inflate, flowlog.Literal{Text: "22", Fields: flowlog.SetOf(flowlog.DstPort)})
		})
	}
}

func testStreamAllocs(t *testing.T, inflate string, lit flowlog.Literal) {
	cfg := &streamConfig{format: flowlog.DefaultFormat(), filter: portFilter(22), literal: lit,
		win: window(utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0), nil), inflate: inflate,
		budget: newBudget(WholeInflateBudget)}
	cfg.decode = cfg.filter.Fields()
	cfg.decode.Add(startField)
	cfg.decode.Add(endField)
	ws := newStreamScanner(cfg)
	defer ws.close()
	var bad, n int
	sink, drain := testSink(&bad)
	obj := &object{source: "x"}
	allocs := func(records int, compress bool) float64 {
		text := []byte(fileText(defaultHeader, genRecords(newRand(), acct1, utc(2026, 1, 15, 12, 0), records)))
		if compress {
			text = gz(t, string(text))
		}
		obj.size = int64(len(text))
		r := bytes.NewReader(text)
		ctx := context.Background()
		run := func() Stats {
			r.Reset(text)
			st, err := ws.scan(ctx, r, obj, sink)
			require.NoError(t, err)
			require.NoError(t, sink.flush(ctx))
			require.NoError(t, sink.verified(ctx)) // the gzip checksum held
			n = drain()
			return st
		}
		st := run()
		require.Positive(t, n, "the filter matches some records")
		require.Equal(t, lit.Text != "" && flowlog.CanSkipLines(), st.LinesPassed > 0, "lines passed over: %d", st.LinesPassed)
		require.Equal(t, compress && inflate == InflateLibdeflate, ws.verified, "inflated whole")
		return testing.AllocsPerRun(20, func() { run() })
	}
	for _, compress := range []bool{false, true} {
		small, large := allocs(100, compress), allocs(20000, compress)
		assert.Equal(t, small, large, "allocations per stream (gzip %v): 100 records %v, 20000 records %v", compress, small, large)
		assert.LessOrEqual(t, large, 8.0, "allocations per stream (gzip %v)", compress)
	}
}

// TestCutLineIsDropped checks that when a stream fails in the middle of a
// line, the records before it are delivered, the cut line is neither a
// match (with a wrong value) nor a malformed line, and the failure is
// reported as a transport error.
func TestCutLineIsDropped(t *testing.T) {
	cfg := &streamConfig{format: flowlog.DefaultFormat()}
	cfg.decode = flowlog.AllFields()
	ws := newStreamScanner(cfg)
	var bad int
	sink, drain := testSink(&bad)
	full := "2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1 1 REJECT OK\n"
	text := full + full + full[:len(full)-20]
	ctx := context.Background()
	st, err := ws.scan(ctx, &failAfter{data: []byte(text), err: errCut}, &object{source: "x"}, sink)
	require.ErrorIs(t, err, errCut)
	assert.Contains(t, err.Error(), "read: ")
	require.NoError(t, sink.flush(ctx))
	require.NoError(t, sink.verified(ctx))
	assert.Equal(t, 2, drain())
	assert.Equal(t, 0, bad)
	assert.Equal(t, int64(2), st.Records)
	assert.Equal(t, int64(len(text)), st.BytesUncompressed)
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

// TestDeliverAllocs proves that the consumer lends records to emit without
// allocating or parsing: a batch of decoded records is delivered as is.
func TestDeliverAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops batches at random under the race detector")
	}
	fields := flowlog.SetOf(flowlog.SrcAddr, flowlog.DstPort)
	text := fileText(defaultHeader, genRecords(newRand(), acct1, utc(2026, 1, 15, 12, 0), 200))
	rd := flowlog.NewReader(strings.NewReader(text), flowlog.ReaderOptions{Fields: &fields})
	var full flowlog.Batch
	for rd.Scan() {
		full.Append(rd.Record())
	}
	require.Equal(t, 200, full.Len())
	e := &emitter{n: &tally{}, emit: func(m Match) error {
		if _, ok := m.Record.Addr(flowlog.SrcAddr); !ok {
			t.Fatal("srcaddr was not carried")
		}
		return nil
	}}
	tk := &task{obj: &object{source: "x"}}
	var r flowlog.Record
	allocs := testing.AllocsPerRun(100, func() {
		b := newBatch(tk) // from the pool, as a worker gets it
		for i := range full.Len() {
			full.Load(i, &r)
			b.recs.Append(&r)
		}
		if err := e.deliver(b); err != nil { // and back to the pool
			t.Fatal(err)
		}
	})
	assert.Equal(t, 0.0, allocs)
}
