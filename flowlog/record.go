package flowlog

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"time"
	"unsafe"
)

// span locates one token in a Record's text.
type span struct{ lo, hi uint32 }

// Record is one flow log record: the columns of one line, split, with the
// fields a caller asked for decoded to typed values.
//
// A Record returned by a Reader aliases the Reader's buffer: it and every
// slice obtained from it are valid only until the next call to Scan. Copy
// what you keep (Clone does). A Record is not safe for concurrent use: its
// accessors may decode on demand and cache the result.
type Record struct {
	format  *Format
	text    []byte // what spans index; for parsed records, the line itself
	spans   []span
	null    FieldSet // fields known to be "-" (those decoded while scanning, at least)
	decoded FieldSet // fields whose typed value is cached in ints/addrs
	bad     FieldSet // fields whose token did not decode
	ints    [NumFields]int64
	addrs   [4]netip.Addr
	scratch []byte // percent-decoded tag values, reset per record
	lineNo  int64
	origin  *Origin // where the record came from; nil if not known
	event   *Event  // the CloudWatch Logs event it came in; nil if none
	built   bool    // made with Reset/Set*: text holds tokens only
	// borrowed says text and spans belong to a Batch (Load): they are
	// never reused in place, only replaced.
	borrowed bool
	// partial says only spans[:reach] are set: a parse split no further
	// than the columns it decoded (the line is known to have the right
	// number of columns). completeSplit sets the rest.
	partial bool
	reach   uint32
	// derived holds the values of derived fields (Schema.Derive), in dtext.
	derived []derivedValue
	dtext   []byte
	// lazy computes the derived fields in pending the first time one is
	// read (Schema.DeriveLazily); nil when none is pending.
	lazy    *Schema
	pending FieldSet
}

// intKinds and addrKinds are the fields whose decoded values Int and Addr
// return; computed once from the registry, read-only.
var intKinds, addrKinds = func() (ints, addrs FieldSet) {
	for i := range registry {
		switch registry[i].Kind {
		case KindInt, KindTime, KindEnum:
			ints.Add(Field(i))
		case KindAddr:
			addrs.Add(Field(i))
		}
	}
	return ints, addrs
}()

func addrSlot(f Field) int {
	switch f {
	case SrcAddr:
		return 0
	case DstAddr:
		return 1
	case PktSrcAddr:
		return 2
	default: // PktDstAddr
		return 3
	}
}

// Format returns the format the record was read with.
func (r *Record) Format() *Format { return r.format }

// LineNumber returns the 1-based line number of the record in its stream
// (0 for records built with Reset).
func (r *Record) LineNumber() int64 { return r.lineNo }

// SetLineNumber sets what LineNumber reports, for decoders that build
// records rather than parse lines (a Parquet row's ordinal).
func (r *Record) SetLineNumber(n int64) { r.lineNo = n }

// Origin returns where the record came from, or nil if nobody said.
func (r *Record) Origin() *Origin { return r.origin }

// SetOrigin says where the record came from. Its partition values then
// stand in for the fields the record's format lacks. The Origin is shared,
// not copied: it must not change while records point at it.
func (r *Record) SetOrigin(o *Origin) { r.origin = o }

// Line returns the record as AWS wrote it (without line ending or a
// CloudWatch export timestamp). For a record built with Reset it returns
// the record in its own format. The slice is valid until the next Scan.
func (r *Record) Line() []byte {
	if r.built {
		return r.AppendTo(nil, r.format)
	}
	return r.text
}

// AppendLine appends what Line returns to dst without allocating: the
// line as AWS wrote it, or a built record in its own format.
func (r *Record) AppendLine(dst []byte) []byte {
	if r.built {
		return r.AppendTo(dst, r.format)
	}
	return append(dst, r.text...)
}

// Has reports whether the record has field f: its format has it, its
// origin gives it a partition value, or it is a derived field with a value.
func (r *Record) Has(f Field) bool {
	return r.format.Has(f) || r.origin.value(f) != nil || r.derivedToken(f) != nil
}

