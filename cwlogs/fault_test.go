package cwlogs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/internal/cwltest"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fast retries quickly, so that the matrix takes seconds.
var fast = cwlogs.Options{MaxBackoff: 20 * time.Millisecond, PageLimit: 50}

// TestFaultMatrix: throttling, 500s and a response cut mid-body, on either
// operation, are retried, and the search finds exactly what it finds
// without them.
func TestFaultMatrix(t *testing.T) {
	f := newFixture(t, 30*time.Minute, 100)
	q := query{filter: "action = 'ACCEPT'"}
	want := run(t, q, scan.Options{Sources: []string{f.dir}})
	require.NotEmpty(t, want.lines)
	for _, kind := range []cwltest.FaultKind{cwltest.Throttle, cwltest.Internal, cwltest.Cut} {
		for _, op := range []string{"FilterLogEvents", "DescribeLogStreams"} {
			t.Run(fmt.Sprintf("%d/%s", kind, op), func(t *testing.T) {
				before := f.server.Requests(op)
				f.server.Inject(cwltest.Fault{Kind: kind, Op: op, Count: 3})
				got := run(t, q, group(fast))
				assert.Equal(t, want.sorted(), got.sorted())
				assert.False(t, got.stats.Incomplete(), "%v", got.stats.Errors)
				assert.GreaterOrEqual(t, f.server.Requests(op)-before, 4, "the faults were met and retried")
				if op == "FilterLogEvents" {
					assert.Equal(t, int64(f.server.Requests(op)-before), got.stats.GetRequests, "retries are counted")
				}
			})
		}
	}
}

// TestLastingFaults: a stream whose requests keep failing is named and
// counted as failed (the result is incomplete: exit 2), and the other
// streams are read; a group that cannot be listed is a failed prefix.
func TestLastingFaults(t *testing.T) {
	f := newFixture(t, 10*time.Minute, 100)
	o := fast
	o.MaxAttempts = 2
	f.server.Inject(cwltest.Fault{Kind: cwltest.Throttle, Op: "FilterLogEvents", Count: 1000})
	got := run(t, query{}, group(o))
	assert.Positive(t, got.stats.ObjectsFailed)
	assert.True(t, got.stats.Incomplete())
	require.NotEmpty(t, got.stats.Errors)
	assert.Contains(t, got.stats.Errors[0].Error(), "cwlogs:"+groupName+":eni-")
	assert.Contains(t, got.stats.Errors[0].Error(), "ThrottlingException")

	missing := scan.Options{Sources: []string{"cwlogs:/no/such/group"}, Resolvers: []scan.Resolver{cwlogs.Resolver(o)}}
	got = run(t, query{}, missing)
	assert.Equal(t, int64(1), got.stats.PrefixesFailed)
	require.NotEmpty(t, got.stats.Errors)
	assert.Contains(t, got.stats.Errors[0].Error(), "ResourceNotFoundException")
}

// TestPagination: small and empty pages (the service may send an empty
// page with a nextToken) lose nothing; more than 50 streams take several
// DescribeLogStreams pages.
func TestPagination(t *testing.T) {
	f := newFixture(t, 20*time.Minute, 200)
	for i := range 60 {
		f.server.Put(groupName, fmt.Sprintf("zz-empty-%02d", i))
	}
	want := run(t, query{}, scan.Options{Sources: []string{f.dir}})
	f.server.EmptyEvery = 3
	lists, filters := f.server.Requests("DescribeLogStreams"), f.server.Requests("FilterLogEvents")
	got := run(t, query{}, group(cwlogs.Options{PageLimit: 7}))
	assert.Equal(t, want.sorted(), got.sorted())
	assert.Equal(t, 2, f.server.Requests("DescribeLogStreams")-lists, "72 streams, 50 a page")
	assert.Greater(t, f.server.Requests("FilterLogEvents")-filters, len(want.lines)/7)
	assert.Equal(t, int64(f.server.Requests("DescribeLogStreams")-lists), got.stats.ListRequests, "Stats count every request")
	assert.Equal(t, int64(f.server.Requests("FilterLogEvents")-filters), got.stats.GetRequests)
}

// TestStreamPrefix: --log-stream-prefix reads only the streams it names.
func TestStreamPrefix(t *testing.T) {
	f := newFixture(t, 20*time.Minute, 100)
	eni := f.busiestStream(t)
	want := run(t, query{filter: "interface_id = '" + eni + "'"}, scan.Options{Sources: []string{f.dir}})
	got := run(t, query{}, group(cwlogs.Options{StreamPrefix: eni}))
	assert.Equal(t, want.sorted(), got.sorted())
	assert.Equal(t, int64(1), got.stats.ObjectsRead)
}
