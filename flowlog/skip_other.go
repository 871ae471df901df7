//go:build !amd64 || purego

package flowlog

// hasSkipAVX512 is false where no assembly is built.
const hasSkipAVX512 = false

// skipPlain is skipPlainGo where no assembly is built.
func skipPlain(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainGo(text, cols, maxLine, nd)
}

// skipPlainAsm keeps the amd64 contract for the tests.
func skipPlainAsm(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	return skipPlainGo(text, cols, maxLine, nd)
}