// IsNull reports whether f is null: absent (from the format and the
// origin's partition values), or "-".
func (r *Record) IsNull(f Field) bool {
	if r.null.Has(f) {
		return true
	}
	// Columns split but not decoded are checked here, not while scanning.
	tok := r.token(f)
	return tok == nil || len(tok) == 1 && tok[0] == '-'
}

// token returns the text of field f: its column, else the origin's
// partition value, else nil; for a derived field, its value or nil.
func (r *Record) token(f Field) []byte {
	if f >= NumFields {
		return r.derivedToken(f)
	}
	i := r.format.Index(f)
	if i < 0 {
		return r.origin.value(f)
	}
	return r.Column(i)
}

// Column returns the raw text of column i, as written ("-" for null).
func (r *Record) Column(i int) []byte {
	if r.partial && uint(i) >= uint(r.reach) {
		r.completeSplit()
	}
	s := r.spans[i]
	return r.text[s.lo:s.hi]
}

// completeSplit sets the spans a parse did not need.
func (r *Record) completeSplit() {
	if r.partial {
		splitFields(r.spans, len(r.spans), r.text)
		r.partial = false
	}
}

// Raw returns the raw text of field f as written ("-" for null), or nil if
// the record lacks f (a partition value of the origin counts as written).
func (r *Record) Raw(f Field) []byte { return r.token(f) }

// ensure decodes f if that has not happened yet and reports whether it
// holds a valid non-null value.
func (r *Record) ensure(f Field) bool {
	if f >= NumFields || r.IsNull(f) {
		return false
	}
	if !r.decoded.Has(f) && !r.bad.Has(f) {
		if r.decodeField(f, r.token(f)) != nil {
			r.bad.Add(f)
		}
	}
	return r.decoded.Has(f)
}

// Int returns the value of an integer, time (Unix seconds) or enum (code)
// field, and false if it is null, absent, malformed or of another kind.
func (r *Record) Int(f Field) (int64, bool) {
	if f < NumFields && (r.decoded[f>>6]&intKinds[f>>6])&(1<<(f&63)) != 0 {
		return r.ints[f], true // fast path: decoded while scanning
	}
	if !r.ensure(f) || registry[f].Kind == KindAddr {
		return 0, false
	}
	k := registry[f].Kind
	if k != KindInt && k != KindTime && k != KindEnum {
		return 0, false
	}
	return r.ints[f], true
}

// Addr returns the value of an address field, and false if it is null,
// absent or malformed.
func (r *Record) Addr(f Field) (netip.Addr, bool) {
	if f < NumFields && (r.decoded[f>>6]&addrKinds[f>>6])&(1<<(f&63)) != 0 {
		return r.addrs[addrSlot(f)], true // fast path: decoded while scanning
	}
	if f >= NumFields || registry[f].Kind != KindAddr || !r.ensure(f) {
		return netip.Addr{}, false
	}
	return r.addrs[addrSlot(f)], true
}

// Time returns start or end as a UTC time, and false if it is null.
func (r *Record) Time(f Field) (time.Time, bool) {
	v, ok := r.Int(f)
	if !ok || registry[f].Kind != KindTime {
		return time.Time{}, false
	}
	return time.Unix(v, 0).UTC(), true
}

// Text returns the text of a string, enum, tag or derived field (tags
// percent-decoded), or nil if it is null or absent. The slice is valid until
// the next Scan.
func (r *Record) Text(f Field) []byte {
	if f >= NumFields {
		return r.derivedToken(f)
	}
	if r.IsNull(f) {
		return nil
	}
	tok := r.token(f)
	if registry[f].Kind != KindTag {
		return tok
	}
	start := len(r.scratch)
	out, err := appendUnescaped(r.scratch, tok)
	if err != nil {
		return tok
	}
	r.scratch = out
	return out[start:]
}

