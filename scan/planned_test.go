package scan

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlannedObjectsReadAsPlanned: reading a plan's objects through
// Options.Planned gives the records of a walk, in order, and the same
// statistics except the listing, which the plan counted.
func TestPlannedObjectsReadAsPlanned(t *testing.T) {
	ctx := context.Background()
	opts := Options{Sources: []string{"../testdata/sample"}}
	var walked []string
	full, err := Run(ctx, opts, func(m Match) error { walked = append(walked, m.Source+":"+m.Record.String()); return nil })
	require.NoError(t, err)
	plan, err := Plan(ctx, opts)
	require.NoError(t, err)
	require.NotEmpty(t, plan.Selected)

	var planned []Planned
	for _, p := range plan.Selected {
		planned = append(planned, Planned{Source: p.Source, Size: p.Size})
	}
	var read []string
	part, err := Run(ctx, Options{Planned: planned}, func(m Match) error { read = append(read, m.Source+":"+m.Record.String()); return nil })
	require.NoError(t, err)
	assert.Equal(t, walked, read)
	assert.Zero(t, part.ObjectsListed)
	assert.Zero(t, part.PrefixesListed)
	part.Merge(plan.Stats)
	part.Elapsed, full.Elapsed = 0, 0
	part.Errors, full.Errors, part.Skips, full.Skips = nil, nil, nil, nil
	assert.Equal(t, full, part)

	_, err = Run(ctx, Options{Planned: []Planned{{Source: "s3://bucket-only/", Size: 1}}}, nil)
	assert.ErrorContains(t, err, "not s3://bucket/key")
}
