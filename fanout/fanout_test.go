package fanout

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFanOutEqualsLocalScan is the differential test: over N shards, with
// replies cut into many parts, the records (in order), problems, counts,
// groups and statistics equal one process's scan of the same tree.
func TestFanOutEqualsLocalScan(t *testing.T) {
	dir := genTree(t)
	queries := map[string]Query{
		"records":        {Filter: "dstport = 22 or action = REJECT", Mode: Records},
		"records-all":    {Filter: "true", Mode: Records},
		"rare":           {Filter: "dstport = 22 and action = REJECT", Mode: Records},
		"count":          {Filter: "protocol = 6", Mode: Count},
		"groups":         {Filter: "action = 'ACCEPT'", Mode: Groups, GroupBy: []string{"addr", "dstport"}},
		"groups-by-hour": {Filter: "true", Mode: Groups, GroupBy: []string{"hour", "account_id"}, Zone: "Asia/Tokyo"},
		"window":         {Filter: "true", Mode: Records, Since: mustTime("2026-01-15T09:40:00Z"), Until: mustTime("2026-01-15T10:05:00Z")},
	}
	setups := map[string]struct {
		shards ShardOptions
		budget int
	}{
		"one-shard":       {shards: ShardOptions{}, budget: 0},
		"eight-shards":    {shards: ShardOptions{MinShards: 8}, budget: 0},
		"tiny-shards":     {shards: ShardOptions{MaxObjects: 3}, budget: 0},
		"paged-replies":   {shards: ShardOptions{MinShards: 5}, budget: 16 << 10},
		"one-event-parts": {shards: ShardOptions{MinShards: 3}, budget: 1},
	}
	for qname, q := range queries {
		want := localScan(t, q, dir)
		if q.Mode == Records {
			require.NotEmpty(t, want.Records, qname)
		}
		require.NotEmpty(t, want.Problems, qname) // malformed lines, the skipped object
		for sname, s := range setups {
			if sname == "one-event-parts" && qname != "rare" || sname == "one-event-groups" && qname != "groups" {
				continue // one invocation per event: only where there are few
			}
			t.Run(qname+"/"+sname, func(t *testing.T) {
				w := &Worker{LocalFiles: true, Build: "test", Budget: s.budget, Workers: 2}
				got, res := fanScan(t, q, Options{Invoker: newInProcess(w), Shards: s.shards, Concurrency: 4}, dir)
				assert.Equal(t, want.Records, got.Records)
				assert.Equal(t, want.Problems, got.Problems)
				assert.Equal(t, want.Groups, got.Groups)
				assert.Equal(t, want.Stats, got.Stats)
				assert.Empty(t, res.Failed)
				if s.budget > 0 && q.Mode == Records && len(want.Records) > 200 {
					assert.Greater(t, res.Invocations, int64(len(res.Shards)), "replies were cut into parts")
				}
				if s.shards.MinShards > 1 {
					assert.GreaterOrEqual(t, len(res.Shards), s.shards.MinShards)
				}
			})
		}
	}
}
