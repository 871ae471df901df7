package cwlevent

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jscan reads JSON from a bufio.Reader with exactly encoding/json's rules
// for what payloads hold (the differential fuzz test holds it to them):
// strict syntax, escapes and surrogate pairs, invalid UTF-8 as U+FFFD,
// depth at most 10,000. It allocates nothing once its buffers have grown.
// Not safe for concurrent use.
type jscan struct {
	br  *bufio.Reader
	key []byte // the current member name, decoded
	tmp []byte // skipped strings
}

const maxDepth = 10000

var errSyntax = errors.New("invalid JSON")

func syntaxErr(c byte) error {
	return fmt.Errorf("%w: unexpected %s", errSyntax, strconv.QuoteRune(rune(c)))
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// space returns the next byte that is not white space, consumed.
func (j *jscan) space() (byte, error) {
	for {
		c, err := j.br.ReadByte()
		if err != nil || !isSpaceByte(c) {
			return c, err
		}
	}
}

// str appends the string whose opening quote was read, decoded, to dst.
func (j *jscan) str(dst []byte) ([]byte, error) {
	for {
		c, err := j.br.ReadByte()
		switch {
		case err != nil:
			return dst, eof(err)
		case c == '"':
			return dst, nil
		case c == '\\':
			if dst, err = j.escape(dst); err != nil {
				return dst, err
			}
		case c < 0x20:
			return dst, syntaxErr(c)
		case c < utf8.RuneSelf:
			dst = append(dst, c)
		default:
			dst = j.utf8(dst)
		}
	}
}

// utf8 appends the rune starting with the byte just read, or U+FFFD for
// an invalid byte (one byte is consumed then, as encoding/json does).
func (j *jscan) utf8(dst []byte) []byte {
	_ = j.br.UnreadByte()
	p, _ := j.br.Peek(utf8.UTFMax)
	r, n := utf8.DecodeRune(p)
	_, _ = j.br.Discard(n)
	if r == utf8.RuneError && n == 1 {
		return utf8.AppendRune(dst, utf8.RuneError)
	}
	return append(dst, p[:n]...)
}

func (j *jscan) escape(dst []byte) ([]byte, error) {
	c, err := j.br.ReadByte()
	if err != nil {
		return dst, eof(err)
	}
	switch c {
	case '"', '\\', '/':
		return append(dst, c), nil
	case 'b':
		return append(dst, '\b'), nil
	case 'f':
		return append(dst, '\f'), nil
	case 'n':
		return append(dst, '\n'), nil
	case 'r':
		return append(dst, '\r'), nil
	case 't':
		return append(dst, '\t'), nil
	case 'u':
		return j.unicode(dst)
	}
	return dst, syntaxErr(c)
}

// unicode appends the character of a \u escape (and of a low surrogate
// escape right after a high one); a lone surrogate is U+FFFD.
func (j *jscan) unicode(dst []byte) ([]byte, error) {
	r, err := j.hex4()
	if err != nil {
		return dst, err
	}
	if utf16.IsSurrogate(rune(r)) {
		if p, _ := j.br.Peek(2); len(p) == 2 && p[0] == '\\' && p[1] == 'u' {
			if q, _ := j.br.Peek(6); len(q) == 6 {
				if r2, ok := hexVal(q[2:6]); ok {
					if dec := utf16.DecodeRune(rune(r), rune(r2)); dec != utf8.RuneError {
						_, _ = j.br.Discard(6)
						return utf8.AppendRune(dst, dec), nil
					}
				}
			}
		}
		return utf8.AppendRune(dst, utf8.RuneError), nil
	}
	return utf8.AppendRune(dst, rune(r)), nil
}

func (j *jscan) hex4() (int, error) {
	var b [4]byte
	for i := range b {
		c, err := j.br.ReadByte()
		if err != nil {
			return 0, eof(err)
		}
		b[i] = c
	}
	v, ok := hexVal(b[:])
	if !ok {
		return 0, fmt.Errorf("%w: bad \\u escape", errSyntax)
	}
	return v, nil
}

func hexVal(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// eof turns the end of the input inside a value into io.ErrUnexpectedEOF.
func eof(err error) error {
	if errors.Is(err, errEOF) {
		return errUnexpectedEOF
	}
	return err
}
