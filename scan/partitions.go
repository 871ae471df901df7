package scan

import (
	"context"
	"slices"
)

// Partitions are the accounts and regions a tree's layout shows, for a
// front end to offer as choices.
type Partitions struct {
	Accounts, Regions []string // sorted, without duplicates
	// Partial says the listing budget ran out before every account and
	// region folder was seen.
	Partial bool
}

// maxPartitionLists bounds the folders FindPartitions lists.
const maxPartitionLists = 256

// FindPartitions lists the folders of opts' sources down to the region
// level of the AWS layout (plain or Hive), never into the date folders,
// and returns the accounts and regions it saw. It reads no object and
// lists at most 256 folders; Accounts, Regions, the window and the filter
// of opts are ignored. Single files and standard input add nothing. A
// folder that cannot be listed is left out; the error is for bad options
// and cancellation. It is safe to call concurrently.
func FindPartitions(ctx context.Context, opts Options) (Partitions, error) {
	opts.Accounts, opts.Regions, opts.Filter = nil, nil, nil
	r, err := newRunner(ctx, opts)
	if err != nil {
		return Partitions{}, err
	}
	defer r.s3c.close()
	var p Partitions
	budget := maxPartitionLists
	for _, l := range r.locs {
		if l.single != nil {
			continue
		}
		if err := findPartitions(ctx, l.Source, []string{l.Prefix}, &budget, &p); err != nil {
			return Partitions{}, err
		}
	}
	slices.Sort(p.Accounts)
	slices.Sort(p.Regions)
	p.Accounts, p.Regions = slices.Compact(p.Accounts), slices.Compact(p.Regions)
	return p, nil
}

// findPartitions walks the folders breadth-first until each has shown its
// region or left the layout.
func findPartitions(ctx context.Context, s Source, queue []string, budget *int, p *Partitions) error {
	for len(queue) > 0 {
		if *budget == 0 {
			p.Partial = true
			return nil
		}
		*budget--
		prefix := queue[0]
		queue = queue[1:]
		l, err := s.List(ctx, prefix, Scope{})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			continue
		}
		for _, d := range l.Dirs {
			pi := ParsePath(layoutPath(s, d))
			if pi.Account != "" {
				p.Accounts = append(p.Accounts, pi.Account)
			}
			switch {
			case pi.Region != "":
				p.Regions = append(p.Regions, pi.Region)
			case pi.NotFlowLogs || pi.Year != 0:
			default:
				queue = append(queue, d)
			}
		}
	}
	return nil
}
