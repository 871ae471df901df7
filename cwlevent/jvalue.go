package cwlevent

import (
	"errors"
	"fmt"
	"io"
	"math"
)

var (
	errEOF           = io.EOF
	errUnexpectedEOF = io.ErrUnexpectedEOF
	// errType is a value of the wrong type for its member, which
	// encoding/json reports as an UnmarshalTypeError.
	errType = errors.New("a value of the wrong type")
)

// number reads a number whose first byte c was read, and returns its
// text in j.tmp. JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (j *jscan) number(c byte) (integer bool, err error) {
	j.tmp = append(j.tmp[:0], c)
	if c == '-' {
		if c, err = j.must(); err != nil {
			return false, err
		}
		j.tmp = append(j.tmp, c)
	}
	switch {
	case c == '0':
	case c >= '1' && c <= '9':
		j.digits()
	default:
		return false, syntaxErr(c)
	}
	integer = true
	if j.peekIs('.') {
		integer = false
		if err := j.fraction(); err != nil {
			return false, err
		}
	}
	if j.peekIs('e') || j.peekIs('E') {
		integer = false
		if err := j.exponent(); err != nil {
			return false, err
		}
	}
	return integer, nil
}

func (j *jscan) must() (byte, error) {
	c, err := j.br.ReadByte()
	return c, eof(err)
}

func (j *jscan) peekIs(want byte) bool {
	p, _ := j.br.Peek(1)
	return len(p) == 1 && p[0] == want
}

// digits consumes any digits, into j.tmp.
func (j *jscan) digits() int {
	n := 0
	for {
		p, _ := j.br.Peek(1)
		if len(p) == 0 || p[0] < '0' || p[0] > '9' {
			return n
		}
		j.tmp = append(j.tmp, p[0])
		_, _ = j.br.Discard(1)
		n++
	}
}

func (j *jscan) fraction() error {
	c, _ := j.br.ReadByte()
	j.tmp = append(j.tmp, c)
	if j.digits() == 0 {
		return j.badNext()
	}
	return nil
}

func (j *jscan) exponent() error {
	c, _ := j.br.ReadByte()
	j.tmp = append(j.tmp, c)
	if j.peekIs('+') || j.peekIs('-') {
		c, _ = j.br.ReadByte()
		j.tmp = append(j.tmp, c)
	}
	if j.digits() == 0 {
		return j.badNext()
	}
	return nil
}

// badNext is the error for a missing digit: the byte there, or the end.
func (j *jscan) badNext() error {
	c, err := j.must()
	if err != nil {
		return err
	}
	return syntaxErr(c)
}

// literal reads the rest of true, false or null, whose first byte c was
// read.
func (j *jscan) literal(c byte) error {
	rest := "ull"
	switch c {
	case 't':
		rest = "rue"
	case 'f':
		rest = "alse"
	}
	for i := 0; i < len(rest); i++ {
		b, err := j.must()
		if err != nil {
			return err
		}
		if b != rest[i] {
			return syntaxErr(b)
		}
	}
	return nil
}

// skip reads and checks one value of any kind, whose first byte c was read.
func (j *jscan) skip(c byte, depth int) error {
	switch {
	case c == '"':
		var err error
		j.tmp, err = j.str(j.tmp[:0])
		return err
	case c == '-' || c >= '0' && c <= '9':
		_, err := j.number(c)
		return err
	case c == 't' || c == 'f' || c == 'n':
		return j.literal(c)
	case c == '{':
		return j.object(depth+1, func(c byte) error { return j.skip(c, depth+1) })
	case c == '[':
		return j.array(depth+1, func(c byte) error { return j.skip(c, depth+1) })
	}
	return syntaxErr(c)
}

// object reads the members of an object whose '{' was read, handing
// each value's first byte to member, with the name in j.key.
func (j *jscan) object(depth int, member func(c byte) error) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested too deep", errSyntax)
	}
	c, err := j.space()
	if err != nil || c == '}' {
		return eof(err)
	}
	for {
		if c != '"' {
			return syntaxErr(c)
		}
		if j.key, err = j.str(j.key[:0]); err != nil {
			return err
		}
		if c, err = j.space(); err != nil || c != ':' {
			return orSyntax(err, c)
		}
		if c, err = j.space(); err != nil {
			return eof(err)
		}
		if err := member(c); err != nil {
			return err
		}
		var done bool
		if c, done, err = j.afterItem('}'); done || err != nil {
			return err
		}
	}
}

// array reads the elements of an array whose '[' was read.
func (j *jscan) array(depth int, elem func(c byte) error) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested too deep", errSyntax)
	}
	c, err := j.space()
	if err != nil || c == ']' {
		return eof(err)
	}
	for {
		if err := elem(c); err != nil {
			return err
		}
		var done bool
		if c, done, err = j.afterItem(']'); done || err != nil {
			return err
		}
	}
}

// afterItem reads what follows a member or element: the closing byte
// (done), or a comma and the first byte of the next item.
func (j *jscan) afterItem(closing byte) (next byte, done bool, err error) {
	c, err := j.space()
	switch {
	case err != nil:
		return 0, false, eof(err)
	case c == closing:
		return 0, true, nil
	case c != ',':
		return 0, false, syntaxErr(c)
	}
	if c, err = j.space(); err != nil {
		return 0, false, eof(err)
	}
	return c, false, nil
}

func orSyntax(err error, c byte) error {
	if err != nil {
		return eof(err)
	}
	return syntaxErr(c)
}

// int64Value reads a member typed int64, as encoding/json does: null
// leaves it, a number with a fraction or an exponent, or out of range, or
// another kind of value is a type error (after the value is checked).
func (j *jscan) int64Value(c byte, depth int, dst *int64) error {
	switch {
	case c == 'n':
		return j.literal(c)
	case c == '-' || c >= '0' && c <= '9':
		integer, err := j.number(c)
		if err != nil {
			return err
		}
		v, ok := parseInt(j.tmp)
		if !integer || !ok {
			return errType
		}
		*dst = v
		return nil
	}
	if err := j.skip(c, depth); err != nil {
		return err
	}
	return errType
}

// parseInt reads the digits of an integer, with an optional '-', and
// reports false if it is out of the range of int64.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var u uint64
	for _, c := range b {
		d := uint64(c - '0')
		if u > (math.MaxUint64-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	switch {
	case neg && u <= 1<<63:
		return int64(-u), true //nolint:gosec // u is at most 2^63
	case !neg && u <= math.MaxInt64:
		return int64(u), true
	}
	return 0, false
}
