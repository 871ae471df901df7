package parquetlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is everything a read of one object gives.
type result struct {
	recs []string // Record.String of each record
	bad  []string // line, field and message of each malformed row
	st   Stats
	err  error
}

// readers are the three ways to read an object, which must agree.
var readers = []struct {
	name string
	read func(ctx context.Context, obj []byte, opts Options) result
}{
	{"Read", readWithRead},
	{"Reader", readWithReader},
	{"All", readWithAll},
}

func readWithRead(ctx context.Context, obj []byte, opts Options) result {
	var res result
	opts.OnMalformed = res.onMalformed
	res.st, res.err = Read(ctx, bytes.NewReader(obj), int64(len(obj)), opts, func(r *flowlog.Record) error {
		res.recs = append(res.recs, r.String())
		return nil
	})
	return res
}

func readWithReader(ctx context.Context, obj []byte, opts Options) result {
	var res result
	opts.OnMalformed = res.onMalformed
	rd := NewReader(ctx, bytes.NewReader(obj), int64(len(obj)), opts)
	defer rd.Close()
	for rd.Scan() {
		res.recs = append(res.recs, rd.Record().String())
	}
	res.st, res.err = rd.Stats(), rd.Err()
	return res
}

func readWithAll(ctx context.Context, obj []byte, opts Options) result {
	var res result
	opts.OnMalformed = res.onMalformed
	rd := NewReader(ctx, bytes.NewReader(obj), int64(len(obj)), opts)
	defer rd.Close()
	for rec, err := range rd.All() {
		if err != nil {
			res.err = err
			break
		}
		res.recs = append(res.recs, rec.String())
	}
	res.st = rd.Stats()
	return res
}

func (res *result) onMalformed(pe *flowlog.ParseError) {
	res.bad = append(res.bad, fmt.Sprintf("%d %s %v", pe.Line, pe.Field, pe))
}

// TestReaderMatchesRead checks that the Reader, its All iterator and Read
// give the same records, malformed rows and Stats, with and without
// projection and pruning.
func TestReaderMatchesRead(t *testing.T) {
	def := flowlog.DefaultFormat()
	v5, tgw := mustFormat(t, v5Format), mustFormat(t, flowlog.TGWDefaultFormat)
	sorted := parseLines(t, def, genLines(def, 5000, t0, 3))
	window := func(f flowlog.Field) (int64, int64, bool) { return t0 + 20_000, t0 + 30_000, f == flowlog.Start }
	tests := []struct {
		name string
		obj  []byte
		opts Options
	}{
		{"v2 default", writeParquet(t, def, parseLines(t, def, genLines(def, 2000, t0, 1)), WriterOptions{}), Options{}},
		{"v5 row groups and pages", writeParquet(t, v5, parseLines(t, v5, genLines(v5, 3000, t0, 2)),
			WriterOptions{RowGroupRows: 400, PageBytes: 4096}), Options{}},
		{"tgw", writeParquet(t, tgw, parseLines(t, tgw, genLines(tgw, 2000, t0, 1)),
			WriterOptions{RowGroupRows: 500, PageBytes: 2048}), Options{}},
		{"projected", writeParquet(t, v5, parseLines(t, v5, genLines(v5, 3000, t0, 4)), WriterOptions{}),
			Options{Fields: flowlog.SetOf(flowlog.DstPort, flowlog.SrcAddr)}},
		{"pruned row groups", writeParquet(t, def, sorted, WriterOptions{RowGroupRows: 500}), Options{Range: window}},
		{"pruned pages", writeParquet(t, def, sorted, WriterOptions{PageBytes: 2048}), Options{Range: window}},
		{"malformed rows", badValuesObject(t), Options{}},
		{"not a flow log", notFlowLogObject(t), Options{}},
		{"corrupt", smallObject(t)[:100], Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Source = "k.log.parquet"
			want := readWithRead(t.Context(), tt.obj, tt.opts)
			for _, rd := range readers[1:] {
				got := rd.read(t.Context(), tt.obj, tt.opts)
				assert.Equal(t, want, got, "%s vs Read", rd.name)
			}
		})
	}
}

// TestReaderEnd checks the end of a clean stream: Err is nil, Record is
// nil, Scan stays false and Stats are final.
func TestReaderEnd(t *testing.T) {
	obj := smallObject(t)
	rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
	assert.Nil(t, rd.Record(), "before Scan")
	n := 0
	for rd.Scan() {
		require.NotNil(t, rd.Record())
		n++
	}
	require.NoError(t, rd.Err())
	assert.Equal(t, 60, n)
	assert.Nil(t, rd.Record())
	st := rd.Stats()
	assert.Equal(t, int64(60), st.RowsRead)
	assert.False(t, rd.Scan(), "Scan after the end")
	rd.Close()
	assert.Equal(t, st, rd.Stats(), "final")
	assert.NoError(t, rd.Err())
}

// TestReaderClose checks that Close stops the stream early, from the loop
// or from OnMalformed, without an error.
func TestReaderClose(t *testing.T) {
	obj := smallObject(t)
	rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
	require.True(t, rd.Scan())
	rd.Close()
	assert.Nil(t, rd.Record())
	assert.False(t, rd.Scan())
	require.NoError(t, rd.Err())
	assert.Equal(t, int64(1), rd.Stats().RowsRead)
	rd.Close()

	bad := badValuesObject(t)
	var stop *Reader
	stop = NewReader(t.Context(), bytes.NewReader(bad), int64(len(bad)), Options{
		OnMalformed: func(*flowlog.ParseError) { stop.Close() },
	})
	n := 0
	for stop.Scan() {
		n++
	}
	assert.Equal(t, 1, n, "rows before the malformed one")
	assert.NoError(t, stop.Err())
}

