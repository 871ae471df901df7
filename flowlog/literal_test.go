package flowlog

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// literalRun is what a Reader made of a stream: its records and malformed
// lines by line number, and its counts.
type literalRun struct {
	records        map[int64]string
	malformed      map[int64]error
	lines, skipped int64
	err            error
}

func readLiteral(in string, lit Literal, format *Format, inPlace bool, impl skipper) literalRun {
	run := literalRun{records: map[int64]string{}, malformed: map[int64]error{}}
	lazy := SetOf(DstPort, Action)
	opts := ReaderOptions{Format: format, MaxLineBytes: 160, Fields: &lazy, Literal: lit,
		OnMalformed: func(pe *ParseError) { run.malformed[pe.Line] = pe.Err }}
	rd := NewReader(strings.NewReader(in), opts)
	if inPlace {
		rd.ResetBytes([]byte(in), opts)
	}
	if lit.Text != "" {
		rd.skip.impl = impl
	}
	for rd.Scan() {
		rec := rd.Record()
		run.records[rec.LineNumber()] = string(rec.Line())
	}
	run.lines, run.skipped, run.err = rd.Lines(), rd.Skipped(), rd.Err()
	return run
}

// holds reports whether line has l's bytes, folded as l says.
func holds(line string, l Literal) bool {
	if l.Fold {
		return bytes.Contains(bytes.ToLower([]byte(line)), bytes.ToLower([]byte(l.Text)))
	}
	return strings.Contains(line, l.Text)
}

// skippers are the skippers this machine runs, by name.
func skippers() map[string]skipper {
	impls := map[string]skipper{"go": skipPlainGo}
	if hasSkipAVX512 {
		impls["avx512"] = skipPlainAsm
	}
	if hasSkipAVX2 {
		impls["avx2"] = skipPlainAsm2
	}
	return impls
}

// checkLiteral holds a Reader given lit to one without it, with every
// skipper: the same lines;
// every record that holds lit, and every malformed line but for a bad
// value on a line passed over; and only lines without lit passed over,
// each a record of the plain read.
func checkLiteral(t *testing.T, in string, lit Literal, format *Format) {
	t.Helper()
	for name, impl := range skippers() {
		for _, inPlace := range []bool{false, true} {
			checkLiteralRun(t, in, lit, format, inPlace, impl, name)
		}
	}
}

func checkLiteralRun(t *testing.T, in string, lit Literal, format *Format, inPlace bool, impl skipper, name string) {
	t.Helper()
	plain, skipping := readLiteral(in, Literal{}, format, inPlace, nil), readLiteral(in, lit, format, inPlace, impl)
	require.Equal(t, plain.err, skipping.err, name)
	require.Equal(t, plain.lines, skipping.lines, "%s: lines", name)
	for n, line := range plain.records {
		got, ok := skipping.records[n]
		if !ok {
			require.False(t, holds(line, lit), "%s: line %d holds %q but was passed over", name, n, lit.Text)
			continue
		}
		require.Equal(t, line, got, "%s: line %d", name, n)
	}
	for n, line := range skipping.records {
		require.Contains(t, plain.records, n, "%s: line %d: %s", name, n, line)
	}
	unreported := 0 // bad values on lines passed over, which count as records
	lines := strings.Split(in, "\n")
	for n, err := range plain.malformed {
		got, ok := skipping.malformed[n]
		if !ok {
			require.False(t, errors.Is(err, ErrFieldCount), "%s: line %d: %v went unreported", name, n, err)
			require.False(t, holds(lines[n-1], lit), "%s: line %d holds %q but was passed over", name, n, lit.Text)
			unreported++
			continue
		}
		require.Equal(t, err.Error(), got.Error(), "%s: line %d", name, n)
	}
	require.Equal(t, len(plain.malformed), len(skipping.malformed)+unreported, "%s: malformed lines", name)
	require.Equal(t, int64(len(plain.records)+unreported), int64(len(skipping.records))+skipping.skipped,
		"%s: records, passed over or not", name)
}

