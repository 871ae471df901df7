package flowlog

// HasSkipAVX2 says the AVX2 skipper runs here.
var HasSkipAVX2 = hasSkipAVX2

// ReadAsAVX2 makes r, after its last Reset, read as a CPU with AVX2 and
// not AVX-512 does: the AVX2 splitter and, if skip, the AVX2 skipper for
// its Literal, else none.
func ReadAsAVX2(r *Reader, skip bool) {
	r.split = splitter{maskAVX2}
	r.skip.impl = nil
	if skip {
		r.skip.impl = skipPlainAsm2
	}
}
