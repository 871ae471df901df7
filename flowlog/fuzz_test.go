package flowlog

import (
	"strings"
	"testing"
)

// FuzzParseLine checks, for any line, that the Reader never panics, that it
// agrees with the strings.Fields reference parser, and that parse →
// AppendTo → parse is stable.
func FuzzParseLine(f *testing.F) {
	for _, seed := range []string{v2Accept, v2Reject, v2NoData, v2Skip, v2IPv6, "2 x", "", "-", "2  1 -",
		"2014-12-14T04:06:50.000Z " + v2Accept, "1418530010000," + v2Accept, strings.ReplaceAll(v2Accept, " ", "\t")} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, line string, v5 bool) {
		if strings.ContainsAny(line, "\n\r") {
			return // one line at a time; stream splitting has its own tests
		}
		format := DefaultFormat()
		if v5 {
			format = mustParseFormat(v5Format)
		}
		// Lazily decoded records take the bitmap splitter; they must agree.
		lazy := SetOf(DstPort, Action)
		lz := NewReader(strings.NewReader(line), ReaderOptions{Format: format, Fields: &lazy})
		rd := NewReader(strings.NewReader(line), ReaderOptions{Format: format})
		if !rd.Scan() {
			return // blank line
		}
		if !lz.Scan() {
			t.Fatalf("lazy reader found no line in %q", line)
		}
		if rd.Err() == nil && lz.Err() == nil && rd.Record().Format() == format {
			for i := range format.Len() {
				if string(rd.Record().Column(i)) != string(lz.Record().Column(i)) {
					t.Fatalf("column %d: lazy %q, full %q", i, lz.Record().Column(i), rd.Record().Column(i))
				}
			}
		}
		if rd.Err() != nil {
			return // malformed (differential checked below only for accepted lines)
		}
		rec := rd.Record()
		if rec.Format() != format {
			return // the line was a header
		}
		want, err := referenceParse(format, string(rec.Line()))
		if err != nil {
			t.Fatalf("flowq accepted %q, the reference rejects it: %v", line, err)
		}
		for i, w := range want {
			checkAgainstReference(t, rec, i, w)
		}
		text := rec.String()
		again := NewReader(strings.NewReader(text), ReaderOptions{Format: format})
		if !again.Scan() || again.Err() != nil {
			t.Fatalf("round trip of %q failed: %v", text, again.Err())
		}
		if got := again.Record().String(); got != text {
			t.Fatalf("round trip changed %q to %q", text, got)
		}
	})
}

func checkAgainstReference(t *testing.T, rec *Record, col int, w refValue) {
	fld := rec.Format().Field(col)
	if fld == Unknown {
		return
	}
	if w.null != rec.IsNull(fld) {
		t.Fatalf("column %d (%s): null %v, reference %v", col, fld, rec.IsNull(fld), w.null)
	}
	if w.null {
		return
	}
	switch fld.Kind() {
	case KindInt, KindTime, KindEnum:
		if v, _ := rec.Int(fld); v != w.num {
			t.Fatalf("column %d (%s): %d, reference %d", col, fld, v, w.num)
		}
	case KindAddr:
		if a, _ := rec.Addr(fld); a != w.addr {
			t.Fatalf("column %d (%s): %v, reference %v", col, fld, a, w.addr)
		}
	default:
		if string(rec.Raw(fld)) != w.text {
			t.Fatalf("column %d (%s): %q, reference %q", col, fld, rec.Raw(fld), w.text)
		}
	}
}

// FuzzReaderStream feeds arbitrary streams: the Reader must not panic and
// must account for every non-blank line as a record, a header or an error.
func FuzzReaderStream(f *testing.F) {
	f.Add(v2Header + "\n" + v2Accept + "\r\n\n" + v2NoData)
	f.Add("version srcaddr\n10.0.0.1\nsrcaddr\n1.2.3.4 5\n")
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), ReaderOptions{MaxLineBytes: 64})
		for rd.Scan() {
			if rd.Err() == nil && rd.Record() == nil {
				t.Fatal("no record and no error")
			}
		}
		if rd.Err() != nil {
			t.Fatal(rd.Err())
		}
	})
}
