//go:build nolibdeflate || !(linux || freebsd || darwin) || !(amd64 || arm64)

package scan

import "errors"

// newLibdeflate reports that this build has no libdeflate: it was built
// with -tags nolibdeflate (a fully static binary), or for a platform
// purego does not reach.
func newLibdeflate() (wholeInflater, error) {
	return nil, errors.New("libdeflate is not in this build (built with -tags nolibdeflate, or for an unsupported platform)")
}
