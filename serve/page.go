package serve

import (
	"bufio"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve/auth"
)

// pageData is what the page's templates show.
type pageData struct {
	L       lang
	S       *search
	Who     string
	Zones   []string
	Offer   partitionChoices
	Ran     bool   // a search runs or ran
	Sorted  bool   // rows come at the end, sorted
	Switch  string // the same page in the other language
	TimeH   string // the time column's header, naming the zone
	Notes   []string
	FormErr bool
	Logout  bool // the authenticator has a sign-out route
	// Enriched names the enrichment fields the advanced box knows.
	Enriched []string
}

// partitionChoices are the accounts and regions the page offers.
type partitionChoices struct{ Accounts, Regions []string }

// commonZones are offered in the zone list, after the server's default.
var commonZones = []string{"UTC", "Asia/Tokyo", "Asia/Seoul", "Asia/Singapore", "Australia/Sydney",
	"Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles"}

func (srv *Server) pageData(ctx context.Context, l lang, s *search, id auth.Identity) *pageData {
	d := &pageData{L: l, S: s, Who: id.Name, FormErr: !s.ok(), Logout: auth.CanLogout(srv.cfg.Auth)}
	d.Zones = slices.Compact(append([]string{srv.cfg.Zone.String()}, commonZones...))
	if s.tz != nil && !slices.Contains(d.Zones, s.tz.String()) {
		d.Zones = append(d.Zones, s.tz.String())
	}
	d.Switch = s.link("/search", "lang", string(l.Other()))
	d.TimeH = l.T("h.time") + " (" + s.tz.String() + ")"
	d.Offer = srv.offer(ctx, s)
	for _, ef := range srv.enrich.fields {
		d.Enriched = append(d.Enriched, ef.name)
	}
	return d
}

// offer lists the accounts and regions the bucket layout shows, within
// what the user may search. It takes at most two seconds.
func (srv *Server) offer(ctx context.Context, s *search) partitionChoices {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	opts := srv.scanOptions(s)
	p, err := scan.FindPartitions(ctx, opts)
	if err != nil {
		return partitionChoices{}
	}
	var c partitionChoices
	for _, a := range p.Accounts {
		if !s.enforce || slices.Contains(s.accounts, a) {
			c.Accounts = append(c.Accounts, a)
		}
	}
	for _, rg := range p.Regions {
		if len(srv.cfg.Regions) == 0 || slices.Contains(srv.cfg.Regions, rg) {
			c.Regions = append(c.Regions, rg)
		}
	}
	return c
}

// searchPage serves the form and, for a search, its results as one HTML
// response whose rows are flushed as they are found (it works without
// JavaScript), or a download of the same result.
func (srv *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	l := pickLang(r)
	id, granted, ok := srv.identity(r)
	if !ok {
		granted = []string{}
	}
	s := srv.parseSearch(r, l, granted)
	switch format := r.URL.Query().Get("format"); format {
	case "csv", "ndjson":
		s.form.Set("format", format)
		if s.ok() {
			srv.download(w, r, s, id, format)
			return
		}
	case "", "html":
	default:
		s.errs["format"] = l.T("err.format")
	}
	srv.auditRefusal(id, "search", s)
	d := srv.pageData(r.Context(), l, s, id)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if s.empty() || !s.ok() {
		if !s.ok() {
			w.WriteHeader(http.StatusBadRequest)
		}
		srv.render(w, "head", d)
		srv.render(w, "tail", d)
		return
	}
	release, free := srv.acquire()
	if !free {
		srv.busy(w, id, s, d)
		return
	}
	defer release()
	srv.results(w, r, id, s, d)
}

