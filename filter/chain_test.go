package filter

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLongChain checks that a long AND or OR chain compiles in about the
// time of the equivalent IN list (it took seconds when each operator
// re-simplified the growing tree) and matches the same records.
func TestLongChain(t *testing.T) {
	const n = 4000
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255)
	}
	chain := func(format, op string) string {
		terms := make([]string, n)
		for i, a := range addrs {
			terms[i] = fmt.Sprintf(format, a)
		}
		return strings.Join(terms, op)
	}
	list := "(" + strings.Join(addrs, ", ") + ")"
	tests := []struct {
		name, chain, in string
		matches         int
	}{
		{"or", chain("dstaddr = %s", " or "), "dstaddr in " + list, 3},
		{"and", chain("dstaddr != %s", " and "), "dstaddr not in " + list, 2},
	}
	var lines []string
	for _, a := range []string{addrs[0], addrs[n/2], addrs[n-1], "10.0.16.0", "192.168.1.1"} {
		lines = append(lines, "2 1 eni-1 10.9.9.9 "+a+" 1 2 6 1 1 1 2 ACCEPT OK")
	}
	recs := records(t, append(lines, lineNoData)...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The best of three runs, so that a busy machine or the race
			// detector does not make the test flaky; the quadratic
			// compiler took seconds on every run.
			var f *Filter
			elapsed := time.Duration(math.MaxInt64)
			for range 3 {
				t0 := time.Now()
				var err error
				f, err = Compile(tc.chain, Options{})
				elapsed = min(elapsed, time.Since(t0))
				require.NoError(t, err)
			}
			t.Logf("compiled a %d-term %s chain in %v (best of 3)", n, tc.name, elapsed)
			assert.Less(t, elapsed, 250*time.Millisecond, "compile time of a %d-term %s chain", n, tc.name)

			want := mustCompile(t, tc.in)
			matches := 0
			for _, r := range recs {
				assert.Equal(t, want.Match(r), f.Match(r), "%s chain and %q on %s", tc.name, tc.in[:20], r)
				if f.Match(r) {
					matches++
				}
			}
			assert.Equal(t, tc.matches, matches, "records the %s chain matches", tc.name)
		})
	}
}
