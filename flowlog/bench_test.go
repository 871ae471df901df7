package flowlog

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeatReader serves the same block of lines forever without allocating.
type repeatReader struct {
	data []byte
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

func newRepeatReader(line string) *repeatReader {
	return &repeatReader{data: []byte(strings.Repeat(line+"\n", 1000))}
}

func TestScanAllocatesNothing(t *testing.T) {
	lazy := SetOf(DstPort, Action)
	tests := []struct {
		name   string
		format string
		line   string
		fields *FieldSet
	}{
		{"v2 full", VPCDefaultFormat, v2Accept, nil},
		{"v2 lazy", VPCDefaultFormat, v2Accept, &lazy},
		{"v2 IPv6 full", VPCDefaultFormat, v2IPv6, nil},
		{"v5 full", v5Format, v5Line, nil},
		{"v5 lazy", v5Format, v5Line, &lazy},
		{"NODATA", VPCDefaultFormat, v2NoData, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFormat(tt.format)
			require.NoError(t, err)
			rd := NewReader(newRepeatReader(tt.line), ReaderOptions{Format: f, Fields: tt.fields})
			allocs := testing.AllocsPerRun(10000, func() {
				if !rd.Scan() || rd.Malformed() != 0 {
					t.Fatal("no record", rd.Err())
				}
				r := rd.Record()
				_, _ = r.Addr(SrcAddr)
				_, _ = r.Int(DstPort)
				_ = r.Action()
				_ = r.Column(r.Format().Len() - 1) // past what a lazy parse splits
			})
			assert.Equal(t, 0.0, allocs)
		})
	}
}

func BenchmarkParse(b *testing.B) {
	lazy := SetOf(DstPort, Action)
	cases := []struct {
		name   string
		format string
		line   string
		fields *FieldSet
	}{
		{"v2-full", VPCDefaultFormat, v2Accept, nil},
		{"v2-lazy", VPCDefaultFormat, v2Accept, &lazy},
		{"v5-full", v5Format, v5Line, nil},
		{"v5-lazy", v5Format, v5Line, &lazy},
	}
	for _, c := range cases {
		f := mustParseFormat(c.format)
		b.Run(c.name+"/flowq", func(b *testing.B) {
			rd := NewReader(newRepeatReader(c.line), ReaderOptions{Format: f, Fields: c.fields})
			b.SetBytes(int64(len(c.line) + 1))
			b.ReportAllocs()
			for b.Loop() {
				if !rd.Scan() || rd.Malformed() != 0 {
					b.Fatal("no record", rd.Err())
				}
			}
		})
		b.Run(c.name+"/baseline", func(b *testing.B) {
			data := []byte(strings.Repeat(c.line+"\n", 1000))
			b.SetBytes(int64(len(c.line) + 1))
			b.ReportAllocs()
			off := 0
			for b.Loop() {
				i := bytes.IndexByte(data[off:], '\n')
				if _, err := referenceParse(f, string(data[off:off+i])); err != nil {
					b.Fatal(err)
				}
				off = (off + i + 1) % len(data)
			}
		})
	}
}

// refValue is one field as the reference parser sees it.
type refValue struct {
	null bool
	num  int64
	addr netip.Addr
	text string
}

// referenceParse is the simple, obviously-correct parser that the tests and
// fuzzers compare against: strings.Fields, strconv and netip, with no
// concern for speed.
func referenceParse(f *Format, line string) ([]refValue, error) {
	if n := len(line); n > 14 && line[13] == ',' {
		if _, err := strconv.ParseUint(line[:13], 10, 64); err == nil {
			line = line[14:]
		}
	}
	// Fields are separated by spaces and tabs, and by nothing else.
	toks := strings.FieldsFunc(line, func(c rune) bool { return c == ' ' || c == '\t' })
	if len(toks) > 0 && len(toks[0]) > 20 && toks[0][4] == '-' && toks[0][10] == 'T' && strings.HasSuffix(toks[0], "Z") {
		toks = toks[1:]
	}
	if len(toks) != f.Len() {
		return nil, ErrFieldCount
	}
	out := make([]refValue, len(toks))
	for i, tok := range toks {
		fld := f.Field(i)
		if tok == "-" {
			out[i].null = true
			continue
		}
		if fld == Unknown {
			out[i].text = tok
			continue
		}
		switch fld.Kind() {
		case KindInt, KindTime:
			if strings.HasPrefix(tok, "+") {
				return nil, ErrNotNumber
			}
			v, err := strconv.ParseInt(tok, 10, 64)
			if err != nil || v < 0 || len(tok) > 18 {
				return nil, ErrNotNumber
			}
			if m := fld.Info().Max; m > 0 && v > m {
				return nil, ErrRange
			}
			if fld.Kind() == KindTime && v >= msThreshold {
				v /= 1000
			}
			out[i].num = v
		case KindAddr:
			a, err := netip.ParseAddr(tok)
			if err != nil || a.Zone() != "" {
				return nil, ErrNotAddr
			}
			out[i].addr = a
		case KindEnum:
			code, ok := EnumCode(fld, tok)
			if !ok {
				return nil, ErrBadEnum
			}
			out[i].num = code
		default:
			out[i].text = tok
		}
	}
	return out, nil
}
