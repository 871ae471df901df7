package flowlog

import (
	"errors"
	"fmt"
)

// A Literal is bytes that the line of every record a query selects holds:
// `action = REJECT` needs REJECT (in either case, as the enum decodes),
// `dstport = 443` the digits 443, `addr = 10.0.0.7` that dotted quad. Given
// one in ReaderOptions.Literal, a Reader passes over the plain lines that
// lack it without splitting or decoding them: they are records of the
// stream (counted in Lines and Skipped) that cannot be selected.
//
// A plain line, the only kind passed over, is what AWS writes: at least
// 14 bytes and at most MaxLineBytes, a digit first, printable ASCII tokens
// separated by single spaces, exactly as many as the format has columns,
// and not the shape of an export stamp (a '-' fifth or a ',' fourteenth).
// Every other line — a header, a wrong field count, a tab, a control or
// non-ASCII byte, a stray space — is read as without a Literal, and so
// reported as it would be. What a passed-over line does not get is the
// decoding of the fields the query reads: a plain line whose dstport is
// "4x3" and that lacks REJECT is a record that `dstport = 443 and action
// = REJECT` does not select, not a malformed line.
//
// A Literal comes from the columns of Fields: lines are passed over only
// while the format has every one of them as a column, so that a value an
// Origin supplies (an account-id from the object's key) is never missed.
//
// Lines are passed over only where the CPU has AVX2 or AVX-512
// (CanSkipLines): elsewhere a Reader splits every line, as without a
// Literal.
//
// "Holds" is tested on three bytes: the first and the last of Text, and
// the one between them least common in flow logs (probe), at their
// distances, so a line holding them is read in full even when the other
// bytes differ. That only costs time; the filter decides.
type Literal struct {
	// Text is the bytes, printable ASCII other than space; "" means none.
	Text string
	// Fold makes ASCII letters match in either case.
	Fold bool
	// Fields are the fields one of whose columns holds Text in a selected
	// record.
	Fields FieldSet
}

// CanSkipLines reports whether Readers here pass over the lines without
// their Literal: where the CPU has AVX2 or AVX-512, and the build has
// assembly.
func CanSkipLines() bool { return bestSkipper() != nil }

// errLiteral is why Literal.check refuses a literal.
var errLiteral = errors.New("flowlog: a literal is printable ASCII without spaces")

// check reports whether l can be searched for.
func (l Literal) check() error {
	for i := range len(l.Text) {
		if c := l.Text[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("%w: %q", errLiteral, l.Text)
		}
	}
	return nil
}

// needle is a Literal as the skippers test it: three bytes, folded, and
// where they are.
type needle struct {
	first, mid, last byte // folded
	fold             byte // 0x20 when letters fold, else 0
	midAt, lastAt    int  // offsets of mid and last from first
}

func newNeedle(l Literal) needle {
	var fold byte
	if l.Fold {
		fold = 0x20
	}
	k, mid := len(l.Text), probe(l.Text)
	return needle{first: l.Text[0] | fold, mid: l.Text[mid] | fold, last: l.Text[k-1] | fold,
		fold: fold, midAt: mid, lastAt: k - 1}
}

// probe is where in text, between its first and last bytes, the needle
// tests its third byte: the one least common in flow logs, the last of
// equals, so that "10.0.1." tests its 1 and not a 0 that every 10.0.x.y
// address has there.
func probe(text string) int {
	best := len(text) / 2
	if len(text) < 3 {
		return best
	}
	best = 1
	for i := 2; i < len(text)-1; i++ {
		if rarity(text[i]) >= rarity(text[best]) {
			best = i
		}
	}
	return best
}

// rarity ranks bytes by how rare they are in flow log lines, which are
// mostly digits, dots, spaces and hex ids.
func rarity(c byte) int {
	switch c |= 0x20; {
	case c >= 'g' && c <= 'z':
		return 4
	case c >= 'a' && c <= 'f':
		return 3
	case c >= '2' && c <= '9':
		return 2
	case c == '0' || c == '1':
		return 1
	}
	return 0
}

// at reports whether the needle's three bytes are at text[i:].
func (n *needle) at(text []byte, i int) bool {
	return text[i]|n.fold == n.first && text[i+n.midAt]|n.fold == n.mid && text[i+n.lastAt]|n.fold == n.last
}

