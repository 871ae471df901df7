package flowlog

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/netip"
)

// op is what the line parser does with one column.
type op uint8

const (
	opSkip op = iota // split only; decode on demand
	opInt
	opTime
	opAddr
	opEnum
	opText // string or tag: nothing to decode, but validate tags
)

// plan is the per-column work for one format and one wanted-field set.
type plan struct {
	format *Format
	want   FieldSet
	ops    []op
	fused  bool // decode while splitting (most columns wanted)
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
		default:
			p.ops[i] = opText
		}
	}
	skipped := 0
	for _, o := range p.ops {
		if o == opSkip {
			skipped++
		}
	}
	p.fused = 2*skipped < len(p.ops)
	return p
}

// resetFor empties rec for a line of format f and returns its spans, one
// per column, reusing their memory.
func (rec *Record) resetFor(f *Format, line []byte) []span {
	rec.dropBorrowed()
	rec.format, rec.text, rec.built = f, line, false
	rec.null, rec.decoded, rec.bad = FieldSet{}, FieldSet{}, FieldSet{}
	rec.scratch = rec.scratch[:0]
	rec.derived, rec.dtext = rec.derived[:0], rec.dtext[:0]
	if cap(rec.spans) < len(f.cols) {
		rec.spans = make([]span, len(f.cols))
	}
	rec.spans = rec.spans[:len(f.cols)]
	return rec.spans
}

// parseLine parses line into rec with the method that suits the plan. It
// does not allocate unless it returns an error.
func (p *plan) parseLine(rec *Record, line []byte) error {
	if p.fused {
		return p.parseFused(rec, line)
	}
	return p.parseSplit(rec, line)
}

// parseFused splits line and decodes the planned columns in one pass,
// filling rec: the faster way when most columns are decoded.
func (p *plan) parseFused(rec *Record, line []byte) error {
	f := p.format
	spans := rec.resetFor(f, line)
	n, i := len(line), 0
	for col, fld := range f.cols {
		for i < n && line[i] == ' ' {
			i++
		}
		if i >= n {
			return fieldCountError(col, line, f)
		}
		lo := i
		if line[i] == '-' && (i+1 == n || line[i+1] == ' ') {
			i++
			spans[col] = span{uint32(lo), uint32(i)}
			if fld != Unknown {
				rec.null[fld>>6] |= 1 << (fld & 63)
			}
			continue
		}
		var err error
		switch p.ops[col] {
		case opInt, opTime:
			var v int64
			v, i, err = scanUint(line, i, registry[fld].Max)
			if p.ops[col] == opTime {
				v = normalizeUnix(v)
			}
			rec.ints[fld] = v
		case opAddr:
			var a netip.Addr
			a, i, err = scanAddr(line, i)
			rec.addrs[addrSlot(fld)] = a
		default:
			i = nextSpace(line, i)
			if p.ops[col] == opSkip {
				spans[col] = span{uint32(lo), uint32(i)}
				continue
			}
			err = rec.decodeField(fld, line[lo:i])
		}
		spans[col] = span{uint32(lo), uint32(i)}
		if err != nil {
			rec.bad.Add(fld)
			return rec.fieldError(col, err)
		}
		rec.decoded.Add(fld)
	}
	for i < n && line[i] == ' ' {
		i++
	}
	if i < n {
		return fieldCountError(len(f.cols)+1, line, f)
	}
	return nil
}

// parseSplit splits line with bitmaps, then decodes the planned columns:
// the faster way when most columns are only split.
func (p *plan) parseSplit(rec *Record, line []byte) error {
	f := p.format
	spans := rec.resetFor(f, line)
	if got := splitSpaces(spans, line); got != len(spans) {
		return fieldCountError(got, line, f)
	}
	for col, o := range p.ops {
		if o == opSkip {
			continue // split only: IsNull and the accessors look at it when asked
		}
		s := spans[col]
		fld := f.cols[col]
		if s.hi-s.lo == 1 && line[s.lo] == '-' {
			rec.null[fld>>6] |= 1 << (fld & 63)
			continue
		}
		if err := p.decode(rec, o, fld, line[s.lo:s.hi]); err != nil {
			rec.bad.Add(fld)
			return rec.fieldError(col, err)
		}
		rec.decoded[fld>>6] |= 1 << (fld & 63)
	}
	return nil
}

// decode parses one planned token into rec's typed cache.
func (p *plan) decode(rec *Record, o op, fld Field, tok []byte) error {
	switch o {
	case opInt, opTime:
		v, err := parseUint(tok, registry[fld].Max)
		if o == opTime {
			v = normalizeUnix(v)
		}
		rec.ints[fld] = v
		return err
	case opAddr:
		a, ok := parseAddr(tok)
		if !ok {
			return ErrNotAddr
		}
		rec.addrs[addrSlot(fld)] = a
		return nil
	case opEnum:
		v, ok := decodeEnum(fld, tok)
		if !ok {
			return ErrBadEnum
		}
		rec.ints[fld] = v
		return nil
	}
	return rec.decodeField(fld, tok)
}

func fieldCountError(got int, line []byte, f *Format) *ParseError {
	if got > len(f.cols) {
		got = splitSpans(nil, line)
	}
	return &ParseError{Text: clip(line),
		Err: fmt.Errorf("%w: %d, want %d (%s)", ErrFieldCount, got, len(f.cols), formatLabel(f))}
}

const (
	spaces = 0x2020202020202020
	ones   = 0x0101010101010101
	highs  = 0x8080808080808080
)

// nextSpace returns the index of the first space at or after i, or
// len(line). It looks at eight bytes at a time.
func nextSpace(line []byte, i int) int {
	for i+8 <= len(line) {
		x := binary.LittleEndian.Uint64(line[i:]) ^ spaces
		if t := (x - ones) &^ x & highs; t != 0 {
			return i + bits.TrailingZeros64(t)>>3
		}
		i += 8
	}
	for i < len(line) && line[i] != ' ' {
		i++
	}
	return i
}

// scanUint parses the decimal token starting at i and returns its value and
// the index after it.
func scanUint(line []byte, i int, limit int64) (int64, int, error) {
	lo := i
	var v int64
	for ; i < len(line); i++ {
		d := line[i] - '0'
		if d > 9 {
			break
		}
		v = v*10 + int64(d)
	}
	if i < len(line) && line[i] != ' ' {
		return 0, nextSpace(line, i), ErrNotNumber
	}
	if i-lo > 18 {
		return 0, i, ErrRange
	}
	if limit > 0 && v > limit {
		return 0, i, ErrRange
	}
	return v, i, nil
}

// scanAddr parses the address token starting at i: IPv4 inline, anything
// else through parseAddr.
func scanAddr(line []byte, i int) (netip.Addr, int, error) {
	lo := i
	var out [4]byte
	part, digits, val := 0, 0, 0
	for ; i < len(line); i++ {
		c := line[i]
		if c == ' ' {
			break
		}
		if d := c - '0'; d <= 9 && (digits == 0 || val != 0) {
			val = val*10 + int(d)
			digits++
			if val <= 255 {
				continue
			}
		} else if c == '.' && digits > 0 && part < 3 {
			out[part] = byte(val)
			part, digits, val = part+1, 0, 0
			continue
		}
		end := nextSpace(line, i)
		a, ok := parseAddr(line[lo:end])
		if !ok {
			return netip.Addr{}, end, ErrNotAddr
		}
		return a, end, nil
	}
	if part != 3 || digits == 0 {
		return netip.Addr{}, i, ErrNotAddr
	}
	out[3] = byte(val)
	return netip.AddrFrom4(out), i, nil
}