func TestReaderLiteral(t *testing.T) {
	reject := Literal{Text: "REJECT", Fold: true, Fields: SetOf(Action)}
	accepts := strings.Repeat(v2Accept+"\n", 40)
	for _, c := range []struct {
		name    string
		in      string
		lit     Literal
		format  *Format
		records int   // returned: the last line is always read
		skipped int64 // passed over
	}{
		{"rejects among accepts", accepts + v2Reject + "\n" + accepts + v2Reject + "\n", reject, nil, 2 + 1, 79},
		{"lower case", accepts + strings.Replace(v2Reject, "REJECT", "reject", 1) + "\n" + accepts, reject, nil, 3, 78},
		// The new format has action too; its last three short lines are
		// within the last 69 bytes, which are read.
		{"a header changes the format", accepts + "version srcaddr action\n" + strings.Repeat("2 10.0.0.1 ACCEPT\n", 60), reject, nil, 4, 96},
		{"a field the format lacks", accepts, Literal{Text: "vpc-1", Fields: SetOf(VPCID)}, nil, 40, 0},
		{"a bad value passed over", accepts + strings.Replace(v2Accept, " 22 ", " 2x ", 1) + "\n" + accepts, reject, nil, 2, 79},
		{"a field count not passed over", accepts + strings.Replace(v2Accept, " OK", "", 1) + "\n" + accepts, reject, nil, 2, 78},
		{"a first line that is not a record", "garbage\n" + accepts, reject, nil, 2, 38},
	} {
		t.Run(c.name, func(t *testing.T) {
			format := c.format
			if format == nil {
				format = DefaultFormat()
			}
			run := readLiteral(c.in, c.lit, format, true, skipPlainGo)
			assert.Equal(t, c.records, len(run.records), "records returned")
			assert.Equal(t, c.skipped, run.skipped, "passed over")
			checkLiteral(t, c.in, c.lit, format)
		})
	}
}

// TestReaderLiteralStopsWhenCommon: when most lines hold the literal,
// skipping costs more than it saves, and the Reader stops trying.
func TestReaderLiteralStopsWhenCommon(t *testing.T) {
	lit := Literal{Text: "ACCEPT", Fold: true, Fields: SetOf(Action)}
	in := strings.Repeat(v2Accept+"\n", 3*skipCheckCalls)
	rd := NewReader(strings.NewReader(in), ReaderOptions{Literal: lit})
	rd.skip.impl = skipPlainGo
	for rd.Scan() {
	}
	require.NoError(t, rd.Err())
	assert.Zero(t, rd.Skipped())
	assert.False(t, rd.skip.on, "skipping is off")
	assert.True(t, rd.skip.gaveUp, "off at the first check, until the next Reset")
}

// FuzzReaderLiteral holds a Reader with a literal to one without, on any
// stream (checkLiteral).
func FuzzReaderLiteral(f *testing.F) {
	accepts := strings.Repeat(v2Accept+"\n", 3)
	f.Add(accepts+v2Reject+"\n"+accepts, "REJECT", true)
	f.Add(accepts+strings.Replace(v2Accept, " ", "  ", 1)+"\n"+accepts+"2 x\n"+accepts, "REJECT", true)
	f.Add(v2Header+"\n"+accepts+v2NoData+"\n"+accepts+"version srcaddr\n1.2.3.4\n", "172.31.16.21", false)
	f.Add(accepts+"2014-12-14T04:06:50.000Z "+v2Accept+"\n"+accepts+"1418530010000,"+v2Accept+"\n"+accepts, "22", false)
	f.Fuzz(func(t *testing.T, in, text string, fold bool) {
		lit := Literal{Text: text, Fold: fold, Fields: SetOf(DstPort)}
		if text == "" || lit.check() != nil {
			return
		}
		checkLiteral(t, in, lit, DefaultFormat())
	})
}
