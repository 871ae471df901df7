package flowlog

import (
	"strings"
	"testing"
)

// BenchmarkSkipPlain passes over a run of plain v2 lines that lack the
// needle, with the assembly skippers and, as their baseline, the Go one. One
// op is one line.
func BenchmarkSkipPlain(b *testing.B) {
	text := []byte(strings.Repeat(plainV2, 4000))
	nd := newNeedle(Literal{Text: "REJECT", Fold: true})
	for _, c := range []struct {
		name string
		skip func([]byte, int, int, *needle) (int, int)
	}{{"avx512", skipPlainAsm}, {"avx2", skipPlainAsm2}, {"go", skipPlainGo}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(plainV2)))
			b.ReportAllocs()
			lines := 0
			for b.Loop() {
				if lines == 0 {
					var n int
					n, lines = c.skip(text, 14, 1<<20, &nd)
					if n == 0 {
						b.Fatal("nothing passed over")
					}
				}
				lines--
			}
		})
	}
}
