package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve/auth"
)

// recordData is what the details view shows.
type recordData struct {
	*pageData
	Where  string // the object or file
	Line   int64
	Fields []fieldView
	// Enriched are the --enrich fields of the record that have a value,
	// and Newer the warnings for the files that gave one and were made
	// after it.
	Enriched   []fieldView
	Unenriched []string // the enrichment fields without a value
	Newer      []string
	Hint       *hint
	Back       string
	Problem    string // why there is no record to show
}

// fieldView is one field of a record: its names, its value for people and
// a plain explanation.
type fieldView struct {
	AWS, Column, Value, About string
	Only                      string // a link to search for this value only
}

// recordKey addresses one record: the object it is in (as scan names it),
// its line and its start time, which narrows the re-read to its folders.
type recordKey struct {
	obj   string
	line  int64
	start int64
}

func parseRecordKey(r *http.Request) (recordKey, bool) {
	q := r.URL.Query()
	k := recordKey{obj: q.Get("obj")}
	var err1, err2 error
	k.line, err1 = strconv.ParseInt(q.Get("line"), 10, 64)
	k.start, err2 = strconv.ParseInt(q.Get("t"), 10, 64)
	return k, k.obj != "" && err1 == nil && err2 == nil && k.line > 0
}

// oneRecord matches only the record at a key: it checks the line number
// first, so other records cost one comparison. Safe for concurrent use.
type oneRecord struct {
	key   recordKey
	inner scan.Matcher // the grant, if any
}

func (m oneRecord) Match(r *flowlog.Record) bool {
	return r.LineNumber() == m.key.line && r.Origin().Source == m.key.obj && (m.inner == nil || m.inner.Match(r))
}
func (m oneRecord) Fields() flowlog.FieldSet { return flowlog.FieldSet{} }

