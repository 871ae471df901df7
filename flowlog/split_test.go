package flowlog

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testedMask is one maskFunc under test.
type testedMask struct {
	name string
	impl maskImpl
	fill maskFunc
}

// maskImpls lists every maskFunc this machine can run: the portable one
// always, so that it is tested where the SIMD ones are chosen, and the
// assembly ones the CPU has (archMaskImpls).
func maskImpls(t testing.TB) []testedMask {
	impls := append([]testedMask{{"swar", maskSWAR, masksSWAR}}, archMaskImpls(t)...)
	return impls
}

var splitCases = []string{"", " ", "a", "a b", "a  b", "\ta\t\tb\t", "abcdefgh ijklmnop", "abcdefg hijklmno p",
	" lead", "trail ", "trail \r", "x\ry \xff\x80 z", strings.Repeat("x ", 300), v2Accept, v5Line, v2IPv6,
	v2Accept + " extra", "2 3", strings.Repeat("y", 600) + " z", strings.Repeat("w", 63) + " ",
	strings.Repeat("w", 64) + " v", strings.Repeat("u ", 32), strings.Repeat("t\t", 700),
	strings.Repeat("s", chunkBytes-1) + " r", strings.Repeat("s", chunkBytes) + " r",
	strings.Repeat("q", chunkBytes) + " ", strings.Repeat("p ", chunkBytes), strings.Repeat("o", 3*chunkBytes),
	strings.Repeat("ab ", 42) + "a", strings.Repeat("c d ", 30) + "e f"} // the last 8 bytes end a word

// checkSplit compares one splitter with the reference splitSpans on line:
// the count, the tab flag and every span, for every number of wanted
// spans up to the count and past it.
func checkSplit(t *testing.T, sp splitter, line []byte) {
	t.Helper()
	checkWanted(t, line, func(got []span, n int) (int, bool) { return sp.split(got, n, line) })
}

// checkSplitLine compares splitLine on text, whose first newline ends
// line (at len(line); -1 for none), with the reference on line.
func checkSplitLine(t *testing.T, sp splitter, text []byte, end int) {
	t.Helper()
	gl, _, _ := sp.splitLine(make([]span, 64), 0, text)
	require.Equal(t, end, gl, "line end in %q", text)
	if end < 0 {
		return
	}
	checkWanted(t, text[:end], func(got []span, n int) (int, bool) {
		gl, gn, tabs := sp.splitLine(got, n, text)
		require.Equal(t, end, gl, "line end in %q", text)
		return gn, tabs
	})
}

// checkWanted holds split, which splits line into its spans argument up
// to the number asked, to the reference, for numbers of spans up to the
// count and past it: the count, the tab flag, the spans asked for, and
// nothing written past them.
func checkWanted(t *testing.T, line []byte, split func(spans []span, n int) (count int, tabs bool)) {
	t.Helper()
	want := make([]span, len(line)+1)
	wn := splitSpans(want, line)
	for _, n := range []int{0, 1, 3, wn / 2, wn - 1, wn, wn + 1, 14} {
		if n < 0 || n > len(want) {
			continue
		}
		got := make([]span, len(want))
		gn, tabs := split(got, n)
		require.Equal(t, wn, gn, "count of %q", line)
		require.Equal(t, bytes.IndexByte(line, '\t') >= 0, tabs, "tabs in %q", line)
		stored := min(n, wn)
		require.Equal(t, want[:stored], got[:stored], "%d spans of %q", n, line)
		require.Equal(t, make([]span, len(got)-stored), got[stored:], "spans past %d of %q", stored, line)
	}
}

func TestSplitLine(t *testing.T) {
	for _, impl := range maskImpls(t) {
		t.Run(impl.name, func(t *testing.T) {
			sp := splitter{impl: impl.impl}
			for _, line := range splitCases {
				checkSplitLine(t, sp, []byte(line+"\n"), len(line))
				checkSplitLine(t, sp, []byte(line+"\nnext line\t2\n"), len(line))
				checkSplitLine(t, sp, []byte(line+"\n\n"), len(line))
				checkSplitLine(t, sp, []byte(line), -1)
				// No newline in text, but one right after it.
				buf := []byte(line + "\n")
				checkSplitLine(t, sp, buf[:len(line)], -1)
			}
		})
	}
}

