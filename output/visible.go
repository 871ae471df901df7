package output

import (
	"unicode/utf8"
)

// Visible returns s with everything that could drive a terminal written as
// an escape instead: control characters (C0, DEL and C1, tabs and line
// breaks included), the bidirectional-text controls that reorder what is
// shown, and bytes that are not UTF-8. A log's contents are data: a tag
// value, an object key or a file name must not erase a row, move the
// cursor or hide text on an analyst's screen. Everything else is kept.
func Visible(s string) string {
	if isPlain(s) {
		return s
	}
	return string(appendVisible(nil, s))
}

// isPlain reports whether s is printable ASCII, which needs no escape.
func isPlain[T string | []byte](s T) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// appendVisible appends s as Visible returns it. It allocates nothing
// beyond dst's growth.
func appendVisible[T string | []byte](dst []byte, s T) []byte {
	if isPlain(s) {
		return append(dst, s...)
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune([]byte(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, '\\', 'x', hex[s[i]>>4], hex[s[i]&15])
		case r < 0x20 || r == 0x7f:
			dst = append(dst, '\\', 'x', hex[r>>4], hex[r&15])
		case r < 0xa0 && r >= 0x80, isBidiControl(r):
			dst = append(dst, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// isBidiControl reports whether r reorders how text around it is shown
// (the embeddings, overrides and isolates of Unicode's bidirectional
// algorithm), as in "Trojan Source" attacks.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
