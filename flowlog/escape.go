package flowlog

// v11 tag values are UTF-8 percent-encoded so that spaces and other special
// characters do not break the space-separated line.

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func validEscapes(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] != '%' {
			continue
		}
		if i+2 >= len(b) {
			return false
		}
		if _, ok := unhex(b[i+1]); !ok {
			return false
		}
		if _, ok := unhex(b[i+2]); !ok {
			return false
		}
		i += 2
	}
	return true
}

// appendUnescaped appends the percent-decoded form of b to dst.
func appendUnescaped(dst, b []byte) ([]byte, error) {
	if !validEscapes(b) {
		return dst, ErrBadEscape
	}
	for i := 0; i < len(b); i++ {
		if b[i] == '%' {
			hi, _ := unhex(b[i+1])
			lo, _ := unhex(b[i+2])
			dst = append(dst, hi<<4|lo)
			i += 2
			continue
		}
		dst = append(dst, b[i])
	}
	return dst, nil
}

// appendEscaped percent-encodes every byte that is not an unreserved URL
// character, and "-" when it is the whole value (it would read as null).
func appendEscaped(dst, b []byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	if len(b) == 1 && b[0] == '-' {
		return append(dst, "%2D"...)
	}
	for _, c := range b {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}
