package cwlogs

import (
	"context"

	"github.com/flowq/flowq/scan"
)

// Resolver claims log group names (IsName) among a scan's source strings
// and makes their Sources with opts: put it in scan.Options.Resolvers.
// Every front end that does so reads log groups the same way.
func Resolver(opts Options) scan.Resolver {
	return func(ctx context.Context, src string) (scan.Location, bool, error) {
		if !IsName(src) {
			return scan.Location{}, false, nil
		}
		g, err := ParseName(src)
		if err != nil {
			return scan.Location{}, true, err
		}
		s, err := New(ctx, g, opts)
		if err != nil {
			return scan.Location{}, true, err
		}
		return s.Location(), true, nil
	}
}
