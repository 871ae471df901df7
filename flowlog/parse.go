package flowlog

import (
	"encoding/binary"
	"fmt"
)

// op is what the line parser does with one column.
type op uint8

const (
	opSkip op = iota // split only; decode on demand
	opInt
	opTime
	opAddr
	opEnum
	opText   // tag: nothing to decode, but validate its escapes
	opString // string: nothing to decode or validate
)

// plan is the per-column work for one format and one wanted-field set.
type plan struct {
	format *Format
	want   FieldSet
	ops    []op
	steps  []step // the columns to decode (ops not opSkip), in order
	// reach is how many leading columns are split while parsing: up to
	// the last one decoded. The record splits the rest when asked.
	reach int
	// valuesFirst says a bad value is reported before a wrong field count,
	// as the one-pass parser that decoded most columns did: it met the
	// values in order and the missing (or extra) columns last.
	valuesFirst bool
}

func newPlan(f *Format, want FieldSet) plan {
	p := plan{format: f, want: want, ops: make([]op, f.Len())}
	for i, fld := range f.cols {
		if fld == Unknown || !want.Has(fld) {
			continue
		}
		switch registry[fld].Kind {
		case KindInt:
			p.ops[i] = opInt
		case KindTime:
			p.ops[i] = opTime
		case KindAddr:
			p.ops[i] = opAddr
		case KindEnum:
			p.ops[i] = opEnum
		case KindString:
			p.ops[i] = opString
		default:
			p.ops[i] = opText
		}
		p.steps = append(p.steps, newStep(i, fld, p.ops[i]))
		p.reach = i + 1
	}
	skipped := len(p.ops) - len(p.steps)
	p.valuesFirst = 2*skipped < len(p.ops)
	if p.valuesFirst {
		p.reach = len(p.ops)
	}
	return p
}

// step is the decoding of one column, with what it needs at hand.
type step struct {
	col  int
	op   op
	fld  Field
	word uint8  // fld>>6: the word of fld in a FieldSet
	slot uint8  // addrSlot(fld), for addresses
	bit  uint64 // 1<<(fld&63)
	max  int64  // registry[fld].Max
	// words are the enum words of fld, as the little-endian words of their
	// bytes (all have at most 8), and wordLen their lengths.
	words   [3]uint64
	wordLen [3]int
}

func newStep(col int, fld Field, o op) step {
	st := step{col: col, op: o, fld: fld, word: uint8(fld >> 6), bit: 1 << (fld & 63), max: registry[fld].Max}
	if o == opAddr {
		st.slot = uint8(addrSlot(fld))
	}
	if o == opEnum {
		for i, w := range enumWords[fld] {
			if i < len(st.words) && len(w) <= 8 { // else decodeEnum's alone
				var b [8]byte
				copy(b[:], w)
				st.words[i], st.wordLen[i] = binary.LittleEndian.Uint64(b[:]), len(w)
			}
		}
	}
	return st
}

// resetFor empties rec for a line of format f and returns its spans, one
// per column, reusing their memory.
func (rec *Record) resetFor(f *Format, line []byte) []span {
	rec.dropBorrowed()
	rec.format, rec.text, rec.built = f, line, false
	rec.null, rec.decoded, rec.bad = FieldSet{}, FieldSet{}, FieldSet{}
	rec.scratch = rec.scratch[:0]
	rec.derived, rec.dtext = rec.derived[:0], rec.dtext[:0]
	if room := max(len(f.cols), shortLineBytes/4); cap(rec.spans) < room {
		rec.spans = make([]span, len(f.cols), room)
	}
	rec.spans = rec.spans[:len(f.cols)]
	return rec.spans
}

// parseLine splits line into rec and decodes the planned columns. Tabs in
// line are turned into spaces (the line is the caller's buffer, and
// Record.Line shows them so). It does not allocate unless it returns an
// error.
func (p *plan) parseLine(rec *Record, line []byte, sp splitter) error {
	f := p.format
	spans := rec.resetFor(f, line)
	reach := p.reach
	if sp.impl == splitReference {
		reach = len(spans)
	}
	count, tabs := sp.split(spans, reach, line)
	return p.decodeSplit(rec, line, reach, count, tabs)
}

