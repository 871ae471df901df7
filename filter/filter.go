package filter

import (
	"errors"
	"math"
	"os"
	"slices"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Options configure Compile. The zero value reads times without an offset
// as UTC and list files from the file system.
type Options struct {
	// Location is the zone of time literals without an offset
	// ('2026-01-15', '2026-01-15 09:00'); nil means UTC.
	Location *time.Location
	// ReadList loads the list file named in `IN @name`; nil means
	// os.ReadFile.
	ReadList func(name string) ([]byte, error)
	// Schema names the derived fields a filter may test (enrichment, or
	// fields a program computes), besides AWS's; nil means AWS's only.
	// Derived fields are text: =, !=, IN, LIKE and IS NULL apply.
	Schema *flowlog.Schema
}

// Filter is a compiled filter. It is immutable and safe for concurrent
// use by any number of goroutines.
type Filter struct {
	root   node
	fields flowlog.FieldSet
}

// Compile parses and compiles a filter. The empty filter and "true" match
// every record. Errors are *Error values that point at the offending text.
func Compile(src string, opts Options) (*Filter, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.ReadList == nil {
		opts.ReadList = os.ReadFile
	}
	e, perr := parse(src)
	if perr != nil {
		return nil, perr
	}
	c := &compiler{opts: opts, files: map[string][]listEntry{}}
	root, cerr := c.compile(e, false)
	if cerr != nil {
		cerr.Src = src
		return nil, cerr
	}
	f := &Filter{root: root}
	root.addFields(&f.fields)
	return f, nil
}

// MustCompile is Compile for filters known to be valid; it panics on error.
func MustCompile(src string) *Filter {
	f, err := Compile(src, Options{})
	if err != nil {
		panic(err)
	}
	return f
}

// Match reports whether r satisfies the filter: the filter is TRUE under
// SQL three-valued logic, where a test of a null field ("-" or absent from
// the format) is UNKNOWN. It does not allocate. A nil Filter matches
// everything. Match may decode fields of r on demand, so r itself must not
// be shared between goroutines.
func (f *Filter) Match(r *flowlog.Record) bool {
	if f == nil {
		return true
	}
	return f.root.match(r)
}

// Fields returns the fields Match reads; pass it to
// flowlog.ReaderOptions.Fields so the reader decodes only those.
func (f *Filter) Fields() flowlog.FieldSet {
	if f == nil {
		return flowlog.FieldSet{}
	}
	return f.fields
}

// Range returns bounds [lo, hi], inclusive, that the value of fld (an
// integer, time or enum-code field) has in every record the filter
// matches, as implied by its AND structure: `start >= X and dstport = 443`
// gives Range(Start) = (X, math.MaxInt64) and Range(DstPort) = (443, 443);
// an OR gives the hull of its branches if each implies a bound. ok is false
// when the filter implies nothing about fld. Open ends are math.MinInt64
// and math.MaxInt64. lo > hi means no record can match.
//
// The bounds are never narrower than the truth, so callers can skip S3
// prefixes, objects or Parquet row groups whose values fall outside them.
// The pseudo-field day (see the query language) is a bound on End.
func (f *Filter) Range(fld flowlog.Field) (lo, hi int64, ok bool) {
	if f == nil {
		return 0, 0, false
	}
	lo, hi, ok = f.root.bounds(fld)
	if ok && lo == math.MinInt64 && hi == math.MaxInt64 {
		return 0, 0, false
	}
	return lo, hi, ok
}

// Values returns the values that fld, a string, tag or enum field, takes
// in the records the filter matches, as implied by its AND/OR structure:
// `region = 'us-east-1'` gives [us-east-1] and `region IN ('a', 'b')`
// gives [a b]; an AND intersects what its terms imply, and an OR gives
// the union of its branches if each implies a set. A LIKE pattern without
// a wildcard is an equality test. ok is false when the filter implies
// nothing about fld (`region != 'a'`, NOT IN, LIKE with a wildcard, IS
// [NOT] NULL, or no test of fld in some OR branch), and for fields of
// other kinds, whose bounds Range reports.
//
// When ok is true, every record the filter matches has a non-null value
// of fld in vals: under three-valued logic a test of a null field is
// UNKNOWN, so a null fld can only match through a test that implies no
// set. vals is sorted in byte order, holds no duplicates and belongs to
// the caller; if it is empty, no record can match. Values are in the form
// the filter compares: for string and tag fields the exact text of
// Record.Text (the decoded text for tags), compared case-sensitively as
// in Athena, so `region = 'US-EAST-1'` gives [US-EAST-1] and does not
// match us-east-1; for enum fields the words of flowlog.EnumValues
// (ACCEPT, IPv6), which are compared as codes, so a record that spells the
// word in another case matches too.
//
// The set is never narrower than the truth, so callers can skip S3
// folders (regions, accounts) or objects whose value is not in it.
func (f *Filter) Values(fld flowlog.Field) (vals []string, ok bool) {
	if f == nil || fld >= flowlog.NumFields {
		return nil, false
	}
	switch fld.Kind() {
	case flowlog.KindString, flowlog.KindTag, flowlog.KindEnum:
	default:
		return nil, false
	}
	vals, ok = f.root.values(fld)
	if !ok {
		return nil, false
	}
	return slices.Clone(vals), true
}

// String returns the canonical form of the compiled (simplified) filter:
// lower-case keywords, Athena column names, enum words, times in RFC 3339
// UTC. Compile(f.String()) gives an equivalent filter (list files are
// named, not inlined, so they are read again).
func (f *Filter) String() string {
	if f == nil {
		return "true"
	}
	return string(f.root.appendTo(nil))
}

// AsError returns err as an *Error if it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
