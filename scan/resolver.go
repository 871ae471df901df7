package scan

import (
	"context"
	"fmt"
)

// Resolver turns a source string that scan does not know itself (a log
// group ARN, a caller's own scheme) into a Location. It reports ok false
// for strings it does not claim, which scan then resolves as usual (a
// path, "-", s3://). Front ends that accept source strings from people
// (the CLI, the page) give the same Resolvers, so every source a user can
// name works everywhere. Resolvers are called before the scan starts,
// from one goroutine.
type Resolver func(ctx context.Context, src string) (loc Location, ok bool, err error)

// resolveHook tries the Options' Resolvers on src.
func (r *runner) resolveHook(ctx context.Context, src string) (location, bool, error) {
	for _, res := range r.opts.Resolvers {
		l, ok, err := res(ctx, src)
		if err != nil {
			return location{}, true, err
		}
		if ok {
			if l.Source == nil {
				return location{}, true, fmt.Errorf("scan: %q: a Resolver gave no Source", src)
			}
			return location{Location: l}, true, nil
		}
	}
	return location{}, false, nil
}