// decodeSplit decodes the planned columns of line, which rec holds split
// (resetFor, then a splitter's spans of its first reach columns, at least
// p.reach): count is its number of tokens and tabs whether it has a tab.
func (p *plan) decodeSplit(rec *Record, line []byte, reach, count int, tabs bool) error {
	f, spans := p.format, rec.spans
	if tabs {
		for i, c := range line {
			if c == '\t' {
				line[i] = ' '
			}
		}
	}
	rec.partial, rec.reach = reach < len(spans), uint32(reach)
	if count != len(spans) && !p.valuesFirst {
		return fieldCountError(count, line, f)
	}
	steps := p.steps
	if count < len(spans) { // valuesFirst: decode the columns present
		for k, st := range steps {
			if st.col >= count {
				steps = steps[:k]
				break
			}
		}
	}
	for k := range steps {
		st := &steps[k]
		s := spans[st.col]
		tok := line[s.lo:s.hi]
		if len(tok) == 1 && tok[0] == '-' {
			rec.null[st.word&1] |= st.bit
			continue
		}
		if st.op <= opTime {
			// The common integer, here rather than in a call: 1 to 16
			// digits inside a larger buffer, eight bytes at a time. Any
			// other token (or error) is decodeStep's.
			var v uint64
			ok := false
			if n := len(tok); n <= 8 && cap(tok) >= 8 {
				v, ok = eightDigits(binary.LittleEndian.Uint64(tok[:8]), n)
			} else if n > 8 && n <= 16 {
				hi, okHi := eightDigits(binary.LittleEndian.Uint64(tok), n-8)
				lo, okLo := eightDigits(binary.LittleEndian.Uint64(tok[n-8:]), 8)
				v, ok = hi*100_000_000+lo, okHi && okLo
			}
			if ok && (st.max == 0 || int64(v) <= st.max) {
				if st.op == opTime {
					v = uint64(normalizeUnix(int64(v)))
				}
				rec.ints[st.fld] = int64(v)
				rec.decoded[st.word&1] |= st.bit
				continue
			}
		}
		switch st.op {
		case opAddr:
			if a, ok := parseIPv4(tok); ok {
				rec.addrs[st.slot&3] = a
				rec.decoded[st.word&1] |= st.bit
				continue
			}
		case opString:
			rec.decoded[st.word&1] |= st.bit
			continue
		case opEnum:
			// The word as AWS writes it, compared eight bytes at once;
			// decodeEnum does the rest (other cases, errors).
			if n := len(tok); n <= 8 && cap(tok) >= 8 {
				w := binary.LittleEndian.Uint64(tok[:8]) & (1<<(uint(n)*8&63) - 1 | -(uint64(n) >> 3))
				code := int64(0)
				for i := range st.words {
					// One test, which compiles to a conditional move: which
					// word a record has varies from line to line.
					if st.words[i]^w|uint64(st.wordLen[i]^n) == 0 {
						code = int64(i + 1)
					}
				}
				if code != 0 {
					rec.ints[st.fld] = code
					rec.decoded[st.word&1] |= st.bit
					continue
				}
			}
		}
		if err := rec.decodeStep(st, tok); err != nil {
			rec.bad.Add(st.fld)
			return rec.fieldError(st.col, err)
		}
		rec.decoded[st.word&1] |= st.bit
	}
	if count != len(spans) {
		return fieldCountError(count, line, f)
	}
	return nil
}

// decodeStep parses the token of one planned column into rec's typed
// cache.
func (rec *Record) decodeStep(st *step, tok []byte) error {
	switch st.op {
	case opInt:
		v, err := parseUint(tok, st.max)
		rec.ints[st.fld] = v
		return err
	case opTime:
		v, err := parseUint(tok, 0)
		rec.ints[st.fld] = normalizeUnix(v)
		return err
	case opAddr:
		a, ok := parseAddr(tok)
		if !ok {
			return ErrNotAddr
		}
		rec.addrs[st.slot&3] = a
		return nil
	case opEnum:
		v, ok := decodeEnum(st.fld, tok)
		if !ok {
			return ErrBadEnum
		}
		rec.ints[st.fld] = v
		return nil
	}
	return rec.decodeField(st.fld, tok)
}

func fieldCountError(got int, line []byte, f *Format) *ParseError {
	return &ParseError{Text: clip(line),
		Err: fmt.Errorf("%w: %d, want %d (%s)", ErrFieldCount, got, len(f.cols), formatLabel(f))}
}

const spaces = 0x2020202020202020
