package filter

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
)

// lineText returns n varied v2 lines (addresses, ports, protocols, counts,
// actions from a fixed seed, a few NODATA records), one per line: about a
// quarter have dstport 443, an eighth of those are rejected, and
// 198.51.100.77 is one address in 64.
func lineText(n int) string {
	rng := rand.New(rand.NewPCG(7, 8))
	var sb strings.Builder
	addr := func() string {
		if rng.IntN(64) == 0 {
			return "198.51.100.77"
		}
		if rng.IntN(2) == 0 {
			return fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256))
		}
		return fmt.Sprintf("172.31.%d.%d", rng.IntN(256), rng.IntN(256))
	}
	for i := range n {
		start := 1_700_000_000 + i
		if rng.IntN(50) == 0 {
			fmt.Fprintf(&sb, "2 123456789010 eni-%017x - - - - - - - %d %d - NODATA\n", rng.Uint64()>>4, start, start+60)
			continue
		}
		action := "ACCEPT"
		if rng.IntN(8) == 0 {
			action = "REJECT"
		}
		fmt.Fprintf(&sb, "2 123456789010 eni-%017x %s %s %d %d %d %d %d %d %d %s OK\n",
			rng.Uint64()>>4, addr(), addr(), 1024+rng.IntN(60000), []int{443, 22, 80, 5432}[rng.IntN(4)],
			[]int{6, 6, 17}[rng.IntN(3)], 1+rng.IntN(200), 40+rng.IntN(100000), start, start+60, action)
	}
	return sb.String()
}

// lineQueries are the end-to-end benchmark's queries and one that matches
// about a quarter of the records.
var lineQueries = []struct{ name, src string }{
	{"selective", "dstport = 443 and action = REJECT"},
	{"addr", "addr = 198.51.100.77"},
	{"cidr", "srcaddr in 10.0.0.0/8"},
	{"quarter", "dstport = 443"},
}

// BenchmarkParseMatch is a scan's work per line after decompression: the
// Reader decodes the filter's fields (and start and end, as a scan does)
// and the filter tests the record. One op is one line.
func BenchmarkParseMatch(b *testing.B) {
	const lines = 4096
	data := []byte(lineText(lines))
	for _, q := range lineQueries {
		f := MustCompile(q.src)
		fields := f.Fields().Union(flowlog.SetOf(flowlog.Start, flowlog.End))
		b.Run("query="+q.name, func(b *testing.B) {
			src := &cycleReader{data: data}
			rd := flowlog.NewReader(src, flowlog.ReaderOptions{Fields: &fields})
			b.SetBytes(int64(len(data) / lines))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if !rd.Scan() {
					b.Fatal(rd.Err())
				}
				if f.Match(rd.Record()) {
					n++
				}
			}
			if rd.Malformed() != 0 || n == 0 {
				b.Fatalf("%d malformed, %d matches", rd.Malformed(), n)
			}
		})
	}
}

// cycleReader serves data again and again without allocating.
type cycleReader struct {
	data []byte
	off  int
}

func (r *cycleReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}