// checkShortLine holds splitShortLine to the reference split of line,
// which text holds followed by a newline: it splits every line shorter
// than shortLineBytes whose blocks have at most 32 token boundaries, and
// no other.
func checkShortLine(t *testing.T, sp splitter, text []byte, line string) {
	t.Helper()
	want := make([]span, len(line)+1)
	wn := splitSpans(want, []byte(line))
	got := make([]span, 3, shortLineBytes/4)
	n, count, tabs := sp.splitShortLine(got, text)
	if n < 0 {
		require.False(t, len(line) < shortLineBytes && boundariesPerBlock(want[:min(wn, len(want))]) <= 32,
			"%q not split", line)
		return
	}
	require.Equal(t, len(line), n, "line end in %q", text)
	require.Equal(t, wn, count, "count of %q", line)
	require.Equal(t, strings.Contains(line, "\t"), tabs, "tabs in %q", line)
	require.Equal(t, want[:wn], got[:wn], "spans of %q", line)
}

// boundariesPerBlock returns the most token starts and ends in one
// 64-byte block of a line split into spans.
func boundariesPerBlock(spans []span) int {
	var per [shortLineBytes/64 + 1]int
	for _, s := range spans {
		per[min(s.lo/64, uint32(len(per)-1))]++
		per[min(s.hi/64, uint32(len(per)-1))]++
	}
	return slices.Max(per[:])
}

func TestSplitShortLine(t *testing.T) {
	sp := splitter{impl: bestMasks()}
	if sp.impl != maskVBMI2 {
		t.Skip("splitShortLine splits nothing without AVX-512 VBMI2")
	}
	pad := strings.Repeat("x y\t", shortLineBytes)
	for _, line := range append(splitCases, strings.Repeat("ab ", 42), v2Accept[:100], strings.Repeat("z", 127)) {
		checkShortLine(t, sp, []byte(line+"\n"+pad), line)
		checkShortLine(t, sp, []byte(line+"\n\n"+pad), line)
	}
	_, _, _ = sp.splitShortLine(nil, []byte(pad))
	n, _, _ := sp.splitShortLine(make([]span, 0, 32), []byte(strings.Repeat("q", 200)))
	assert.Equal(t, -1, n, "no newline")
	n, _, _ = sp.splitShortLine(make([]span, 0, 32), []byte(v2Accept+"\n"))
	assert.Equal(t, -1, n, "fewer than shortLineBytes bytes readable")
	mem, ok := guardedPage(t)
	if !ok {
		return
	}
	for _, line := range []string{v2Accept, v2NoData, strings.Repeat("w", 127)} {
		b := mem[len(mem)-shortLineBytes:]
		copy(b, line+"\n"+strings.Repeat(" ", shortLineBytes))
		checkShortLine(t, sp, b, line)
	}
}

func TestSplitFields(t *testing.T) {
	for _, impl := range maskImpls(t) {
		t.Run(impl.name, func(t *testing.T) {
			sp := splitter{impl: impl.impl}
			for _, line := range splitCases {
				checkSplit(t, sp, []byte(line))
				// Inside a larger buffer, followed by separators: no
				// implementation may see them.
				buf := []byte(line + "        x y\tz")
				checkSplit(t, sp, buf[:len(line)])
			}
		})
	}
}

// TestSplitAtPageEnd puts lines against an unreadable page: a splitter
// that loads past the end of a line there would crash.
func TestSplitAtPageEnd(t *testing.T) {
	mem, ok := guardedPage(t)
	if !ok {
		return
	}
	for _, impl := range maskImpls(t) {
		sp := splitter{impl: impl.impl}
		for _, line := range splitCases {
			if len(line) > len(mem) {
				continue
			}
			b := mem[len(mem)-len(line):]
			copy(b, line)
			checkSplit(t, sp, b)
			checkSplitLine(t, sp, b, -1)
			if len(line) < len(mem) {
				b = mem[len(mem)-len(line)-1:]
				copy(b, line+"\n")
				checkSplitLine(t, sp, b, len(line))
			}
		}
	}
}

func TestMasksAgree(t *testing.T) {
	impls := maskImpls(t)
	for _, line := range splitCases {
		chunk := []byte(line)[:min(len(line), chunkBytes)]
		var ref [chunkBytes/64 + 1]uint64
		refTabs := masksSWAR(chunk, ref[:])
		for _, impl := range impls[1:] {
			var got [chunkBytes/64 + 1]uint64
			tabs := impl.fill(chunk, got[:])
			words := len(chunk) / 64
			assert.Equal(t, ref[:words], got[:words], "%s: %q", impl.name, line)
			if r := len(chunk) % 64; r != 0 {
				keep := uint64(1)<<r - 1
				assert.Equal(t, ref[words]&keep, got[words]&keep, "%s: last word of %q", impl.name, line)
			}
			assert.Equal(t, refTabs, tabs, "%s: %q", impl.name, line)
		}
	}
}