// results runs the search and writes the page around its rows.
func (srv *Server) results(w http.ResponseWriter, r *http.Request, id auth.Identity, s *search, d *pageData) {
	d.Ran, d.Sorted = true, s.sort != ""
	rc := http.NewResponseController(w)
	srv.render(w, "head", d)
	_ = rc.Flush()
	var held []row
	cov := srv.coverageWatch()
	var noted flowlog.FieldSet // the enrichment fields the rows' notes showed
	o := srv.run(r.Context(), s.query, srv.rowOptions(s), func(m scan.Match) error {
		rw := srv.newRow(d.L, s, m)
		noted = noted.Union(rw.noted)
		if d.Sorted {
			held = append(held, rw)
			return nil
		}
		if err := srv.tmpl.ExecuteTemplate(w, "row", rw); err != nil {
			return err
		}
		return rc.Flush()
	}, nil, cov)
	for _, rw := range sortRows(held, s.sort) {
		srv.render(w, "row", rw)
	}
	d.Notes = srv.resultNotes(d.L, s, cov, o, noted)
	srv.render(w, "tail", d)
	srv.auditSearch(id, "search", s, o)
}

// auditRefusal logs a search refused because it asked for an account
// outside the user's grant.
func (srv *Server) auditRefusal(id auth.Identity, route string, s *search) {
	if s.denied {
		e := srv.entry(id, route, s)
		e.Refused = "account not granted: " + s.form.Get("account")
		srv.audit.write(e)
	}
}

// rowOptions is the scan of a search shown as rows: the table's fields
// and the enrichment fields of the destination's note.
func (srv *Server) rowOptions(s *search) scan.Options {
	opts := srv.scanOptions(s)
	opts.Fields, opts.Project = pageFields.Union(srv.noteFields()), true
	return opts
}

// resultNotes are the notes under a search's rows: how it ended
// (notes), what the window's logs do not show, and the enrichment files
// made after the rows' flows.
func (srv *Server) resultNotes(l lang, s *search, cov *coverageWatch, o outcome, noted flowlog.FieldSet) []string {
	n := srv.notes(l, o)
	n = append(n, coverageNotes(l, s, cov, o)...)
	return append(n, srv.newerNotes(l, s, o.first, noted)...)
}

// busy answers a search that finds every slot taken.
func (srv *Server) busy(w http.ResponseWriter, id auth.Identity, s *search, d *pageData) {
	w.WriteHeader(http.StatusServiceUnavailable)
	d.Notes = []string{d.L.T("note.busy")}
	srv.render(w, "head", d)
	srv.render(w, "tail", d)
	e := srv.entry(id, "search", s)
	e.Refused = "busy"
	srv.audit.write(e)
}

// sortRows orders rows by start time, oldest ("time") or newest
// ("-time") first, keeping the stored order among equals.
func sortRows(rows []row, order string) []row {
	slices.SortStableFunc(rows, func(a, b row) int {
		if order == "-time" {
			a, b = b, a
		}
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	return rows
}

// render executes one template; an error means the client went away.
func (srv *Server) render(w http.ResponseWriter, name string, data any) {
	_ = srv.tmpl.ExecuteTemplate(w, name, data)
}

// download answers format=csv or format=ndjson with the same records as
// flowq -o csv or -o json prints for the same search, up to MaxRows; a
// note in the Flowq-Note trailer says when the answer is cut or partial.
func (srv *Server) download(w http.ResponseWriter, r *http.Request, s *search, id auth.Identity, format string) {
	release, free := srv.acquire()
	if !free {
		http.Error(w, pickLang(r).T("note.busy"), http.StatusServiceUnavailable)
		return
	}
	defer release()
	mode, ctype, name := output.CSV, "text/csv; charset=utf-8", "flowq.csv"
	if format == "ndjson" {
		mode, ctype, name = output.JSON, "application/x-ndjson", "flowq.ndjson"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Trailer", "Flowq-Note")
	bw := bufio.NewWriterSize(w, 64<<10)
	ow := output.NewWriter(bw, output.Options{Mode: mode, Location: s.tz})
	opts := srv.scanOptions(s)
	opts.Fields, opts.Project = ow.Fields(), ow.Project()
	o := srv.run(r.Context(), s.query, opts, ow.Write, nil, nil)
	if err := ow.Flush(); err == nil {
		_ = bw.Flush()
	}
	if notes := srv.notes("en", o); o.capped || o.timedOut || o.err != nil || o.stats.Incomplete() {
		h.Set("Flowq-Note", strings.Join(notes, " "))
	}
	srv.auditSearch(id, "download", s, o)
}