// Action returns the action code (ActionAccept, ActionReject) or 0.
func (r *Record) Action() int64 { v, _ := r.Int(Action); return v }

// LogStatus returns the log-status code (LogStatusOK, ...) or 0.
func (r *Record) LogStatus() int64 { v, _ := r.Int(LogStatus); return v }

// Decode decodes the fields of fs that the record has and has not decoded
// yet. It returns the first *ParseError, after trying every field.
func (r *Record) Decode(fs FieldSet) error {
	var first error
	for i, f := range r.format.cols {
		if !fs.Has(f) || r.decoded.Has(f) || r.IsNull(f) {
			continue
		}
		if err := r.decodeField(f, r.token(f)); err != nil {
			r.bad.Add(f)
			if first == nil {
				first = r.fieldError(i, err)
			}
		}
	}
	return first
}

func (r *Record) fieldError(col int, err error) *ParseError {
	return &ParseError{
		Line: r.lineNo, Column: col + 1, Field: r.format.names[col],
		Text: clip(r.Column(col)), Err: err,
	}
}

// decodeField parses tok, the text of f, into the typed cache. It does not
// allocate.
func (r *Record) decodeField(f Field, tok []byte) error {
	info := &registry[f]
	switch info.Kind {
	case KindInt:
		v, err := parseUint(tok, info.Max)
		if err != nil {
			return err
		}
		r.ints[f] = v
	case KindTime:
		v, err := parseUint(tok, 0)
		if err != nil {
			return err
		}
		r.ints[f] = normalizeUnix(v)
	case KindEnum:
		v, ok := decodeEnum(f, tok)
		if !ok {
			return ErrBadEnum
		}
		r.ints[f] = v
	case KindAddr:
		a, ok := parseAddr(tok)
		if !ok {
			return ErrNotAddr
		}
		r.addrs[addrSlot(f)] = a
	case KindTag:
		if !validEscapes(tok) {
			return ErrBadEscape
		}
	}
	r.decoded.Add(f)
	return nil
}

// msThreshold separates Unix seconds from Unix milliseconds: 1e11 seconds is
// the year 5138, 1e11 milliseconds is March 1973.
const msThreshold = 100_000_000_000

func normalizeUnix(v int64) int64 {
	if v >= msThreshold {
		return v / 1000
	}
	return v
}

// parseUint parses a non-negative decimal integer of at most 18 digits and
// checks it against limit (0: none). Tokens of up to 16 digits inside a
// larger buffer (a line in the Reader's) are read eight bytes at a time;
// the bytes past the token are loaded but not used.
func parseUint(b []byte, limit int64) (int64, error) {
	if n := len(b); n > 0 && n <= 16 && cap(b) >= 8 {
		var v uint64
		var ok bool
		if n <= 8 {
			v, ok = eightDigits(binary.LittleEndian.Uint64(b[:8]), n)
		} else {
			hi, okHi := eightDigits(binary.LittleEndian.Uint64(b), n-8)
			lo, okLo := eightDigits(binary.LittleEndian.Uint64(b[n-8:]), 8)
			v, ok = hi*100_000_000+lo, okHi && okLo
		}
		if ok {
			if limit > 0 && int64(v) > limit {
				return 0, ErrRange
			}
			return int64(v), nil
		}
	}
	return parseUintBytes(b, limit)
}

// eightDigits parses the first n (1 to 8) bytes of w, little-endian, as
// decimal digits; ok is false if one is not a digit.
func eightDigits(w uint64, n int) (uint64, bool) {
	shift := uint(8-n) * 8 & 63
	// The digits move to the top bytes, '0's fill the bottom ones.
	w = w<<shift | 0x3030303030303030&(1<<shift-1)
	if (w&0xf0f0f0f0f0f0f0f0)|((w+0x0606060606060606)&0xf0f0f0f0f0f0f0f0)>>4 != 0x3333333333333333 {
		return 0, false
	}
	w -= 0x3030303030303030
	w = w*10 + w>>8 // pairs of digits, in every other byte
	w = ((w&0x000000ff000000ff)*(100+1000000<<32) + (w>>16&0x000000ff000000ff)*(1+10000<<32)) >> 32
	return w, true
}

