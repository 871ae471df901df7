//go:build !amd64 || purego

package flowlog

// bestMasks is the portable maskFunc where no assembly is built.
func bestMasks() maskImpl { return maskSWAR }

// masksAVX2 and masksAVX512 exist only on amd64; bestMasks never picks
// them here.
func masksAVX2(chunk []byte, masks []uint64) bool   { return masksSWAR(chunk, masks) }
func masksAVX512(chunk []byte, masks []uint64) bool { return masksSWAR(chunk, masks) }

func splitVBMI2(spans []span, want int, line []byte) (int, bool) { return splitSWAR(spans, want, line) }

// splitLineVBMI2 keeps the contract of the amd64 one: a text without a
// newline is split whole, with n -1.
func splitLineVBMI2(spans []span, want int, text []byte) (int, int, bool) {
	if n, count, tabs := (splitter{maskSWAR}).splitLine(spans, want, text); n >= 0 {
		return n, count, tabs
	}
	count, tabs := splitSWAR(spans, want, text)
	return -1, count, tabs
}

func splitShortLine([]span, []byte) (int, int, bool) { return -1, 0, false }
