package flowlog

import (
	"fmt"
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
		full, lazyOK := rd.Scan(), lz.Scan()
		if rd.Err() != nil || lz.Err() != nil {
			t.Fatalf("stream errors on a string: %v, %v", rd.Err(), lz.Err())
		}
		if !full {
			// Blank or malformed (the differential below is for accepted
			// lines); the lazy reader may still accept a line whose bad
			// value it did not decode.
			if rd.Malformed() == 0 && lazyOK {
				t.Fatalf("lazy reader found a record in %q, a blank or header line to the full one", line)
			}
			return
		}
		if !lazyOK {
			t.Fatalf("lazy reader rejected %q, which the full reader accepts", line)
		}
		if rd.Record().Format() == format {
			for i := range format.Len() {
				if string(rd.Record().Column(i)) != string(lz.Record().Column(i)) {
					t.Fatalf("column %d: lazy %q, full %q", i, lz.Record().Column(i), rd.Record().Column(i))
				}
			}
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
		if !again.Scan() || again.Malformed() != 0 {
			t.Fatalf("round trip of %q failed", text)
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
// must account for every non-blank line as a record, a header or a
// malformed line, reported once.
func FuzzReaderStream(f *testing.F) {
	f.Add(v2Header + "\n" + v2Accept + "\r\n\n" + v2NoData)
	f.Add("version srcaddr\n10.0.0.1\nsrcaddr\n1.2.3.4 5\n")
	f.Fuzz(func(t *testing.T, in string) {
		var reported int64
		rd := NewReader(strings.NewReader(in), ReaderOptions{MaxLineBytes: 64,
			OnMalformed: func(*ParseError) { reported++ }})
		var records int64
		for rd.Scan() {
			records++
		}
		if rd.Err() != nil {
			t.Fatal(rd.Err())
		}
		nonBlank, headerLike := 0, 0
		for _, l := range strings.Split(in, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				nonBlank++
				if isLower(l[0]) {
					headerLike++
				}
			}
		}
		if reported != rd.Malformed() {
			t.Fatalf("%d malformed lines counted, %d reported", rd.Malformed(), reported)
		}
		if got := records + reported; got > int64(nonBlank) || got < int64(nonBlank-headerLike) {
			t.Fatalf("%d records and %d malformed lines from %d non-blank lines (%d header-like)",
				records, reported, nonBlank, headerLike)
		}
	})
}

// FuzzReaderInPlace holds ResetBytes to Reset, and the Reader's path for
// common lines to the one for all lines: for any stream, reading the text
// in place, or through an io.Reader, or with the reference splitter (which
// takes every line the long way), gives the same records and the same
// malformed lines, by line number and error.
func FuzzReaderInPlace(f *testing.F) {
	f.Add(v2Header + "\n" + v2Accept + "\r\n\n" + v2NoData)
	f.Add(strings.ReplaceAll(v2Reject, " ", "\t") + "\n" + strings.Repeat("x", 80) + "\n" + v2Accept)
	f.Add(v2Accept + "\n" + strings.Repeat("2 ", 70))
	f.Add(v2Accept + "\n" + v2Reject + " \n" + v2Accept + "\r\n" + "2014-12-14T04:06:50.000Z " + v2Accept + "\n" +
		"1418530010000," + v2Accept + "\n2 x\n" + v2NoData + "\n" + v2Header + "\n" + v2IPv6 + "\n")
	f.Add(v2Accept + "\n" + strings.Replace(v2Accept, "22", "x", 1) + "\n" + strings.Replace(v2Accept, "ACCEPT", "OK", 1))
	f.Fuzz(func(t *testing.T, in string) {
		streamed, inPlace, longWay := readTrace(in, false, false), readTrace(in, true, false), readTrace(in, false, true)
		if streamed != inPlace || streamed != longWay {
			t.Fatalf("streamed:\n%s\nin place:\n%s\nthe long way:\n%s", streamed, inPlace, longWay)
		}
	})
}

// readTrace reads every record and malformed line of in, through an
// io.Reader or in place, and describes them, one a line. longWay reads
// every line with the reference splitter, by nextLine and handleLine.
func readTrace(in string, inPlace, longWay bool) string {
	var b strings.Builder
	lazy := SetOf(DstPort, Action)
	opts := ReaderOptions{MaxLineBytes: 128, Fields: &lazy, OnMalformed: func(pe *ParseError) {
		fmt.Fprintf(&b, "malformed %d: %v\n", pe.Line, pe.Err)
	}}
	rd := NewReader(strings.NewReader(in), opts)
	if inPlace {
		rd.ResetBytes([]byte(in), opts)
	}
	if longWay {
		rd.split = splitter{impl: splitReference}
	}
	for rd.Scan() {
		rec := rd.Record()
		port, _ := rec.Int(DstPort)
		fmt.Fprintf(&b, "record %d: %s (%d %v %v)\n", rec.LineNumber(), rec.Line(), port, rec.Action(), rec.Decode(AllFields()))
	}
	fmt.Fprintf(&b, "lines %d, malformed %d, err %v\n", rd.Lines(), rd.Malformed(), rd.Err())
	return b.String()
}
