package flowlog

import (
	"errors"
	"fmt"
	"strings"
)

// Format is an ordered list of columns, as a flow log's LogFormat defines
// them. A Format is immutable once built and safe for concurrent use.
type Format struct {
	cols    []Field
	names   []string
	index   [NumFields]int16 // column of each known field, -1 if absent
	set     FieldSet
	unknown []string
	version int
	header  string // the header line AWS writes for this format
}

// VPCDefaultFormat is the format string of the VPC default (version 2, 14
// fields); DefaultFormat returns it compiled.
const VPCDefaultFormat = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"

// TGWDefaultFormat is the format string of the Transit Gateway default (36
// fields); TransitGatewayFormat returns it compiled.
const TGWDefaultFormat = "${version} ${resource-type} ${account-id} ${tgw-id} ${tgw-attachment-id} ${tgw-src-vpc-account-id} ${tgw-dst-vpc-account-id} ${tgw-src-vpc-id} ${tgw-dst-vpc-id} ${tgw-src-subnet-id} ${tgw-dst-subnet-id} ${tgw-src-eni} ${tgw-dst-eni} ${tgw-src-az-id} ${tgw-dst-az-id} ${tgw-pair-attachment-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${log-status} ${type} ${packets-lost-no-route} ${packets-lost-blackhole} ${packets-lost-mtu-exceeded} ${packets-lost-ttl-expired} ${tcp-flags} ${region} ${flow-direction} ${pkt-src-aws-service} ${pkt-dst-aws-service}"

var (
	defaultFormat = mustParseFormat(VPCDefaultFormat)
	tgwFormat     = mustParseFormat(TGWDefaultFormat)
)

// DefaultFormat returns the VPC default format (the 14 version-2 fields).
// The result is shared and immutable.
func DefaultFormat() *Format { return defaultFormat }

// TransitGatewayFormat returns the Transit Gateway default format (36
// fields). The result is shared and immutable.
func TransitGatewayFormat() *Format { return tgwFormat }

func mustParseFormat(s string) *Format {
	f, err := ParseFormat(s)
	if err != nil {
		panic(err)
	}
	return f
}

// ErrFormat is wrapped by every error that ParseFormat and NewFormat return.
var ErrFormat = errors.New("invalid flow log format")

// ParseFormat compiles a format from a `${field} ${field} ...` format
// string (as given to CreateFlowLogs) or from a header line
// (`version account-id ...`, as AWS writes at the top of every S3 text
// object). Names flowq does not know are kept as opaque string columns and
// listed by Unknown; they are not an error.
func ParseFormat(s string) (*Format, error) {
	toks := strings.Fields(s)
	names := make([]string, 0, len(toks))
	for _, t := range toks {
		if strings.HasPrefix(t, "${") {
			if !strings.HasSuffix(t, "}") || len(t) < 4 {
				return nil, fmt.Errorf("%w: %q is not a ${field} reference", ErrFormat, t)
			}
			t = t[2 : len(t)-1]
		} else if strings.ContainsAny(t, "${}") {
			return nil, fmt.Errorf("%w: %q is not a ${field} reference", ErrFormat, t)
		}
		names = append(names, t)
	}
	return NewFormat(names...)
}

// NewFormat compiles a format from a list of field names, hyphenated
// ("log-status") or as Athena columns ("log_status").
func NewFormat(names ...string) (*Format, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no fields", ErrFormat)
	}
	f := &Format{cols: make([]Field, len(names)), names: make([]string, len(names))}
	for i := range f.index {
		f.index[i] = -1
	}
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		key := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		if !validName(key) {
			return nil, fmt.Errorf("%w: %q is not a field name", ErrFormat, name)
		}
		if seen[key] {
			return nil, fmt.Errorf("%w: field %q appears twice", ErrFormat, name)
		}
		seen[key] = true
		fld, ok := Lookup(key)
		f.cols[i], f.names[i] = fld, key
		if !ok {
			f.unknown = append(f.unknown, key)
			continue
		}
		f.index[fld] = int16(i)
		f.set.Add(fld)
		f.version = max(f.version, registry[fld].Version)
	}
	f.header = strings.Join(f.names, " ")
	return f, nil
}

// validName accepts what AWS field names look like: lower-case letters,
// digits and hyphens, starting with a letter.
func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// Len returns the number of columns.
func (f *Format) Len() int { return len(f.cols) }

// Field returns the field of column i (0-based), or Unknown.
func (f *Format) Field(i int) Field { return f.cols[i] }

// Name returns the hyphenated name of column i as the format gave it.
func (f *Format) Name(i int) string { return f.names[i] }

// Index returns the column of fld, or -1 if the format lacks it.
func (f *Format) Index(fld Field) int {
	if fld >= NumFields {
		return -1
	}
	return int(f.index[fld])
}

// IndexOfName returns the column named name (hyphenated), or -1.
func (f *Format) IndexOfName(name string) int {
	for i, n := range f.names {
		if n == name {
			return i
		}
	}
	return -1
}

// Has reports whether the format has fld.
func (f *Format) Has(fld Field) bool { return f.set.Has(fld) }

// Set returns the set of known fields in the format.
func (f *Format) Set() FieldSet { return f.set }

// Unknown lists the column names flowq does not know, in column order.
func (f *Format) Unknown() []string { return append([]string(nil), f.unknown...) }

// Version returns the highest field version in the format: what AWS
// writes in the version field of its records (6 for Transit Gateway).
func (f *Format) Version() int { return f.version }

// Fields returns the field of every column, in order (Unknown for unknown
// names).
func (f *Format) Fields() []Field { return append([]Field(nil), f.cols...) }

// String returns the `${field} ...` format string.
func (f *Format) String() string {
	var b strings.Builder
	for i, n := range f.names {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("${")
		b.WriteString(n)
		b.WriteByte('}')
	}
	return b.String()
}

// Header returns the header line AWS writes for this format.
func (f *Format) Header() string { return f.header }

// Equal reports whether f and o have the same columns in the same order.
func (f *Format) Equal(o *Format) bool {
	if f == o {
		return true
	}
	if f == nil || o == nil || len(f.names) != len(o.names) {
		return false
	}
	for i := range f.names {
		if f.names[i] != o.names[i] {
			return false
		}
	}
	return true
}
