package filter

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
)

// benchRecords returns n decoded records in the default format with
// addresses, ports and actions drawn from a fixed seed; about one in eight
// matches the 3-term filter.
func benchRecords(b *testing.B, n int) []*flowlog.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range n {
		src := "172.32.21.19"
		if rng.IntN(2) == 0 {
			src = fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256))
		}
		dport := []int{443, 22, 80, 5432}[rng.IntN(4)]
		proto := []int{6, 6, 17}[rng.IntN(3)]
		action := []string{"ACCEPT", "REJECT"}[rng.IntN(2)]
		fmt.Fprintf(&sb, "2 123456789010 eni-0a1b2c3d %s 10.0.%d.%d %d %d %d 10 840 %d %d %s OK\n",
			src, rng.IntN(256), rng.IntN(256), 1024+rng.IntN(60000), dport, proto, 1612137600+i, 1612137660+i, action)
	}
	rd := flowlog.NewReader(strings.NewReader(sb.String()), flowlog.ReaderOptions{})
	var out []*flowlog.Record
	for rd.Scan() {
		if rd.Err() != nil {
			b.Fatal(rd.Err())
		}
		out = append(out, rd.Record().Clone())
	}
	return out
}

// benchN is the number of distinct records a benchmark cycles through:
// enough to defeat branch prediction, few enough to stay in cache as the
// Reader's single reused Record does.
const benchN = 64

const bench3 = "srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6"

// BenchmarkMatch3Terms measures one Match per op on decoded records
// against two baselines in the same run: the same test hand-written in Go
// with the same typed accessors (the floor), and a naive text comparison
// of the raw tokens.
func BenchmarkMatch3Terms(b *testing.B) {
	recs := benchRecords(b, benchN)
	want := netip.MustParseAddr("172.32.21.19")
	run := func(b *testing.B, match func(*flowlog.Record) bool) {
		b.ReportAllocs()
		n, i := 0, 0
		cpu0 := cpuTime()
		for b.Loop() {
			if match(recs[i&(benchN-1)]) {
				n++
			}
			i++
		}
		if i > 0 {
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(i), "cpu-ns/op")
		}
		if n == 0 {
			b.Fatal("nothing matched")
		}
	}
	f := MustCompile(bench3)
	b.Run("filter", func(b *testing.B) { run(b, f.Match) })
	b.Run("handwritten", func(b *testing.B) {
		run(b, func(r *flowlog.Record) bool {
			p, ok := r.Int(flowlog.DstPort)
			if !ok || p != 443 {
				return false
			}
			pr, ok := r.Int(flowlog.Protocol)
			if !ok || pr != 6 {
				return false
			}
			a, ok := r.Addr(flowlog.SrcAddr)
			return ok && a == want
		})
	})
	b.Run("naive-text", func(b *testing.B) {
		run(b, func(r *flowlog.Record) bool {
			return string(r.Raw(flowlog.SrcAddr)) == "172.32.21.19" && string(r.Raw(flowlog.DstPort)) == "443" &&
				string(r.Raw(flowlog.Protocol)) == "6"
		})
	})
}

