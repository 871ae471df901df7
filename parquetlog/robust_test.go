package parquetlog

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallObject is a two-row-group default-format object with nulls.
func smallObject(t testing.TB) []byte {
	fm := flowlog.DefaultFormat()
	return writeParquet(t, fm, parseLines(t, fm, genLines(fm, 60, t0, 5)),
		WriterOptions{RowGroupRows: 30, PageBytes: 512})
}

func TestCorrupt(t *testing.T) {
	obj := smallObject(t)
	tests := []struct {
		name string
		obj  []byte
	}{
		{"empty", nil},
		{"magic only", []byte("PAR1")},
		{"truncated half", obj[:len(obj)/2]},
		{"truncated footer", obj[:len(obj)-3]},
		{"no trailing magic", append(bytes.Clone(obj[:len(obj)-4]), "XXXX"...)},
		{"not parquet", bytes.Repeat([]byte("2 123 eni-1 - - - - - - - 1 2 - NODATA\n"), 10)},
		{"pages zeroed", zeroed(obj, 4, len(obj)/2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readFunc(tt.obj, Options{Source: "s3://b/k.log.parquet"}, func(*flowlog.Record) error { return nil })
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrCorrupt)
			assert.Contains(t, err.Error(), "s3://b/k.log.parquet")
		})
	}
}

func zeroed(b []byte, lo, hi int) []byte {
	c := bytes.Clone(b)
	clear(c[lo:hi])
	return c
}

func TestEmitErrorAndContext(t *testing.T) {
	obj := smallObject(t)
	stop := errors.New("stop")
	n := 0
	_, err := readFunc(obj, Options{}, func(*flowlog.Record) error {
		if n++; n == 5 {
			return stop
		}
		return nil
	})
	assert.Equal(t, stop, err, "emit's error comes back unwrapped")
	assert.Equal(t, 5, n)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Read(ctx, bytes.NewReader(obj), int64(len(obj)), Options{}, func(*flowlog.Record) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestNotFlowLog(t *testing.T) {
	_, err := readFunc(notFlowLogObject(t), Options{Source: "k"}, func(*flowlog.Record) error { return nil })
	assert.ErrorIs(t, err, ErrNotFlowLog)
}

// notFlowLogObject is a Parquet object whose columns are named like no
// flow log field.
func notFlowLogObject(t testing.TB) []byte {
	fm := mustFormat(t, "${x-one} ${x-two}")
	rec := &flowlog.Record{}
	rec.Reset(fm)
	return writeParquet(t, fm, []*flowlog.Record{rec}, WriterOptions{})
}

// TestUnknownAndBadValues checks that columns flowq does not know are
// carried as text (as the text reader carries them), and that values a
// field cannot take make the row malformed, not the object.
func TestUnknownAndBadValues(t *testing.T) {
	obj := badValuesObject(t)
	var bad []*flowlog.ParseError
	got, st := readAll(t, obj, Options{Source: "k", OnMalformed: func(e *flowlog.ParseError) { bad = append(bad, e) }})
	assert.Equal(t, []string{"10.0.0.1 443 ACCEPT hello", "10.0.0.3 - - -", "10.0.0.4 22 REJECT 42"}, got)
	assert.Empty(t, st.Ignored)
	assert.Equal(t, int64(1), st.Malformed)
	require.Len(t, bad, 1)
	assert.Equal(t, int64(2), bad[0].Line)
	assert.Equal(t, "srcaddr", bad[0].Field)
	assert.ErrorIs(t, bad[0], flowlog.ErrNotAddr)
	assert.Contains(t, bad[0].Error(), "k:2")

	// Asked for known fields only, the unknown column (and the bad
	// address) is not read.
	got, _ = readAll(t, obj, Options{Fields: flowlog.SetOf(flowlog.DstPort)})
	assert.Equal(t, []string{"443", "80", "-", "22"}, got)
}

// badValuesObject is an object with a column flowq does not know and, in
// row 2, an address that does not parse.
func badValuesObject(t testing.TB) []byte {
	wfm := mustFormat(t, "${srcaddr} ${dstport} ${action} ${future-field}")
	lines := []string{"10.0.0.1 443 ACCEPT hello", "not-an-ip 80 REJECT x", "10.0.0.3 - - -", "10.0.0.4 22 REJECT 42"}
	return writeParquet(t, wfm, parseLinesLenient(t, wfm, lines), WriterOptions{})
}

// parseLinesLenient builds records token by token, keeping text that does
// not parse (the Writer writes string columns verbatim).
func parseLinesLenient(t testing.TB, fm *flowlog.Format, lines []string) []*flowlog.Record {
	var out []*flowlog.Record
	rd := flowlog.NewReader(bytes.NewReader([]byte(joinLines(lines))), flowlog.ReaderOptions{Format: fm, Fields: &flowlog.FieldSet{}})
	for rd.Scan() {
		require.NoError(t, rd.Err())
		out = append(out, rd.Record().Clone())
	}
	return out
}

func joinLines(lines []string) string {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// FuzzRead feeds mutated small objects to Read: it must return (an error or
// records), never panic or hang.
func FuzzRead(f *testing.F) {
	f.Add(smallObject(f))
	fm := mustFormat(f, flowlog.TGWDefaultFormat)
	f.Add(writeParquet(f, fm, parseLines(f, fm, genLines(fm, 20, t0, 6)), WriterOptions{PageBytes: 256}))
	if seeds, _ := filepath.Glob("testdata/corpus/*.parquet"); len(seeds) > 0 {
		for _, s := range seeds {
			b, err := os.ReadFile(s)
			require.NoError(f, err)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, obj []byte) {
		rng := func(fld flowlog.Field) (int64, int64, bool) {
			return t0, t0 + 600, fld == flowlog.Start
		}
		for _, opts := range []Options{{}, {Range: rng, Fields: flowlog.SetOf(flowlog.Start, flowlog.SrcAddr)}} {
			_, err := readFunc(obj, opts, func(r *flowlog.Record) error { _ = r.String(); return nil })
			if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotFlowLog) {
				t.Fatalf("error not classified: %v", err)
			}
		}
	})
}
