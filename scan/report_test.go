package scan_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnObject: every object and pruned folder is reported once, with the
// outcome and counts that add up to Stats.
func TestOnObject(t *testing.T) {
	tests := []struct {
		name  string
		emit  bool
		opts  scan.Options
		check func(t *testing.T, reps []scan.ObjectReport, st scan.Stats)
	}{
		{"window prunes", false, scan.Options{Sources: []string{"../testdata/sample"},
			Since: time.Date(2026, 1, 14, 15, 20, 0, 0, time.UTC), Until: time.Date(2026, 1, 14, 15, 30, 0, 0, time.UTC)},
			checkPrunes(true)},
		{"window prunes, matches delivered", true, scan.Options{Sources: []string{"../testdata/sample"},
			Since: time.Date(2026, 1, 14, 15, 20, 0, 0, time.UTC), Until: time.Date(2026, 1, 14, 15, 30, 0, 0, time.UTC)},
			checkPrunes(true)},
		{"region prunes", false, scan.Options{Sources: []string{"../testdata/sample"}, Regions: []string{"us-east-1"}},
			checkPrunes(false)},
		{"damage", false, scan.Options{Sources: []string{"../testdata/damaged"}},
			func(t *testing.T, reps []scan.ObjectReport, st scan.Stats) {
				byOutcome := map[scan.Outcome][]string{}
				for _, r := range reps {
					byOutcome[r.Outcome] = append(byOutcome[r.Outcome], r.Source[strings.LastIndex(r.Source, "/")+1:])
				}
				assert.Equal(t, []string{"notes.txt"}, byOutcome[scan.OutcomeSkipped])
				assert.Len(t, byOutcome[scan.OutcomeFailed], int(st.ObjectsFailed))
				assert.Positive(t, st.ObjectsFailed)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reps []scan.ObjectReport
			tt.opts.OnObject = func(r scan.ObjectReport) { reps = append(reps, r) }
			var emit func(scan.Match) error
			if tt.emit {
				emit = func(scan.Match) error { return nil }
			}
			st, err := scan.Run(context.Background(), tt.opts, emit)
			require.NoError(t, err)
			srcs := make([]string, len(reps))
			for i, r := range reps {
				srcs[i] = r.Source
			}
			slices.Sort(srcs)
			assert.Len(t, slices.Compact(srcs), len(reps), "each once")
			tt.check(t, reps, st)
		})
	}
}

// checkPrunes checks a scan that prunes: reports add up to Stats, read
// objects carry what their listing said, and pruned ones say why — and
// whether for their time alone (forTime).
func checkPrunes(forTime bool) func(t *testing.T, reps []scan.ObjectReport, st scan.Stats) {
	return func(t *testing.T, reps []scan.ObjectReport, st scan.Stats) {
		count := map[scan.Outcome]int64{}
		var records, matched int64
		for _, r := range reps {
			if !r.Dir {
				count[r.Outcome]++
			}
			records += r.Records
			matched += r.Matched
			if r.Outcome == scan.OutcomeRead {
				assert.False(t, r.Modified.IsZero(), r.Source)
				assert.Positive(t, r.Size, r.Source)
				assert.False(t, r.Stamp.IsZero(), r.Source)
			}
			if r.Outcome == scan.OutcomePruned {
				assert.NotEmpty(t, r.Reason, r.Source)
				assert.Equal(t, forTime, r.PrunedForTime, "%s: %s", r.Source, r.Reason)
			}
		}
		assert.Equal(t, st.ObjectsRead, count[scan.OutcomeRead])
		assert.Equal(t, st.ObjectsPruned, count[scan.OutcomePruned])
		assert.Positive(t, st.ObjectsPruned+st.PrefixesPruned)
		assert.Equal(t, st.Records, records)
		assert.Equal(t, st.Matched, matched)
	}
}
