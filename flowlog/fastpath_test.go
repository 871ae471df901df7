package flowlog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// mutatedLines returns n v2 lines, most of them valid and varied, the
// rest damaged the ways real and hostile input is: a bad value in any
// column, a column missing or extra, tabs, runs of spaces, CR, bytes
// ≥ 0x80, IPv6, "-".
func mutatedLines(rng *rand.Rand, n int) []string {
	bad := []string{"abc", "1.2.3", "-5", "99999999999999999999", "65536", "256", "ACCEPTED", "reject",
		"\xff\x80", "01.2.3.4", "1.2.3.4%eth0", "2001:db8::1", "-", "0", "+1", "1e3", "12345678901234567", "x\ry"}
	seps := []string{" ", "  ", "\t", " \t ", "   "}
	out := make([]string, 0, n)
	for range n {
		cols := []string{"2", "123456789010", fmt.Sprintf("eni-%017x", rng.Uint64()>>4),
			fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256)),
			fmt.Sprintf("172.31.%d.%d", rng.IntN(256), rng.IntN(256)),
			fmt.Sprint(rng.IntN(65536)), fmt.Sprint([]int{443, 22, 80}[rng.IntN(3)]), fmt.Sprint(rng.IntN(256)),
			fmt.Sprint(rng.IntN(1000)), fmt.Sprint(rng.IntN(1 << 30)), fmt.Sprint(1_700_000_000 + rng.IntN(1000)),
			fmt.Sprint(int64(1_700_000_000_000) + int64(rng.IntN(1000))), []string{"ACCEPT", "REJECT"}[rng.IntN(2)], "OK"}
		for range rng.IntN(3) { // damage
			switch k := rng.IntN(10); {
			case k < 6:
				cols[rng.IntN(len(cols))] = bad[rng.IntN(len(bad))]
			case k < 8:
				i := rng.IntN(len(cols))
				cols = append(cols[:i], cols[i+1:]...)
			default:
				cols = append(cols, "extra")
			}
		}
		var sb strings.Builder
		if rng.IntN(8) == 0 {
			sb.WriteString(seps[rng.IntN(len(seps))])
		}
		for i, c := range cols {
			if i > 0 {
				if rng.IntN(6) == 0 {
					sb.WriteString(seps[rng.IntN(len(seps))])
				} else {
					sb.WriteByte(' ')
				}
			}
			sb.WriteString(c)
		}
		switch rng.IntN(10) {
		case 0:
			sb.WriteString("  ")
		case 1:
			sb.WriteString("\r")
		}
		out = append(out, sb.String())
	}
	return out
}

// outcome is everything a caller can observe of one scan.
func scanOutcome(t *testing.T, text string, fields *FieldSet, sp splitter) []string {
	var got []string
	rd := NewReader(strings.NewReader(text), ReaderOptions{Fields: fields,
		OnMalformed: func(pe *ParseError) { got = append(got, "malformed: "+pe.Error()) }})
	rd.split = sp
	var batch Batch
	for rd.Scan() {
		r := rd.Record()
		var sb strings.Builder
		fmt.Fprintf(&sb, "record %d %q:", r.LineNumber(), r.Line())
		for _, f := range r.Format().Fields() {
			v, okI := r.Int(f)
			a, okA := r.Addr(f)
			fmt.Fprintf(&sb, " %s=%v/%d/%v/%v/%v/%q", f, r.IsNull(f), v, okI, a, okA, r.Raw(f))
		}
		batch.Append(r)
		got = append(got, sb.String(), "string "+r.String())
	}
	require.NoError(t, rd.Err())
	var back Record
	for i := range batch.Len() {
		batch.Load(i, &back)
		got = append(got, "batch "+back.String())
	}
	return got
}

// TestFastPathMatchesReference scans damaged and valid lines with every
// splitter, for the field sets of the benchmark queries (which split only
// up to their last column) and for every field, and requires exactly what
// the reference (the byte-loop splitter, every column split) gives: the
// same records, values, malformed lines and messages.
func TestFastPathMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	text := strings.Join(mutatedLines(rng, 1000), "\n")
	sets := map[string]*FieldSet{"all": nil}
	for name, fs := range map[string]FieldSet{
		"selective": SetOf(DstPort, Action, Start, End), "addr": SetOf(SrcAddr, DstAddr, Start, End),
		"cidr": SetOf(SrcAddr), "quarter": SetOf(DstPort), "none": {}, "version": SetOf(Version),
	} {
		sets[name] = &fs
	}
	for name, fs := range sets {
		want := scanOutcome(t, text, fs, splitter{impl: splitReference})
		for _, impl := range maskImpls(t) {
			got := scanOutcome(t, text, fs, splitter{impl: impl.impl})
			require.Equal(t, len(want), len(got), "%s, %s", name, impl.name)
			for i := range want {
				require.Equal(t, want[i], got[i], "%s, %s", name, impl.name)
			}
		}
	}
}

// FuzzFastPath is TestFastPathMatchesReference on arbitrary input: a few
// lines of any bytes, scanned for every field and for two lazy sets.
func FuzzFastPath(f *testing.F) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, l := range mutatedLines(rng, 20) {
		f.Add(l + "\n" + v2Accept)
	}
	f.Add(v2Header + "\n" + v2Accept + "\r\n\n" + v2NoData)
	f.Fuzz(func(t *testing.T, text string) {
		selective, cidr := SetOf(DstPort, Action, Start, End), SetOf(SrcAddr)
		for _, fs := range []*FieldSet{nil, &selective, &cidr} {
			want := scanOutcome(t, text, fs, splitter{impl: splitReference})
			for _, impl := range maskImpls(t) {
				got := scanOutcome(t, text, fs, splitter{impl: impl.impl})
				if len(got) != len(want) {
					t.Fatalf("%s: %d outcomes, reference %d", impl.name, len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%s: %s, reference %s", impl.name, got[i], want[i])
					}
				}
			}
		}
	})
}
