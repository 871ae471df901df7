//go:build !amd64 || purego

package flowlog

// hasSkipAVX512 and hasSkipAVX2 are false where no assembly is built.
const hasSkipAVX512, hasSkipAVX2 = false, false

// bestSkipper is nil where no assembly is built: skipPlainGo is slower
// than splitting every line, so a Reader ignores its Literal.
func bestSkipper() skipper { return nil }

// skipPlainAsm and skipPlainAsm2 keep the amd64 contract for the tests.
func skipPlainAsm(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainGo(text, cols, maxLine, nd)
}

func skipPlainAsm2(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainGo(text, cols, maxLine, nd)
}
