package flowlog

import "fmt"

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
	cols   []int // the columns to decode (ops not opSkip), in order
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
		default:
			p.ops[i] = opText
		}
		p.cols = append(p.cols, i)
		p.reach = i + 1
	}
	skipped := len(p.ops) - len(p.cols)
	p.valuesFirst = 2*skipped < len(p.ops)
	if p.valuesFirst {
		p.reach = len(p.ops)
	}
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

// parseLine splits line into rec and decodes the planned columns. Tabs in
// line are turned into spaces (the line is the caller's buffer, and
// Record.Line shows them so). It does not allocate unless it returns an
// error.
func (p *plan) parseLine(rec *Record, line []byte) error {
	f := p.format
	spans := rec.resetFor(f, line)
	count, tabs := splitFields(spans, p.reach, line)
	if tabs {
		for i, c := range line {
			if c == '\t' {
				line[i] = ' '
			}
		}
	}
	rec.partial, rec.reach = p.reach < len(spans), uint32(p.reach)
	if count != len(spans) && !p.valuesFirst {
		return fieldCountError(count, line, f)
	}
	for _, col := range p.cols {
		if col >= count {
			break // valuesFirst: the columns present were good
		}
		s := spans[col]
		fld := f.cols[col]
		if s.hi-s.lo == 1 && line[s.lo] == '-' {
			rec.null[fld>>6] |= 1 << (fld & 63)
			continue
		}
		if err := p.decode(rec, p.ops[col], fld, line[s.lo:s.hi]); err != nil {
			rec.bad.Add(fld)
			return rec.fieldError(col, err)
		}
		rec.decoded[fld>>6] |= 1 << (fld & 63)
	}
	if count != len(spans) {
		return fieldCountError(count, line, f)
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
	return &ParseError{Text: clip(line),
		Err: fmt.Errorf("%w: %d, want %d (%s)", ErrFieldCount, got, len(f.cols), formatLabel(f))}
}

const spaces = 0x2020202020202020
