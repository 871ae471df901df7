package scan

import (
	"context"
	"fmt"
	"strings"
)

// Planned is one object that a Plan selected, named as the plan names it
// (PlanObject.Source and Size), to be read as it is without listing its
// folder again. A fan-out worker reads its shard of a plan this way, and
// the coordinator's listing statistics stay the only ones.
type Planned struct {
	Source string // "s3://bucket/key" or a local file path
	Size   int64  // -1 if unknown
}

// resolvePlanned turns one planned object into a single-object location.
// A local file is read by its path: its layout (account, region, date) is
// parsed from the absolute path, as a directory walk parses it.
func (r *runner) resolvePlanned(ctx context.Context, p Planned) (location, error) {
	if !isS3(p.Source) {
		st := fileSource{path: p.Source}
		return location{Location: Location{Source: st}, single: newObject(st, p.Source, p.Size), planned: true}, nil
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(p.Source, "s3://"), "/")
	if bucket == "" || key == "" || strings.HasSuffix(key, "/") {
		return location{}, fmt.Errorf("scan: planned object %q: not s3://bucket/key", p.Source)
	}
	st, err := r.s3c.store(ctx, bucket)
	if err != nil {
		return location{}, err
	}
	return location{Location: Location{Source: st}, single: newObject(st, key, p.Size), planned: true}, nil
}
