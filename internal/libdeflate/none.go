//go:build nolibdeflate || !(linux || freebsd || darwin) || !(amd64 || arm64)

package libdeflate

import "errors"

// Decompressor is absent from this build.
type Decompressor struct{}

// New reports that this build has no libdeflate: it was built with -tags
// nolibdeflate (for a fully static binary), or for a platform purego does
// not reach.
func New() (*Decompressor, error) {
	return nil, errors.New("libdeflate is not in this build (built with -tags nolibdeflate, or for an unsupported platform)")
}

// GzipMember never succeeds: no Decompressor exists in this build.
func (d *Decompressor) GzipMember(in, out []byte) (int, int, error) { return 0, 0, ErrBadData }

// Close does nothing.
func (d *Decompressor) Close() {}
