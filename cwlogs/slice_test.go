package cwlogs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/internal/cwltest"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSlices: a search with a lower time bound reads the group in time
// slices across all streams, with one DescribeLogStreams request and
// fewer FilterLogEvents requests than there are streams, and finds what
// reading stream by stream finds; also with small and empty pages, a
// stream prefix, throttling and cut responses, and a window days long.
func TestSlices(t *testing.T) {
	f := newFixture(t, time.Hour, 150)
	eni := f.busiestStream(t)
	at := func(m int) time.Time { return fixtureStart.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		q    query
		o    cwlogs.Options
		prep func()
	}{
		{name: "window", q: query{filter: "action = 'ACCEPT'", since: at(10), until: at(40)}},
		{name: "open end", q: query{since: at(30)}},
		{name: "a week", q: query{since: at(-7 * 24 * 60), until: at(24 * 60)}},
		{name: "small and empty pages", q: query{since: at(0)}, o: cwlogs.Options{PageLimit: 7},
			prep: func() { f.server.EmptyEvery = 3 }},
		{name: "stream prefix", q: query{since: at(0)}, o: cwlogs.Options{StreamPrefix: eni}},
		{name: "faults", q: query{since: at(0)}, o: fast, prep: func() {
			f.server.Inject(cwltest.Fault{Kind: cwltest.Throttle, Op: "FilterLogEvents", Count: 2})
			f.server.Inject(cwltest.Fault{Kind: cwltest.Cut, Op: "FilterLogEvents", Count: 2})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			byStream := tt.o
			byStream.ByStream = true
			want := run(t, tt.q, group(byStream))
			if tt.o.StreamPrefix == "" {
				require.Equal(t, run(t, tt.q, scan.Options{Sources: []string{f.dir}}).sorted(), want.sorted())
			}
			if tt.prep != nil {
				tt.prep()
			}
			defer func() { f.server.EmptyEvery = 0 }()
			lists, filters := f.server.Requests("DescribeLogStreams"), f.server.Requests("FilterLogEvents")
			got := run(t, tt.q, group(tt.o))
			assert.Equal(t, want.sorted(), got.sorted())
			assert.False(t, got.stats.Incomplete(), "%v", got.stats.Errors)
			assert.Equal(t, 1, f.server.Requests("DescribeLogStreams")-lists)
			if tt.prep == nil {
				assert.LessOrEqual(t, f.server.Requests("FilterLogEvents")-filters, 16, "one request per slice (at most 16)")
			}
			if tt.name == "window" {
				assert.Less(t, f.server.Requests("FilterLogEvents")-filters, 12, "fewer requests than streams")
			}
		})
	}
}

// TestSliceSources: matches from a slice name the group and the span,
// and in ordered mode come in time order across streams.
func TestSliceSources(t *testing.T) {
	newFixture(t, 30*time.Minute, 100)
	var sources []string
	var starts []int64
	opts := group(cwlogs.Options{})
	opts.Since = fixtureStart
	_, err := scan.Run(t.Context(), opts, func(m scan.Match) error {
		sources = append(sources, m.Source)
		starts = append(starts, m.Record.Event().Time)
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, sources)
	assert.True(t, strings.HasPrefix(sources[0], "cwlogs:"+groupName+"@2026-01-15T08:"), sources[0])
	assert.IsNonDecreasing(t, starts)
}