// plainLineMin is the shortest plain line: long enough that the stamp
// bytes tested (the 5th and the 14th) are inside it.
const plainLineMin = 14

// lastBlock is the last offset of text at which the skippers read a
// 64-byte block, with the needle's bytes after each of its bytes: a line
// is looked at only if its last block (its start plus a multiple of 64
// before its newline) starts at or before it. Negative when none.
func lastBlock(n int, nd *needle) int { return n - 64 - nd.lastAt }

// A skipper passes over the plain lines without a needle that text starts
// with: skipPlainGo says exactly which.
type skipper func(text []byte, cols, maxLine int, nd *needle) (n, lines int)

// skipPlainGo is the reference skipper, which the others must equal: it
// returns how many bytes of text, and how many lines, make the run of
// plain lines without the needle that text starts with, each of cols
// tokens and at most maxLine bytes, among the lines looked at (lastBlock).
// It reads only text and does not allocate.
func skipPlainGo(text []byte, cols, maxLine int, nd *needle) (n, lines int) {
	last := lastBlock(len(text), nd)
	for n <= last {
		q, ok := plainLine(text, n, last, cols, nd)
		if !ok || q-n > maxLine {
			break
		}
		n, lines = q+1, lines+1
	}
	return n, lines
}

// plainLine returns the newline of the line at text[s:] and whether it is
// plain, of cols tokens and without the needle, and looked at.
func plainLine(text []byte, s, last, cols int, nd *needle) (q int, ok bool) {
	spaces, prev := 0, byte('\n')
	for q = s; q < last+64 && text[q] != '\n'; q++ {
		c := text[q]
		switch {
		case c == ' ':
			if prev == ' ' {
				return q, false
			}
			spaces++
		case c < 0x21 || c > 0x7e:
			return q, false
		}
		if nd.at(text, q) {
			return q, false
		}
		prev = c
	}
	looked := q < last+64 && s+(q-s)&^63 <= last
	return q, looked && prev != ' ' && !nd.at(text, q) && plainStart(text[s:q]) && spaces == cols-1
}

// plainStart reports whether line, whose bytes are printable, starts as
// a plain line does: long enough, a digit first, not an export stamp.
func plainStart(line []byte) bool {
	return len(line) >= plainLineMin && isDigit(line[0]) && line[4] != '-' && line[13] != ','
}

// skipState is a Reader's passing over of plain lines without its
// literal.
type skipState struct {
	// impl is the skipper (bestSkipper's, or a test's); nil when no
	// literal was given or none runs here.
	impl   skipper
	nd     needle
	fields FieldSet // the literal's fields
	format *Format  // the format whose columns fits tells of
	fits   bool     // format has every field as a column
	on     bool     // impl is set, a record has been returned, and skipping has not given up
	gaveUp bool     // skipping did not pay: off until the next Reset
	lines  int64    // lines passed over
	// calls and passed are since the last check of the rate: when a call
	// passes over fewer than a quarter of a line on average, most lines
	// hold the literal, and skipping stops for the stream.
	calls, passed int
}

// skipCheckCalls is how many calls to skipPlain pass between checks
// that skipping pays.
const skipCheckCalls = 4096

func (s *skipState) reset(l Literal) {
	*s = skipState{}
	if l.Text == "" {
		return
	}
	if err := l.check(); err != nil {
		panic(err)
	}
	s.impl, s.nd, s.fields = bestSkipper(), newNeedle(l), l.Fields
}

// arm starts skipping after the first record: until then a first line
// that is not one waits for the next to say what the stream is.
func (s *skipState) arm() { s.on = s.impl != nil && !s.gaveUp }

// skipPlain passes over the plain lines without the literal that the
// unread text starts with.
func (r *Reader) skipPlain() {
	s := &r.skip
	if s.format != r.format {
		s.format, s.fits = r.format, r.format.set.Intersect(s.fields) == s.fields
	}
	if !s.fits {
		return
	}
	n, lines := s.impl(r.buf[r.start:r.end], len(r.format.cols), r.opts.MaxLineBytes, &s.nd)
	r.start += n
	r.lines += int64(lines)
	s.lines += int64(lines)
	s.calls++
	s.passed += lines
	if s.calls == skipCheckCalls {
		if 4*s.passed < s.calls {
			s.on, s.gaveUp = false, true
			return
		}
		s.calls, s.passed = 0, 0
	}
}
