package enrich

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Kind is what a file was found to be.
type Kind string

const (
	IPRanges Kind = "aws-ip-ranges"
	ENIs     Kind = "eni-inventory"
	MMDB     Kind = "mmdb"
)

// File describes one file loaded, for summaries and evidence manifests.
type File struct {
	Path    string
	Kind    Kind
	Size    int64
	SHA256  string    // hex
	Date    time.Time // when its content was made: createDate, the mmdb build time; zero if unknown
	Entries int       // prefixes, interfaces or networks' records read
	Detail  string    // the mmdb database type; the syncToken of ip-ranges.json
	Fields  []string  // the names of the fields it gives
}

// Set is the enrichment loaded from files: their fields and the files
// themselves. It is immutable and safe for concurrent use; Close releases
// the databases.
type Set struct {
	files  []File
	fields []flowlog.Derived
	closer []func() error
}

// Error is a file that could not be used.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("--enrich %s: %v", e.Path, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// errUnknownKind is a file that is none of the kinds enrich reads.
var errUnknownKind = errors.New("not an AWS ip-ranges.json, an ENI inventory (aws ec2 describe-network-interfaces, or AWS Config's items) or a MaxMind .mmdb database")

// Load reads the files in paths, in order, each kind detected from its
// content.
func Load(ctx context.Context, paths ...string) (*Set, error) {
	s := &Set{}
	var enis []*eniTable
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			s.Close()
			return nil, err
		}
		before := len(s.fields)
		f, err := s.load(p, &enis)
		if err == nil {
			err = s.checkNames()
		}
		for _, d := range s.fields[before:] {
			f.Fields = append(f.Fields, d.Name)
		}
		if err != nil {
			s.Close()
			return nil, &Error{Path: p, Err: err}
		}
		s.files = append(s.files, f)
	}
	if len(enis) > 0 {
		fields := mergeENIs(enis).fields()
		s.fields = append(s.fields, fields...)
		for i := range s.files {
			if s.files[i].Kind == ENIs {
				for _, d := range fields {
					s.files[i].Fields = append(s.files[i].Fields, d.Name)
				}
			}
		}
	}
	return s, nil
}

// load reads one file and adds its fields (ENI tables are merged later).
func (s *Set) load(path string, enis *[]*eniTable) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	sum := sha256.Sum256(data)
	f := File{Path: path, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	switch {
	case isMMDB(data):
		f.Kind = MMDB
		db, err := openMMDB(data)
		if err != nil {
			return f, err
		}
		f.Date, f.Detail, f.Entries = db.built, db.dbType, db.records
		s.fields = append(s.fields, db.fields()...)
		s.closer = append(s.closer, db.close)
	case jsonHasKey(data, "prefixes") || jsonHasKey(data, "syncToken"):
		f.Kind = IPRanges
		t, err := parseIPRanges(data)
		if err != nil {
			return f, err
		}
		f.Date, f.Detail, f.Entries = t.created, t.syncToken, t.prefixes
		s.fields = append(s.fields, t.fields()...)
	case isConfigENIs(data):
		f.Kind = ENIs
		t, err := parseConfigENIs(data)
		if err != nil {
			return f, err
		}
		f.Entries, f.Detail = len(t.ifaces), "AWS Config"
		*enis = append(*enis, t)
	case jsonHasKey(data, "NetworkInterfaces"):
		f.Kind = ENIs
		t, err := parseENIs(data)
		if err != nil {
			return f, err
		}
		f.Entries = len(t.ifaces)
		*enis = append(*enis, t)
	default:
		return f, errUnknownKind
	}
	return f, nil
}

// jsonHasKey reports whether data looks like a JSON object with the key
// (a cheap sniff; the parser decides).
func jsonHasKey(data []byte, key string) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{' && bytes.Contains(data, []byte(`"`+key+`"`))
}

// jsonHasText reports whether data holds the quoted text anywhere.
func jsonHasText(data []byte, text string) bool {
	return bytes.Contains(data, []byte(text))
}

func (s *Set) checkNames() error {
	seen := map[string]bool{}
	for _, d := range s.fields {
		if seen[d.Name] {
			return fmt.Errorf("a file before it gives the field %s too; give one file of each kind (ENI inventories merge)", d.Name)
		}
		seen[d.Name] = true
	}
	return nil
}

// Fields returns the derived fields of the files, for flowlog.NewSchema.
func (s *Set) Fields() []flowlog.Derived {
	if s == nil {
		return nil
	}
	return s.fields
}

// Files describes the files loaded, in the order given.
func (s *Set) Files() []File {
	if s == nil {
		return nil
	}
	return s.files
}

// Close releases the databases. The fields must not be used after.
func (s *Set) Close() error {
	if s == nil {
		return nil
	}
	var errs []error
	for _, c := range s.closer {
		errs = append(errs, c())
	}
	s.closer = nil
	return errors.Join(errs...)
}

// Newer returns the files made after t (ip-ranges.json's createDate, an
// mmdb's build time) that give a field used ([used] reports whether a
// field name is; nil: every field is): their prefixes may have moved since
// the flows were logged, so an answer about those flows may be wrong.
func (s *Set) Newer(t time.Time, used func(name string) bool) []File {
	var out []File
	for _, f := range s.Files() {
		if !f.Date.IsZero() && f.Date.After(t) && (used == nil || slices.ContainsFunc(f.Fields, used)) {
			out = append(out, f)
		}
	}
	return out
}