// FuzzSplitFields runs every splitter against the reference on arbitrary
// bytes: any number of fields, runs of spaces and tabs, CR, bytes ≥ 0x80.
func FuzzSplitFields(f *testing.F) {
	for _, s := range splitCases {
		f.Add(s, uint8(14))
	}
	f.Add(strings.ReplaceAll(v2Accept, " ", " \t "), uint8(5))
	f.Fuzz(func(t *testing.T, line string, n uint8) {
		want := make([]span, 300)
		wn := splitSpans(want, []byte(line))
		buf := []byte(line + "  a b\t")
		for _, impl := range maskImpls(t) {
			got := make([]span, 300)
			k := min(int(n), len(got))
			gn, tabs := splitter{impl: impl.impl}.split(got, k, buf[:len(line)])
			if gn != wn || tabs != strings.Contains(line, "\t") {
				t.Fatalf("%s: %q: %d tokens (tabs %v), want %d", impl.name, line, gn, tabs, wn)
			}
			for i := range min(wn, k) {
				if want[i] != got[i] {
					t.Fatalf("%s: %q: token %d at %v, want %v", impl.name, line, i, got[i], want[i])
				}
			}
			if strings.Contains(line, "\n") {
				continue
			}
			if impl.impl == maskVBMI2 {
				checkShortLine(t, splitter{impl: maskVBMI2}, []byte(line+"\n"+line+strings.Repeat(" ", shortLineBytes)), line)
			}
			lineBuf := []byte(line + "\n" + line)
			ln, lc, _ := splitter{impl: impl.impl}.splitLine(got, k, lineBuf)
			if ln != len(line) || lc != wn {
				t.Fatalf("%s: splitLine %q: length %d, %d tokens, want %d, %d", impl.name, line, ln, lc, len(line), wn)
			}
			for i := range min(wn, k) {
				if want[i] != got[i] {
					t.Fatalf("%s: splitLine %q: token %d at %v, want %v", impl.name, line, i, got[i], want[i])
				}
			}
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	for _, c := range []struct{ name, line string }{{"v2", v2Accept}, {"v5", v5Line}} {
		line := []byte(c.line)
		spans := make([]span, 64)
		for _, impl := range maskImpls(b) {
			sp := splitter{impl: impl.impl}
			b.Run("line="+c.name+"/impl="+impl.name, func(b *testing.B) {
				b.SetBytes(int64(len(line)))
				b.ReportAllocs()
				for b.Loop() {
					sp.split(spans, len(spans), line)
				}
			})
		}
		if sp := (splitter{impl: bestMasks()}); sp.impl == maskVBMI2 && len(line) < shortLineBytes {
			text := []byte(c.line + "\n" + c.line + "\n")
			b.Run("line="+c.name+"/impl=vbmi2-short-line", func(b *testing.B) {
				b.SetBytes(int64(len(line)))
				b.ReportAllocs()
				for b.Loop() {
					sp.splitShortLine(spans, text)
				}
			})
		}
		b.Run("line="+c.name+"/impl=bitmap-old", func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				oldSplitSpaces(spans, line)
			}
		})
		b.Run("line="+c.name+"/impl=bytewise", func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				splitSpans(spans, line)
			}
		})
	}
}

// oldSplitSpaces is the splitter flowq had before the mask walk (spaces
// only, one word of marks at a time), kept as the baseline of
// BenchmarkSplit.
func oldSplitSpaces(spans []span, line []byte) int {
	n := len(line)
	count, start := 0, 0
	for w := 0; w < n; w += 8 {
		var z uint64
		switch {
		case w+8 <= n:
			z = oldSpaceMask(binary.LittleEndian.Uint64(line[w:]))
		case w+8 <= cap(line):
			z = oldSpaceMask(binary.LittleEndian.Uint64(line[w:w+8])) & (1<<(8*(n-w)) - 1)
		default:
			tail := [8]byte{'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'}
			copy(tail[:], line[w:])
			z = oldSpaceMask(binary.LittleEndian.Uint64(tail[:]))
		}
		for z != 0 {
			p := w + bits.TrailingZeros64(z)>>3
			z &= z - 1
			if p > start {
				if count < len(spans) {
					spans[count] = span{uint32(start), uint32(p)}
				}
				count++
			}
			start = p + 1
		}
	}
	if start < n {
		if count < len(spans) {
			spans[count] = span{uint32(start), uint32(n)}
		}
		count++
	}
	return count
}

func oldSpaceMask(w uint64) uint64 {
	x := w ^ spaces
	t := (x & low7) + low7
	return ^(t | x | low7)
}