// errBoom is the error of a failing ReaderAt.
var errBoom = errors.New("boom")

// failingReaderAt fails every read of the byte at off.
type failingReaderAt struct {
	r   io.ReaderAt
	off int64
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off <= f.off && f.off < off+int64(len(p)) {
		return 0, errBoom
	}
	return f.r.ReadAt(p, off)
}

// TestReaderErr checks that a stream cut by a corrupt or failing object
// ends with an error, after the records before the damage.
func TestReaderErr(t *testing.T) {
	obj := smallObject(t) // two row groups of 30 rows
	rg1 := rowGroupOffset(t, obj, 1)
	// Row groups of 1000 rows, the second before the tail read at open.
	fm := flowlog.DefaultFormat()
	big := writeParquet(t, fm, parseLines(t, fm, genLines(fm, 5000, t0, 3)), WriterOptions{RowGroupRows: 1000})
	bigRG1 := rowGroupOffset(t, big, 1)
	require.Less(t, bigRG1, int64(len(big)-readBuffer))
	tests := []struct {
		name    string
		ra      io.ReaderAt
		size    int
		records int
		is      []error
	}{
		{"truncated", bytes.NewReader(obj[:len(obj)/2]), len(obj) / 2, 0, []error{ErrCorrupt}},
		{"truncated footer", bytes.NewReader(obj[:len(obj)-3]), len(obj) - 3, 0, []error{ErrCorrupt}},
		{"corrupt row group", bytes.NewReader(garbled(obj, int(rg1), 64)), len(obj), 30, []error{ErrCorrupt}},
		{"failing reads", failingReaderAt{bytes.NewReader(big), bigRG1}, len(big), 1000, []error{ErrCorrupt, errBoom}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewReader(t.Context(), tt.ra, int64(tt.size), Options{Source: "k"})
			rd.ahead = 1 // one row group per fetch
			n := 0
			for rd.Scan() {
				n++
			}
			assert.Equal(t, tt.records, n)
			err := rd.Err()
			require.Error(t, err)
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target)
			}
			assert.Contains(t, err.Error(), "parquetlog: k: ")
			assert.Nil(t, rd.Record())
			assert.False(t, rd.Scan())
			assert.Equal(t, err, rd.Err(), "sticky")
		})
	}
}

// rowGroupOffset returns where the column chunks of row group i start.
func rowGroupOffset(t *testing.T, obj []byte, i int) int64 {
	f, err := parquet.OpenFile(bytes.NewReader(obj), int64(len(obj)))
	require.NoError(t, err)
	md := f.Metadata().RowGroups[i].Columns[0].MetaData
	if d := md.DictionaryPageOffset; d > 0 && d < md.DataPageOffset {
		return d
	}
	return md.DataPageOffset
}

// garbled returns b with n bytes at off overwritten.
func garbled(b []byte, off, n int) []byte {
	c := bytes.Clone(b)
	for i := off; i < off+n; i++ {
		c[i] = 0xff
	}
	return c
}

// TestReaderBatches checks that fetching fewer row groups at a time
// changes the requests, not the records.
func TestReaderBatches(t *testing.T) {
	fm := mustFormat(t, v5Format)
	obj := writeParquet(t, fm, parseLines(t, fm, genLines(fm, 3000, t0, 2)), WriterOptions{RowGroupRows: 400})
	want := readWithReader(t.Context(), obj, Options{})
	require.NoError(t, want.err)
	for _, ahead := range []int64{1, 40 << 10} { // a row group is ~23 KiB
		t.Run(fmt.Sprint(ahead), func(t *testing.T) {
			var got []string
			rd := NewReader(t.Context(), bytes.NewReader(obj), int64(len(obj)), Options{})
			rd.ahead = ahead
			for rd.Scan() {
				got = append(got, rd.Record().String())
			}
			require.NoError(t, rd.Err())
			assert.Equal(t, want.recs, got)
			st := rd.Stats()
			assert.Greater(t, st.Reads, want.st.Reads)
			assert.LessOrEqual(t, st.Reads, 1+st.RowGroups)
			assert.Equal(t, want.st.BytesRead, st.BytesRead)
		})
	}
}

// TestReaderContext checks that a done ctx ends the stream with ctx.Err(),
// unwrapped, before the first record or within one batch of rows.
func TestReaderContext(t *testing.T) {
	fm := flowlog.DefaultFormat()
	obj := writeParquet(t, fm, parseLines(t, fm, genLines(fm, 5000, t0, 3)), WriterOptions{RowGroupRows: 2000})
	tests := []struct {
		name     string
		cancelAt int // records before cancelling; 0: before NewReader
	}{
		{"before", 0},
		{"first batch", 10},
		{"later row group", 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tt.cancelAt == 0 {
				cancel()
			}
			rd := NewReader(ctx, bytes.NewReader(obj), int64(len(obj)), Options{})
			n := 0
			for rd.Scan() {
				if n++; n == tt.cancelAt {
					cancel()
				}
			}
			assert.Equal(t, context.Canceled, rd.Err())
			assert.GreaterOrEqual(t, n, tt.cancelAt)
			assert.LessOrEqual(t, n, tt.cancelAt+batchRows)
			if tt.cancelAt == 0 {
				assert.Zero(t, rd.Stats().Reads, "no I/O")
			}
		})
	}

	ctx, cancel := context.WithTimeout(t.Context(), 0)
	defer cancel()
	res := readWithAll(ctx, obj, Options{})
	assert.Empty(t, res.recs)
	assert.Equal(t, context.DeadlineExceeded, res.err)
}