// cidrList returns n random IPv4 CIDRs (/16 to /32) and a few IPv6 ones,
// one per line, as a threat-intel file would.
func cidrList(n int) (string, []netip.Prefix) {
	rng := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	var ps []netip.Prefix
	for i := range n {
		var p netip.Prefix
		if i%50 == 49 {
			var a [16]byte
			a[0], a[1] = 0x20, 0x01
			for j := 2; j < 8; j++ {
				a[j] = byte(rng.IntN(256))
			}
			p = netip.PrefixFrom(netip.AddrFrom16(a), 48+rng.IntN(81)).Masked()
		} else {
			a := netip.AddrFrom4([4]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
			p = netip.PrefixFrom(a, 16+rng.IntN(17)).Masked()
		}
		ps = append(ps, p)
		sb.WriteString(p.String())
		sb.WriteByte('\n')
	}
	return sb.String(), ps
}

// BenchmarkCIDRList measures `srcaddr IN @list` with a 10,000-entry list
// on random addresses, against a linear loop over the prefixes.
func BenchmarkCIDRList(b *testing.B) {
	list, prefixes := cidrList(10_000)
	f, err := Compile("srcaddr in @intel", Options{ReadList: func(string) ([]byte, error) { return []byte(list), nil }})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var lines strings.Builder
	for i := range benchN {
		a := netip.AddrFrom4([4]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		if i%4 == 0 { // a quarter are hits
			a = prefixes[rng.IntN(len(prefixes))].Addr()
		}
		fmt.Fprintf(&lines, "2 1 eni-1 %s 10.0.0.1 1 2 6 1 1 1 2 ACCEPT OK\n", a)
	}
	var recs []*flowlog.Record
	rd := flowlog.NewReader(strings.NewReader(lines.String()), flowlog.ReaderOptions{})
	for rd.Scan() {
		recs = append(recs, rd.Record().Clone())
	}
	run := func(b *testing.B, match func(*flowlog.Record) bool) {
		b.ReportAllocs()
		n, i := 0, 0
		cpu0 := cpuTime()
		for b.Loop() {
			if match(recs[i&(benchN-1)]) {
				n++
			}
			i++
		}
		if i > 0 {
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(i), "cpu-ns/op")
		}
		if n == 0 {
			b.Fatal("nothing matched")
		}
	}
	b.Run("filter", func(b *testing.B) { run(b, f.Match) })
	trie := newBitTrie(prefixes)
	b.Run("bit-trie", func(b *testing.B) {
		run(b, func(r *flowlog.Record) bool {
			a, ok := r.Addr(flowlog.SrcAddr)
			return ok && trie.contains(a)
		})
	})
	b.Run("linear", func(b *testing.B) {
		run(b, func(r *flowlog.Record) bool {
			a, ok := r.Addr(flowlog.SrcAddr)
			if !ok {
				return false
			}
			for _, p := range prefixes {
				if p.Contains(a) {
					return true
				}
			}
			return false
		})
	})
}

// BenchmarkIntSet picks linearMax: membership in a port list, linear scan
// against binary search.
func BenchmarkIntSet(b *testing.B) {
	for _, n := range []int{4, 8, 16, 32, 64} {
		vals := make([]int64, n)
		for i := range vals {
			vals[i] = int64(i*37 + 1)
		}
		s := &intSet{vals: vals}
		b.Run(fmt.Sprintf("n=%d/linear", n), func(b *testing.B) {
			i, hits := int64(0), 0
			for b.Loop() {
				for _, x := range s.vals {
					if x == i&1023 {
						hits++
						break
					}
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("n=%d/binary", n), func(b *testing.B) {
			i, hits := int64(0), 0
			for b.Loop() {
				if _, ok := slicesBinarySearch(s.vals, i&1023); ok {
					hits++
				}
				i++
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("addr in (10.0.0.0/8, 192.168.0.0/16) and action = REJECT and day >= 2021-02-01 and port in (22, 3389)", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func slicesBinarySearch(s []int64, v int64) (int, bool) {
	i, j := 0, len(s)
	for i < j {
		h := int(uint(i+j) >> 1)
		if s[h] < v {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < len(s) && s[i] == v
}

// bitTrie is the textbook binary prefix trie (IPv4 only), kept here as the
// alternative to the interval set that BenchmarkCIDRList compares against.
type bitTrie struct {
	kids [][2]int32 // 0 = no child
	term []bool
}

func newBitTrie(ps []netip.Prefix) *bitTrie {
	t := &bitTrie{kids: make([][2]int32, 1), term: make([]bool, 1)}
	for _, p := range ps {
		if !p.Addr().Is4() {
			continue
		}
		x, n := v4(p.Addr()), 0
		for i := range p.Bits() {
			bit := x >> (31 - i) & 1
			if t.kids[n][bit] == 0 {
				t.kids = append(t.kids, [2]int32{})
				t.term = append(t.term, false)
				t.kids[n][bit] = int32(len(t.kids) - 1)
			}
			n = int(t.kids[n][bit])
		}
		t.term[n] = true
	}
	return t
}

func (t *bitTrie) contains(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	x, n := v4(a), 0
	for i := range 32 {
		if t.term[n] {
			return true
		}
		n = int(t.kids[n][x>>(31-i)&1])
		if n == 0 {
			return false
		}
	}
	return t.term[n]
}
