package flowlog

import (
	"errors"
	"fmt"
	"strings"
)

// MaxDerived is how many derived fields one Schema can hold: their Field
// values run from NumFields up to 127, so that FieldSets hold them too.
const MaxDerived = 128 - int(NumFields)

// Derived describes a field that flowq computes rather than AWS writes:
// from the record itself, or from a lookup table loaded once (the AWS
// service that owns an address, the name of an interface). Its value is
// text, compared as a string field is. Once in a Schema, a derived field
// is named in filters, printed as a column and grouped by like AWS's own.
type Derived struct {
	// Name is what filters and columns call it: lower-case letters,
	// digits and underscores ("src_aws_service"). It must not be the name
	// of an AWS field.
	Name string
	// Needs are the AWS fields Derive reads; scanners decode them first.
	Needs FieldSet
	// Derive appends the field's value for r to dst and reports whether
	// there is one (false: null). It is called from many goroutines at
	// once, so it must be safe for concurrent use (a lookup table must be
	// read-only); it must not keep or change r.
	Derive func(dst []byte, r *Record) ([]byte, bool)
	// List says the value is a list of items separated by ListSep (every
	// AWS service that lists an address's prefixes: "AMAZON,EC2"). A
	// filter's =, IN and LIKE hold when any item matches, and != and
	// NOT IN when none does; columns and groups show the whole list.
	List bool
}

// ListSep separates the items of a List field's value.
const ListSep = ','

// Schema is the set of fields a scan knows: the registry of AWS's fields
// and the derived fields it was made with, each given a Field value. A nil
// *Schema is the registry alone. A Schema is immutable and safe for
// concurrent use.
type Schema struct {
	derived []Derived
	byName  map[string]Field
}

// NewSchema returns a Schema with the registry and the derived fields d,
// numbered from NumFields in order.
func NewSchema(d ...Derived) (*Schema, error) {
	if len(d) > MaxDerived {
		return nil, fmt.Errorf("flowlog: %d derived fields, at most %d", len(d), MaxDerived)
	}
	s := &Schema{derived: append([]Derived(nil), d...), byName: map[string]Field{}}
	for i, f := range s.derived {
		switch {
		case !derivedName(f.Name):
			return nil, fmt.Errorf("flowlog: derived field %q: use lower-case letters, digits and underscores", f.Name)
		case f.Derive == nil:
			return nil, fmt.Errorf("flowlog: derived field %q has no Derive function", f.Name)
		}
		if _, taken := s.Lookup(f.Name); taken {
			return nil, fmt.Errorf("flowlog: derived field %q: %w", f.Name, errNameTaken)
		}
		s.byName[f.Name] = NumFields + Field(i)
	}
	return s, nil
}

var errNameTaken = errors.New("the name is taken")

func derivedName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// Lookup finds a field by name: an AWS field as Lookup does, or a derived
// field of s (case-insensitively).
func (s *Schema) Lookup(name string) (Field, bool) {
	if f, ok := Lookup(name); ok {
		return f, true
	}
	if s == nil {
		return Unknown, false
	}
	f, ok := s.byName[strings.ToLower(name)]
	return f, ok
}

// Name returns the column name of f: the Athena column of an AWS field,
// or the name of a derived field of s.
func (s *Schema) Name(f Field) string {
	if d := s.derivedOf(f); d != nil {
		return d.Name
	}
	return f.Column()
}

// Derived returns the Field values of the derived fields, in order.
func (s *Schema) Derived() []Field {
	if s == nil {
		return nil
	}
	out := make([]Field, len(s.derived))
	for i := range out {
		out[i] = NumFields + Field(i)
	}
	return out
}

// IsList reports whether f is a derived field whose value is a list.
func (s *Schema) IsList(f Field) bool {
	d := s.derivedOf(f)
	return d != nil && d.List
}

