package cwlogs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func diffQueries(t *testing.T, f *fixture) []query {
	busy := f.busiestStream(t)
	at := func(m int) time.Time { return fixtureStart.Add(time.Duration(m) * time.Minute) }
	return []query{
		{name: "all"},
		{name: "rejects", filter: "action = 'REJECT'"},
		{name: "ssh in a window", filter: "dstport = 22", since: at(20), until: at(35)},
		{name: "one interface", filter: "interface_id = '" + busy + "'"},
		{name: "two interfaces, window", filter: "interface_id IN ('" + busy + "', 'eni-nothere') and bytes > 1000",
			since: at(5), until: at(50)},
		{name: "open window", since: at(40)},
		{name: "nothing", filter: "srcport = 1 and dstport = 1"},
	}
}

// TestSameAsS3 is the differential test: the same generated records, read
// from a log group through the SDK and from gzip objects on disk, give
// the same matches, counts and aggregation, with and without the filter
// pattern narrowing what the server sends.
func TestSameAsS3(t *testing.T) {
	f := newFixture(t, time.Hour, 150)
	for _, q := range diffQueries(t, f) {
		t.Run(q.name, func(t *testing.T) {
			want := run(t, q, scan.Options{Sources: []string{f.dir}})
			got := run(t, q, group(cwlogs.Options{}))
			assert.Equal(t, want.sorted(), got.sorted())
			assert.Equal(t, want.stats.Matched, got.stats.Matched)
			assert.False(t, got.stats.Incomplete(), "%v", got.stats.Errors)
			narrowed := run(t, q, group(cwlogs.Options{FilterPattern: pattern(t, q.filter)}))
			assert.Equal(t, want.sorted(), narrowed.sorted())
			assert.LessOrEqual(t, narrowed.stats.Records, got.stats.Records)
			again := run(t, q, group(cwlogs.Options{}))
			assert.Equal(t, got.lines, again.lines, "ordered output is the same on every run")
			assert.Equal(t, want.stats.Matched, count(t, q, group(cwlogs.Options{})), "-c")
			assert.Equal(t, aggregate(t, q, scan.Options{Sources: []string{f.dir}}), aggregate(t, q, group(cwlogs.Options{})))
		})
	}
}

func pattern(t *testing.T, expr string) string {
	flt, err := filter.Compile(expr, filter.Options{})
	require.NoError(t, err)
	return cwlogs.Pattern(flt, flowlog.DefaultFormat())
}

// count runs q as -c does: no emit.
func count(t *testing.T, q query, opts scan.Options) int64 {
	flt, err := filter.Compile(q.filter, filter.Options{})
	require.NoError(t, err)
	opts.Filter, opts.Since, opts.Until = flt, q.since, q.until
	st, err := scan.Run(t.Context(), opts, nil)
	require.NoError(t, err)
	return st.Matched
}

// aggregate groups q's matches by interface and action, as -g does, and
// returns the groups' records, packets and bytes.
func aggregate(t *testing.T, q query, opts scan.Options) map[string][3]int64 {
	flt, err := filter.Compile(q.filter, filter.Options{})
	require.NoError(t, err)
	agg := output.NewAggregation(flowlog.InterfaceID, flowlog.Action)
	opts.Filter, opts.Since, opts.Until, opts.Fields = flt, q.since, q.until, agg.Fields()
	_, err = scan.Run(t.Context(), opts, func(m scan.Match) error { agg.Add(m.Record); return nil })
	require.NoError(t, err)
	order, err := agg.Order("")
	require.NoError(t, err)
	out := map[string][3]int64{}
	for _, g := range agg.Sorted(order, 0) {
		out[strings.Join(g.Values, " ")] = [3]int64{g.Records, g.Packets, g.Bytes}
	}
	return out
}

// busiestStream returns the interface with the most events.
func (f *fixture) busiestStream(t *testing.T) string {
	res := run(t, query{}, scan.Options{Sources: []string{f.dir}})
	n := map[string]int{}
	best := ""
	for _, l := range res.lines {
		eni := strings.Fields(l)[2]
		n[eni]++
		if n[eni] > n[best] {
			best = eni
		}
	}
	require.NotEmpty(t, best)
	return best
}
