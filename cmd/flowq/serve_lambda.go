package main

import (
	"errors"
)

// checkServeLambda refuses what the workers cannot do for the page.
func checkServeLambda(so *serveOptions) error {
	switch {
	case len(so.o.enrich) > 0:
		return errors.New("--enrich is not supported with --lambda yet: the workers do not load enrichment files")
	case readsLogGroup(so.sources):
		return errors.New("log groups cannot be fanned out: the workers read s3:// objects")
	}
	return nil
}