// record shows one record, re-read from its source: every field, and for
// a blocked flow a hint from the paired flow.
func (srv *Server) record(w http.ResponseWriter, r *http.Request) {
	l := pickLang(r)
	id, granted, ok := srv.identity(r)
	if !ok {
		granted = []string{}
	}
	s := srv.parseSearch(r, l, granted)
	d := &recordData{pageData: &pageData{L: l, S: s, Who: id.Name, Logout: auth.CanLogout(srv.cfg.Auth)}, Back: s.link("/search")}
	d.Switch = s.link("/record", "lang", string(l.Other()), "obj", r.URL.Query().Get("obj"),
		"line", r.URL.Query().Get("line"), "t", r.URL.Query().Get("t"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	key, valid := parseRecordKey(r)
	if !valid || s.tz == nil {
		w.WriteHeader(http.StatusBadRequest)
		d.Problem = l.T("rec.bad")
		srv.render(w, "record", d)
		return
	}
	release, free := srv.acquire()
	if !free {
		w.WriteHeader(http.StatusServiceUnavailable)
		d.Problem = l.T("note.busy")
		srv.render(w, "record", d)
		return
	}
	defer release()
	rec, o := srv.reread(r.Context(), s, key)
	e := srv.entry(id, "record", s)
	e.Object, e.Line, e.DurationMS = key.obj, key.line, o.elapsed.Milliseconds()
	if rec == nil {
		w.WriteHeader(http.StatusNotFound)
		d.Problem = l.T("rec.notfound")
	} else {
		e.Rows = 1
		d.Where, d.Line = key.obj, key.line
		d.Fields = fieldViews(l, s, rec)
		d.Enriched, d.Unenriched = srv.enrich.views(l, rec)
		start, _ := rec.Int(flowlog.Start)
		d.Newer = srv.enrich.newer(l, "enr.newer", start, func(name string) bool { // the files that said something of it
			f, ok := srv.enrich.lookup(name)
			return ok && len(rec.Text(f)) > 0
		})
		d.Hint = srv.pairHint(r.Context(), l, s, rec, key.obj, key.line)
	}
	srv.audit.write(e)
	srv.render(w, "record", d)
}

// reread finds the record at key in the server's sources, within the
// user's grant. The scan is narrowed to the second the record started.
func (srv *Server) reread(ctx context.Context, s *search, key recordKey) (*flowlog.Record, outcome) {
	opts := srv.scanOptions(s)
	var inner scan.Matcher
	if s.enforce {
		inner = grantedOnly{Filter: filter.MustCompile("true"), accounts: s.accounts}
	}
	opts.Filter = oneRecord{key: key, inner: inner}
	at := time.Unix(key.start, 0)
	opts.Since, opts.Until = at, at.Add(time.Second)
	opts.Fields = flowlog.AllFields().Union(srv.enrich.all())
	opts.Regions = srv.cfg.Regions
	if fi, ok := scan.ParseFileName(key.obj); ok { // an AWS name: only its account's and region's folders
		opts.Accounts, opts.Regions = []string{fi.Account}, []string{fi.Region}
	}
	var rec *flowlog.Record
	o := srv.run(ctx, "true", opts, func(m scan.Match) error {
		rec = m.Record.Clone()
		return errFound
	}, nil, nil)
	if errors.Is(o.err, errFound) {
		o.err = nil
	}
	return rec, o
}

// errFound stops a re-read at the record it looks for.
var errFound = errors.New("found")

// fieldViews lists every field of rec in its format's order, then the
// account and region its folder gives.
func fieldViews(l lang, s *search, rec *flowlog.Record) []fieldView {
	f := rec.Format()
	var out []fieldView
	seen := flowlog.FieldSet{}
	for i := range f.Len() {
		fld := f.Field(i)
		if fld == flowlog.Unknown {
			out = append(out, fieldView{AWS: f.Name(i), Column: strings.ReplaceAll(f.Name(i), "-", "_"),
				Value: output.Visible(string(rec.Column(i)))})
			continue
		}
		seen.Add(fld)
		out = append(out, viewField(l, s, rec, fld))
	}
	for _, fld := range []flowlog.Field{flowlog.AccountID, flowlog.Region} {
		if !seen.Has(fld) && rec.Has(fld) {
			out = append(out, viewField(l, s, rec, fld))
		}
	}
	return out
}

// onlyParams are the form fields a value can narrow the search to.
var onlyParams = map[flowlog.Field]string{flowlog.SrcAddr: "src", flowlog.DstAddr: "dst",
	flowlog.DstPort: "port", flowlog.AccountID: "account", flowlog.Region: "region"}

func viewField(l lang, s *search, rec *flowlog.Record, fld flowlog.Field) fieldView {
	v := fieldView{AWS: fld.String(), Column: fld.Column(), About: l.Describe(fld), Value: valueText(s.tz, rec, fld)}
	if p, ok := onlyParams[fld]; ok && !rec.IsNull(fld) {
		v.Only = s.link("/search", p, string(output.AppendCell(nil, rec, output.Column{Field: fld}, s.tz)))
	}
	return v
}

// valueText is a field's value for people: times in the zone and UTC,
// protocols named, TCP flags decoded, the rest as a table shows it.
func valueText(tz *time.Location, rec *flowlog.Record, fld flowlog.Field) string {
	if rec.IsNull(fld) {
		return "-"
	}
	switch fld {
	case flowlog.Start, flowlog.End:
		t, _ := rec.Time(fld)
		return fmt.Sprintf("%s %s (%s UTC, %d)", t.In(tz).Format(time.DateTime), tz, t.UTC().Format(time.DateTime), t.Unix())
	case flowlog.Protocol:
		n, _ := rec.Int(fld)
		if name := flowlog.ProtocolName(n); name != "" {
			return fmt.Sprintf("%s (%d)", name, n)
		}
	case flowlog.TCPFlags:
		n, _ := rec.Int(fld)
		if names := flowlog.TCPFlagNames(n); len(names) > 0 {
			return fmt.Sprintf("%s (%d)", strings.Join(names, ", "), n)
		}
	}
	return string(output.AppendCell(nil, rec, output.Column{Field: fld}, tz))
}
