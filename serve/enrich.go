package serve

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
)

// enrichment is what the page knows of the schema's derived fields: each
// with the file it comes from, and those of the destination that make the
// results table's short note. It is built once and only read.
type enrichment struct {
	schema *flowlog.Schema
	fields []enrichField
	// noteBy are the destination's fields shown under its address in the
	// table, in order: the interface's name or type, the AWS service, the
	// network's organization and country.
	noteBy []flowlog.Field
	files  []enrich.File
}

// enrichField is one derived field and the file that gives it (nil: a
// field of the caller's own, with no file).
type enrichField struct {
	field flowlog.Field
	name  string
	file  *enrich.File
}

// newEnrichment describes schema's derived fields. With set, only the
// fields its files give are shown (not flowq's day and hour).
func newEnrichment(schema *flowlog.Schema, set *enrich.Set) enrichment {
	e := enrichment{schema: schema, files: set.Files()}
	byName := map[string]*enrich.File{}
	for i := range e.files {
		for _, name := range e.files[i].Fields {
			byName[name] = &e.files[i]
		}
	}
	for _, f := range schema.Derived() {
		name := schema.Name(f)
		file := byName[name]
		if set != nil && file == nil {
			continue
		}
		e.fields = append(e.fields, enrichField{field: f, name: name, file: file})
	}
	for _, name := range []string{"dst_eni_name", "dst_eni_type", "dst_aws_service", "dst_as_org", "dst_country"} {
		if f, ok := e.lookup(name); ok {
			e.noteBy = append(e.noteBy, f)
		}
	}
	return e
}

func (e enrichment) lookup(name string) (flowlog.Field, bool) {
	for _, ef := range e.fields {
		if ef.name == name {
			return ef.field, true
		}
	}
	return flowlog.Unknown, false
}

// all is every enrichment field, for a scan that shows them.
func (e enrichment) all() flowlog.FieldSet {
	var fs flowlog.FieldSet
	for _, ef := range e.fields {
		fs.Add(ef.field)
	}
	return fs
}

// noteFields are the fields the table's note reads.
func (srv *Server) noteFields() flowlog.FieldSet { return flowlog.SetOf(srv.enrich.noteBy...) }

// note is the table's short note on rec's destination: its interface's
// name (or type) when an inventory knows it, else its AWS services, else
// its network's organization and country ("" without enrichment), and
// the fields it shows. Plain text; the template escapes it. A list's
// items are joined with ", ".
func (e enrichment) note(rec *flowlog.Record) (string, flowlog.FieldSet) {
	var parts []string
	var used flowlog.FieldSet
	eniSeen := false
	for _, f := range e.noteBy {
		v := rec.Text(f)
		if len(v) == 0 || string(v) == "-" {
			continue
		}
		isENI := strings.HasPrefix(e.schema.Name(f), "dst_eni_")
		if isENI && eniSeen {
			continue // a name is enough; the type when there is none
		}
		eniSeen = eniSeen || isENI
		used.Add(f)
		parts = append(parts, strings.ReplaceAll(output.Visible(string(v)), ",", ", "))
	}
	return strings.Join(parts, " · "), used
}

// views are rec's enrichment fields for the details view: those with a
// value (name, value, and a line saying what it is and which file, with
// its date, says so), then the names of those without one.
func (e enrichment) views(l lang, rec *flowlog.Record) (shown []fieldView, empty []string) {
	for _, ef := range e.fields {
		t := rec.Text(ef.field)
		if len(t) == 0 {
			empty = append(empty, ef.name)
			continue
		}
		v := fieldView{Column: ef.name, Value: strings.ReplaceAll(output.Visible(string(t)), ",", ", "), About: l.DescribeDerived(ef.name)}
		if ef.file != nil {
			v.About = strings.TrimSpace(v.About + " " + sourceText(l, *ef.file))
		}
		shown = append(shown, v)
	}
	return shown, empty
}

// sourceText names a file and its date: "From ip-ranges.json (AWS
// ip-ranges.json), dated 2026-01-10 08:00 UTC."
func sourceText(l lang, f enrich.File) string {
	name := output.Visible(filepath.Base(f.Path))
	if f.Date.IsZero() {
		return fmt.Sprintf(l.T("enr.from"), name, l.T("enr.kind."+string(f.Kind)))
	}
	return fmt.Sprintf(l.T("enr.from.dated"), name, l.T("enr.kind."+string(f.Kind)), f.Date.UTC().Format("2006-01-02 15:04 UTC"))
}

// newer warns, in l (message key), of the files made after the flow
// that started at t (Unix seconds) and give a field used (nil: any): AWS
// moves prefixes and databases change, so their answers may not hold.
func (e enrichment) newer(l lang, key string, t int64, used func(name string) bool) []string {
	if t == 0 || len(e.files) == 0 {
		return nil
	}
	var out []string
	at := time.Unix(t, 0).UTC()
	for _, f := range e.files {
		if f.Date.IsZero() || !f.Date.After(at) || (used != nil && !usesAny(f.Fields, used)) {
			continue
		}
		out = append(out, fmt.Sprintf(l.T(key), output.Visible(filepath.Base(f.Path)),
			f.Date.UTC().Format("2006-01-02 15:04 UTC"), at.Format("2006-01-02 15:04 UTC")))
	}
	return out
}

func usesAny(names []string, used func(string) bool) bool {
	for _, n := range names {
		if used(n) {
			return true
		}
	}
	return false
}

// newerNotes warn of files made after the earliest row (first, Unix
// seconds) that give a field the search reads or the rows' notes showed.
func (srv *Server) newerNotes(l lang, s *search, first int64, shown flowlog.FieldSet) []string {
	read := shown
	if s.filter != nil {
		read = read.Union(s.filter.Fields())
	}
	return srv.enrich.newer(l, "enr.newer.rows", first, func(name string) bool {
		f, ok := srv.enrich.lookup(name)
		return ok && read.Has(f)
	})
}
