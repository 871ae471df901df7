package flowlog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitSpaces(t *testing.T) {
	for _, line := range []string{"", "a", "a b", "a  b", "abcdefgh ijklmnop", "abcdefg hijklmno p",
		" lead", "trail ", strings.Repeat("x ", 300), v2Accept, v5Line, strings.Repeat("y", 600) + " z"} {
		want := make([]span, 700)
		got := make([]span, 700)
		wn := splitSpans(want, []byte(line))
		gn := splitSpaces(got, []byte(line))
		assert.Equal(t, wn, gn, line)
		assert.Equal(t, want[:wn], got[:gn], line)
		// A line inside a larger buffer, followed by spaces: the last
		// word reads past the end, and must not see them.
		buf := []byte(line + "        x y z")
		gn = splitSpaces(got, buf[:len(line)])
		assert.Equal(t, wn, gn, line)
		assert.Equal(t, want[:wn], got[:gn], line)
	}
}

func FuzzSplitSpaces(f *testing.F) {
	f.Add(v2Accept)
	f.Add("a  b   c")
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "\t") {
			return // tabs are turned into spaces before splitting
		}
		want := make([]span, 64)
		got := make([]span, 64)
		wn := splitSpans(want, []byte(line))
		buf := []byte(line + "  a b ")
		gn := splitSpaces(got, buf[:len(line)])
		if wn != gn {
			t.Fatalf("%q: %d tokens, want %d", line, gn, wn)
		}
		for i := range min(wn, 64) {
			if want[i] != got[i] {
				t.Fatalf("%q: token %d at %v, want %v", line, i, got[i], want[i])
			}
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	for _, c := range []struct{ name, line string }{{"v2", v2Accept}, {"v5", v5Line}} {
		line := []byte(c.line)
		spans := make([]span, 64)
		b.Run(c.name+"/bitmap", func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				splitSpaces(spans, line)
			}
		})
		b.Run(c.name+"/bytewise", func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				splitSpans(spans, line)
			}
		})
		b.Run(c.name+"/word-at-a-time", func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				i, n := 0, 0
				for i < len(line) {
					j := nextSpace(line, i)
					spans[n] = span{uint32(i), uint32(j)}
					n++
					i = j + 1
				}
			}
		})
	}
}
