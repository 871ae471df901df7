package coverage_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/coverage"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const situations = "../testdata/situations"

func at(h, m int) time.Time { return time.Date(2026, 1, 20, h, m, 0, 0, time.UTC) }

func TestRunOnSituations(t *testing.T) {
	fa := coverage.FlowLog{ID: "fl-0f00000000000000a", Account: "111122223333", Region: "us-east-1"}
	fb := coverage.FlowLog{ID: "fl-0f00000000000000b", Account: "111122223333", Region: "us-east-1"}
	tests := []struct {
		name         string
		since, until time.Time
		gaps         []coverage.Gap
		statuses     int
	}{
		{"the gap inside", time.Time{}, time.Time{}, []coverage.Gap{{FlowLog: fa, From: at(10, 25), To: at(10, 35), Missing: 2}}, 2},
		{"and at the edges", at(9, 50), at(11, 10), []coverage.Gap{
			{FlowLog: fa, From: at(9, 50), To: at(10, 0), Missing: 2},
			{FlowLog: fa, From: at(10, 25), To: at(10, 35), Missing: 2},
			{FlowLog: fa, From: at(11, 0), To: at(11, 10), Missing: 2},
			{FlowLog: fb, From: at(9, 50), To: at(10, 0), Missing: 2},
			{FlowLog: fb, From: at(11, 0), To: at(11, 10), Missing: 2}}, 2},
		{"a window before the gap", at(10, 0), at(10, 20), nil, 0},
		{"a window with no object of either", at(12, 0), at(12, 30), []coverage.Gap{
			{FlowLog: fa, From: at(12, 0), To: at(12, 30), Missing: 6},
			{FlowLog: fb, From: at(12, 0), To: at(12, 30), Missing: 6}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _, err := coverage.Run(context.Background(), scan.Options{Sources: []string{situations}, Since: tt.since, Until: tt.until})
			require.NoError(t, err)
			assert.Equal(t, tt.gaps, r.Gaps)
			assert.Len(t, r.Statuses, tt.statuses)
		})
	}
}

func TestStatusesAndText(t *testing.T) {
	r, _, err := coverage.Run(context.Background(), scan.Options{Sources: []string{situations}})
	require.NoError(t, err)
	require.Len(t, r.Statuses, 2)
	assert.Equal(t, coverage.Status{Interface: "eni-0a0000000000000a1", Status: "SKIPDATA", Records: 1, First: at(10, 40), Last: at(10, 41)}, r.Statuses[0])
	assert.Equal(t, coverage.Status{Interface: "eni-0b0000000000000b2", Status: "NODATA", Records: 3, First: at(10, 47), Last: at(10, 58)}, r.Statuses[1])
	var b bytes.Buffer
	require.NoError(t, coverage.WriteText(&b, r, time.UTC))
	assert.Equal(t, `delivery gaps (no object for these 5-minute windows: quiet, or lost; the logs cannot tell):
  fl-0f00000000000000a (111122223333 us-east-1): 2026-01-20 10:25:00–10:35:00 UTC, 2 deliveries missing
SKIPDATA (records lost at the source, capacity):
  eni-0a0000000000000a1: 1 record, 2026-01-20 10:40:00–10:41:00 UTC
NODATA (the interface logged no traffic):
  eni-0b0000000000000b2: 3 records, 2026-01-20 10:47:00–10:58:00 UTC
`, b.String())
}

// TestPrunedByScopeIsNoGap: in a flat folder of AWS-named objects, those
// of a region not asked for are pruned by their names; their flow log is
// not in the answer, so it has no gap. Those pruned by time still say
// that their flow log exists.
func TestPrunedByScopeIsNoGap(t *testing.T) {
	dir := t.TempDir()
	day := filepath.Join(situations, "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/01/20")
	const obj = "111122223333_vpcflowlogs_us-east-1_fl-0f00000000000000b_20260120T1000Z_353ad3f4.log.gz"
	b, err := os.ReadFile(filepath.Join(day, obj))
	require.NoError(t, err)
	other := strings.NewReplacer("us-east-1", "eu-west-1", "fl-0f00000000000000b", "fl-0f0000000000000e0").Replace(obj)
	for _, name := range []string{obj, other} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	fb := coverage.FlowLog{ID: "fl-0f00000000000000b", Account: "111122223333", Region: "us-east-1"}
	r, _, err := coverage.Run(context.Background(), scan.Options{Sources: []string{dir}, Regions: []string{"us-east-1"}, Since: at(10, 0), Until: at(10, 10)})
	require.NoError(t, err)
	assert.Equal(t, []coverage.Gap{{FlowLog: fb, From: at(10, 5), To: at(10, 10), Missing: 1}}, r.Gaps, "no gap for eu-west-1, which was not asked about")
	r, _, err = coverage.Run(context.Background(), scan.Options{Sources: []string{dir}, Regions: []string{"us-east-1"}, Since: at(11, 0), Until: at(11, 10)})
	require.NoError(t, err)
	assert.Equal(t, []coverage.Gap{{FlowLog: fb, From: at(11, 0), To: at(11, 10), Missing: 2}}, r.Gaps, "pruned by time: the flow log exists and delivered nothing")
}