// derivedOf returns the description of a derived field of s, or nil.
func (s *Schema) derivedOf(f Field) *Derived {
	if s == nil || f < NumFields || int(f-NumFields) >= len(s.derived) {
		return nil
	}
	return &s.derived[f-NumFields]
}

// Needs returns the AWS fields that the derived fields in fs read.
func (s *Schema) Needs(fs FieldSet) FieldSet {
	var need FieldSet
	for i := range s.derivedLen() {
		if fs.Has(NumFields + Field(i)) {
			need = need.Union(s.derived[i].Needs)
		}
	}
	return need
}

func (s *Schema) derivedLen() int {
	if s == nil {
		return 0
	}
	return len(s.derived)
}

// Derive computes the derived fields of want for r and attaches their
// values to r, replacing those of an earlier Derive. It allocates nothing
// once r's buffers have grown.
func (s *Schema) Derive(r *Record, want FieldSet) {
	s.resetDerived(r)
	for i := range s.derivedLen() {
		if f := NumFields + Field(i); want.Has(f) {
			s.deriveOne(r, f)
		}
	}
}

// DeriveLazily arranges for the derived fields in want to be computed
// the first time r is asked for one of them (Text, Has, and the filter's
// tests through them), replacing r's derived values as Derive does. A
// filter that rejects a record on its AWS fields first then never pays for
// the lookups. Clone and Batch.Append compute what is still pending; so
// does Complete.
func (s *Schema) DeriveLazily(r *Record, want FieldSet) {
	s.resetDerived(r)
	r.lazy, r.pending = s, want
}

// Complete computes the derived fields in want that r does not hold yet
// (pending from DeriveLazily, or never asked for) and ends lazy
// derivation: r then holds every field of want that has a value.
func (s *Schema) Complete(r *Record, want FieldSet) {
	r.completeDerived()
	for i := range s.derivedLen() {
		if f := NumFields + Field(i); want.Has(f) && !r.hasDerived(f) {
			s.deriveOne(r, f)
		}
	}
}

// resetDerived forgets r's derived values and pending fields.
func (s *Schema) resetDerived(r *Record) {
	if r.borrowed { // the old values belong to a Batch: replace, never overwrite
		r.derived, r.dtext = nil, nil
	}
	r.derived, r.dtext = r.derived[:0], r.dtext[:0]
	r.lazy, r.pending = nil, FieldSet{}
}

// deriveOne computes derived field f of r and appends its value (none,
// for null).
func (s *Schema) deriveOne(r *Record, f Field) {
	lo := len(r.dtext)
	out, ok := s.derived[f-NumFields].Derive(r.dtext, r)
	if !ok || len(out) == lo {
		r.dtext = out[:lo]
		return // null
	}
	r.dtext = out
	r.derived = append(r.derived, derivedValue{f: f, lo: uint32(lo), hi: uint32(len(out))})
}

// completeDerived computes every field still pending.
func (r *Record) completeDerived() {
	s := r.lazy
	for f := NumFields; s != nil && !r.pending.IsEmpty() && f < 128; f++ {
		if r.pending.Has(f) {
			r.pending.Remove(f)
			s.deriveOne(r, f)
		}
	}
	r.lazy, r.pending = nil, FieldSet{}
}

// hasDerived reports whether r holds a value for derived field f.
func (r *Record) hasDerived(f Field) bool {
	for _, d := range r.derived {
		if d.f == f {
			return true
		}
	}
	return false
}

// derivedValue locates the value of one derived field in Record.dtext.
type derivedValue struct {
	f      Field
	lo, hi uint32
}

// derivedToken returns the value of derived field f, or nil; a field
// pending from DeriveLazily is computed now.
func (r *Record) derivedToken(f Field) []byte {
	if r.lazy != nil && r.pending.Has(f) {
		r.pending.Remove(f)
		r.lazy.deriveOne(r, f)
	}
	for _, d := range r.derived {
		if d.f == f {
			return r.dtext[d.lo:d.hi]
		}
	}
	return nil
}
