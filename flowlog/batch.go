package flowlog

import (
	"math/bits"
	"net/netip"
	"unsafe"
)

// Batch holds detached copies of records, packed into a few arenas: their
// text, their column positions and the values already decoded. It is how
// records cross from the goroutine that parsed them to another, without
// being parsed again: Append copies a record in (it may then be reused),
// Load lends one back out.
//
// A Batch grows to fit and keeps its memory across Reset, so a batch that
// is reused allocates nothing in the steady state. It is not safe for
// concurrent use; hand the whole batch from one goroutine to another.
type Batch struct {
	text    []byte
	spans   []span
	ints    []int64
	addrs   []netip.Addr
	derived []derivedValue // offsets into dtext
	dtext   []byte
	recs    []packedRecord
}

// packedRecord is one record of a Batch: its state, with offsets into the
// batch's arenas in place of its slices.
type packedRecord struct {
	format             *Format
	origin             *Origin
	event              *Event
	lineNo             int64
	null, decoded, bad FieldSet
	textLo, textHi     uint32
	spanLo             uint32
	intLo, addrLo      uint32
	derivedLo, dtextLo uint32
	derivedN           uint16
	built              bool
}

// Len returns the number of records in b.
func (b *Batch) Len() int { return len(b.recs) }

// Size returns about how many bytes the records in b take, for budgets.
func (b *Batch) Size() int {
	return len(b.text) + len(b.spans)*int(unsafe.Sizeof(span{})) + len(b.ints)*8 +
		len(b.addrs)*int(unsafe.Sizeof(netip.Addr{})) + len(b.recs)*int(unsafe.Sizeof(packedRecord{})) +
		len(b.derived)*int(unsafe.Sizeof(derivedValue{})) + len(b.dtext)
}

// Reset empties b, keeping its memory. Records loaded from b before are
// invalid afterwards.
func (b *Batch) Reset() {
	b.text, b.spans, b.ints, b.addrs, b.recs = b.text[:0], b.spans[:0], b.ints[:0], b.addrs[:0], b.recs[:0]
	b.derived, b.dtext = b.derived[:0], b.dtext[:0]
}

// Append copies r into b: its text, columns, decoded values, line number
// and origin. r is not retained; like its accessors, Append may complete
// r's on-demand state (the split of columns a lazy parse left, derived
// fields still pending), so r must not be in use by another goroutine.
func (b *Batch) Append(r *Record) {
	r.completeSplit()
	r.completeDerived()
	p := packedRecord{format: r.format, origin: r.origin, event: r.event, lineNo: r.lineNo,
		null: r.null, decoded: r.decoded, bad: r.bad, built: r.built,
		textLo: uint32(len(b.text)), spanLo: uint32(len(b.spans)),
		intLo: uint32(len(b.ints)), addrLo: uint32(len(b.addrs)),
		derivedLo: uint32(len(b.derived)), dtextLo: uint32(len(b.dtext)), derivedN: uint16(len(r.derived))}
	b.text = append(b.text, r.text...)
	b.derived = append(b.derived, r.derived...)
	b.dtext = append(b.dtext, r.dtext...)
	p.textHi = uint32(len(b.text))
	b.spans = append(b.spans, r.spans...)
	ints, addrs := r.decoded.Intersect(intKinds), r.decoded.Intersect(addrKinds)
	for w := range ints {
		for m := ints[w]; m != 0; m &= m - 1 {
			b.ints = append(b.ints, r.ints[w*64+bits.TrailingZeros64(m)])
		}
		for m := addrs[w]; m != 0; m &= m - 1 {
			b.addrs = append(b.addrs, r.addrs[addrSlot(Field(w*64+bits.TrailingZeros64(m)))])
		}
	}
	b.recs = append(b.recs, p)
}

// Load makes dst record i of b. dst then borrows b's memory: it, and every
// slice obtained from it, is valid until b is Reset or appended to. Clone
// dst to keep it longer. Loading allocates nothing.
func (b *Batch) Load(i int, dst *Record) {
	p := &b.recs[i]
	n := p.spanLo + uint32(len(p.format.cols))
	dst.format, dst.origin, dst.event, dst.lineNo, dst.built = p.format, p.origin, p.event, p.lineNo, p.built
	dst.null, dst.decoded, dst.bad = p.null, p.decoded, p.bad
	dst.partial = false
	dst.text = b.text[p.textLo:p.textHi:p.textHi]
	dst.spans = b.spans[p.spanLo:n:n]
	dst.scratch = dst.scratch[:0]
	dst.borrowed = true
	dst.lazy, dst.pending = nil, FieldSet{}
	dl, dh := p.derivedLo, p.derivedLo+uint32(p.derivedN)
	dst.derived = b.derived[dl:dh:dh]
	dtextHi := uint32(len(b.dtext))
	if i+1 < len(b.recs) {
		dtextHi = b.recs[i+1].dtextLo
	}
	dst.dtext = b.dtext[p.dtextLo:dtextHi:dtextHi]
	ints, addrs := p.decoded.Intersect(intKinds), p.decoded.Intersect(addrKinds)
	k, a := p.intLo, p.addrLo
	for w := range ints {
		for m := ints[w]; m != 0; m &= m - 1 {
			dst.ints[w*64+bits.TrailingZeros64(m)] = b.ints[k]
			k++
		}
		for m := addrs[w]; m != 0; m &= m - 1 {
			dst.addrs[addrSlot(Field(w*64+bits.TrailingZeros64(m)))] = b.addrs[a]
			a++
		}
	}
}