// parseUintBytes is parseUint a byte at a time: the rule it implements.
func parseUintBytes(b []byte, limit int64) (int64, error) {
	if len(b) == 0 || len(b) > 18 {
		if len(b) > 18 && allDigits(b) {
			return 0, ErrRange
		}
		return 0, ErrNotNumber
	}
	var v int64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, ErrNotNumber
		}
		v = v*10 + int64(d)
	}
	if limit > 0 && v > limit {
		return 0, ErrRange
	}
	return v, nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseAddr parses an IPv4 dotted quad by hand (the common case) and
// anything else with netip. It does not allocate: IPv6 zones, which would
// retain the string, are rejected.
func parseAddr(b []byte) (netip.Addr, bool) {
	if a, ok := parseIPv4(b); ok {
		return a, true
	}
	for _, c := range b {
		if c == '%' {
			return netip.Addr{}, false
		}
	}
	if len(b) == 0 {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(unsafe.String(&b[0], len(b)))
	return a, err == nil
}

// parseIPv4 parses a dotted quad: four parts of one to three digits, no
// leading zero ("0" itself is one), each at most 255.
func parseIPv4(b []byte) (netip.Addr, bool) {
	var out [4]byte
	i := 0
	for k := range 4 {
		if k > 0 {
			if i >= len(b) || b[i] != '.' {
				return netip.Addr{}, false
			}
			i++
		}
		if i >= len(b) || b[i]-'0' > 9 {
			return netip.Addr{}, false
		}
		v := uint(b[i] - '0')
		i++
		if i < len(b) && b[i]-'0' <= 9 {
			if v == 0 { // leading zero
				return netip.Addr{}, false
			}
			v = v*10 + uint(b[i]-'0')
			i++
			if i < len(b) && b[i]-'0' <= 9 {
				v = v*10 + uint(b[i]-'0')
				i++
				if v > 255 {
					return netip.Addr{}, false
				}
			}
		}
		out[k] = byte(v)
	}
	if i != len(b) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(out), true
}

// Clone returns a deep copy of r that owns its memory and stays valid
// after the Reader (or Batch) moves on; it shares r's immutable Format and
// Origin. Clone is how to keep a record past the call that lent it.
func (r *Record) Clone() *Record {
	r.completeSplit()
	r.completeDerived()
	c := *r
	c.text = append([]byte(nil), r.text...)
	c.spans = append([]span(nil), r.spans...)
	c.derived = append([]derivedValue(nil), r.derived...)
	c.dtext = append([]byte(nil), r.dtext...)
	c.scratch, c.borrowed = nil, false
	return &c
}

// AppendTo appends the record in format f (single spaces, no newline) to
// dst and returns the extended slice. Fields the record lacks are written
// as "-"; unknown columns are matched by name. Parsing the result with f
// gives back the same values.
func (r *Record) AppendTo(dst []byte, f *Format) []byte {
	for i, fld := range f.cols {
		if i > 0 {
			dst = append(dst, ' ')
		}
		col := -1
		if fld == Unknown {
			col = r.format.IndexOfName(f.names[i])
		} else {
			col = r.format.Index(fld)
		}
		if col < 0 {
			dst = append(dst, '-')
			continue
		}
		dst = append(dst, r.Column(col)...)
	}
	return dst
}

// String returns the record in its own format.
func (r *Record) String() string { return string(r.AppendTo(nil, r.format)) }

// Reset empties r and sets its format, so that it can be filled with the
// Set methods (for sources without text, such as Parquet). Every column
// starts null.
func (r *Record) Reset(f *Format) {
	r.dropBorrowed()
	r.format = f
	r.text = append(r.text[:0], '-')
	r.spans = r.spans[:0]
	for range f.cols {
		r.spans = append(r.spans, span{0, 1})
	}
	r.null = f.set
	r.partial = false
	r.decoded, r.bad = FieldSet{}, FieldSet{}
	r.scratch = r.scratch[:0]
	r.lineNo, r.origin, r.event = 0, nil, nil
	r.derived, r.dtext = r.derived[:0], r.dtext[:0]
	r.lazy, r.pending = nil, FieldSet{}
	r.built = true
}

// dropBorrowed forgets memory lent by a Batch, so that reusing r cannot
// write into the batch.
func (r *Record) dropBorrowed() {
	if r.borrowed {
		r.text, r.spans, r.borrowed = nil, nil, false
		r.derived, r.dtext = nil, nil
	}
}

// own copies memory lent by a Batch before r is changed in place.
func (r *Record) own() {
	r.completeSplit()
	if r.borrowed {
		r.text, r.spans = append([]byte(nil), r.text...), append([]span(nil), r.spans...)
		r.derived, r.dtext = append([]derivedValue(nil), r.derived...), append([]byte(nil), r.dtext...)
		r.borrowed = false
	}
}

// setToken points column of f at text appended to r.text; fields absent
// from the format are ignored and reported as false.
func (r *Record) setToken(f Field, appendText func([]byte) []byte) bool {
	i := r.format.Index(f)
	if i < 0 {
		return false
	}
	r.own()
	lo := len(r.text)
	r.text = appendText(r.text)
	r.spans[i] = span{uint32(lo), uint32(len(r.text))}
	r.null[f>>6] &^= 1 << (f & 63)
	r.decoded.Add(f)
	return true
}

// SetColumn sets column i (0-based) to text as it would be written, for
// columns that SetText cannot name (unknown fields). Empty text is stored
// as null; the text is not decoded until an accessor asks for it.
func (r *Record) SetColumn(i int, text []byte) {
	if i < 0 || i >= len(r.spans) || len(text) == 0 {
		return
	}
	r.own()
	lo := len(r.text)
	r.text = append(r.text, text...)
	r.spans[i] = span{uint32(lo), uint32(len(r.text))}
	if f := r.format.cols[i]; f != Unknown {
		r.null[f>>6] &^= 1 << (f & 63)
		r.decoded[f>>6] &^= 1 << (f & 63)
		r.bad[f>>6] &^= 1 << (f & 63)
	}
}

// SetInt sets an integer, time or enum field (for enums, v is the code).
func (r *Record) SetInt(f Field, v int64) {
	if f >= NumFields {
		return
	}
	r.setToken(f, func(b []byte) []byte {
		if registry[f].Kind == KindEnum {
			return append(b, EnumWord(f, v)...)
		}
		return strconv.AppendInt(b, v, 10)
	})
	if registry[f].Kind == KindTime {
		v = normalizeUnix(v)
	}
	r.ints[f] = v
}

// SetAddr sets an address field.
func (r *Record) SetAddr(f Field, a netip.Addr) {
	if f >= NumFields || registry[f].Kind != KindAddr {
		return
	}
	if r.setToken(f, a.AppendTo) {
		r.addrs[addrSlot(f)] = a
	}
}

// SetText sets a string field (for tags: the decoded value, which is
// percent-encoded as AWS does). Empty text is stored as null.
func (r *Record) SetText(f Field, text []byte) {
	if f >= NumFields || len(text) == 0 {
		return
	}
	switch registry[f].Kind {
	case KindTag:
		r.setToken(f, func(b []byte) []byte { return appendEscaped(b, text) })
	case KindEnum:
		if v, ok := decodeEnum(f, text); ok {
			r.SetInt(f, v)
		}
	case KindString:
		r.setToken(f, func(b []byte) []byte { return append(b, text...) })
	}
}
