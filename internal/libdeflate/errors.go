package libdeflate

import "errors"

// Errors of GzipMember.
var (
	ErrShortSpace = errors.New("libdeflate: output buffer too small")
	ErrBadData    = errors.New("libdeflate: gzip member does not decode")
)
