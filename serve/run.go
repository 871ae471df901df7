package serve

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve/auth"
)

// outcome is how one search ended.
type outcome struct {
	stats     scan.Stats
	err       error // a failure, not a cancellation or the time limit
	rows      int64 // rows handed on (at most MaxRows)
	capped    bool  // more rows matched than MaxRows
	timedOut  bool
	cancelled bool  // the request went away (Cancel, a closed page)
	first     int64 // the earliest start of the rows (Unix seconds; 0: none)
	elapsed   time.Duration
}

// run runs the scan opts, whose filter's text is query, through Config.Scan, handing each match to emit, at most
// MaxRows of them, within the time limit. emit is called from the calling
// goroutine only, progress (if not nil) from the scan's ticker goroutine;
// both have returned when run does. With cov (not nil), the scan also
// measures the window's coverage (coverageWatch.watch), and the SKIPDATA
// records the search's filter refuses are counted there, not emitted nor
// counted as rows.
func (srv *Server) run(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error, progress func(scan.Stats), cov *coverageWatch) outcome {
	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, srv.cfg.SearchTimeout)
	defer cancel()
	var o outcome
	opts.Limit = 0 // emit stops the scan one row past MaxRows, to know there are more
	if progress != nil {
		opts.Progress, opts.ProgressInterval = progress, srv.cfg.ProgressInterval
	}
	if cov != nil {
		cov.watch(&opts)
	}
	o.stats, o.err = srv.cfg.Scan(sctx, query, opts, func(m scan.Match) error {
		if cov != nil && !cov.take(m) {
			return nil
		}
		if o.rows == srv.cfg.MaxRows {
			o.capped = true
			return errCapped
		}
		o.rows++
		if t, ok := m.Record.Int(flowlog.Start); ok && (o.first == 0 || t < o.first) {
			o.first = t
		}
		return emit(m)
	})
	o.elapsed = time.Since(start)
	switch {
	case ctx.Err() != nil:
		o.cancelled, o.err = true, nil
	case errors.Is(o.err, errCapped):
		o.err = nil
	case errors.Is(sctx.Err(), context.DeadlineExceeded):
		o.timedOut, o.err = true, nil
	case o.err == nil && o.stats.AccessFailure() != nil:
		o.err = o.stats.AccessFailure()
	}
	return o
}

// coverageWatch returns a new watch of a search's coverage, or nil when
// the scans run elsewhere (Config.Scan), which do not report the objects
// they read.
func (srv *Server) coverageWatch() *coverageWatch {
	if srv.remote {
		return nil
	}
	return &coverageWatch{}
}

// errCapped stops a scan one match past MaxRows.
var errCapped = errors.New("row cap reached")

// auditSearch logs one search.
func (srv *Server) auditSearch(id auth.Identity, route string, s *search, o outcome) {
	e := srv.entry(id, route, s)
	e.Rows, e.DurationMS = o.rows, o.elapsed.Milliseconds()
	e.Cancelled, e.TimedOut, e.Capped = o.cancelled, o.timedOut, o.capped
	if o.err != nil {
		e.Failed, e.Error = true, o.err.Error()
	}
	srv.audit.write(e)
}

// entry is the audit entry of a request for search s, before its outcome.
func (srv *Server) entry(id auth.Identity, route string, s *search) auditEntry {
	e := auditEntry{Time: srv.cfg.Now().UTC(), Who: id.Name, Subject: id.Subject, Route: route,
		Query: s.query, Sources: srv.sourceNames(), Accounts: s.accounts, Regions: s.regions,
		Format: s.form.Get("format")}
	if s.tz != nil {
		e.Zone = s.tz.String()
	}
	if !s.since.IsZero() {
		e.Since = s.since.UTC().Format(time.RFC3339)
	}
	if !s.until.IsZero() {
		e.Until = s.until.UTC().Format(time.RFC3339)
	}
	return e
}

func (srv *Server) sourceNames() []string {
	names := append([]string(nil), srv.cfg.Sources...)
	for _, l := range srv.cfg.Locations {
		names = append(names, l.Source.Name(l.Prefix))
	}
	return names
}

// notes say, in l, how a search ended: the count, a cap or time limit
// hit, a failure, what could not be read.
func (srv *Server) notes(l lang, o outcome) []string {
	var n []string
	switch {
	case o.rows == 0 && !o.timedOut && o.err == nil:
		n = append(n, l.T("note.none"))
		if msg := output.NothingRead(o.stats, srv.sourceNames()); msg != "" {
			n = append(n, msg)
		}
	case !o.capped:
		n = append(n, fmt.Sprintf(l.T("note.count"), output.Thousands(o.rows)))
	}
	if o.capped {
		n = append(n, fmt.Sprintf(l.T("note.cap"), output.Thousands(srv.cfg.MaxRows)))
	}
	if o.timedOut {
		n = append(n, fmt.Sprintf(l.T("note.timeout"), srv.cfg.SearchTimeout))
	}
	if o.err != nil {
		n = append(n, fmt.Sprintf(l.T("note.failed"), output.Visible(o.err.Error())))
	}
	if o.stats.Incomplete() {
		n = append(n, fmt.Sprintf(l.T("note.incomplete"), output.Incomplete(o.stats)))
	}
	return n
}

// progressText is the progress line in l: objects read of those to read,
// and the rows so far.
func progressText(l lang, st scan.Stats, rows int64) string {
	key := "progress"
	if !st.ListingDone {
		key = "progress.more"
	}
	done := st.ObjectsRead + st.ObjectsFailed + st.ObjectsSkipped
	total := st.ObjectsListed - st.ObjectsPruned
	return fmt.Sprintf(l.T(key), output.Thousands(done), output.Thousands(total), output.Thousands(rows))
}

// row is one result as the page shows it. Every string is plain text,
// escaped by html/template where it is shown.
type row struct {
	Time, Src, Dst, Port, Proto, Region, Iface, Bytes string
	Result, Class                                     string           // words in the page's language; accept, reject or other
	Start                                             int64            // Unix seconds, for sorting
	Details, OnlySrc                                  string           // links
	DstNote                                           string           // what enrichment says of the destination
	noted                                             flowlog.FieldSet // the fields DstNote shows
	L                                                 lang
}

// pageColumns are the table's columns, viewed as a table prints them.
var pageColumns = [...]output.Column{
	{Field: flowlog.Start, View: output.ViewTime}, {Field: flowlog.SrcAddr}, {Field: flowlog.DstAddr},
	{Field: flowlog.DstPort}, {Field: flowlog.Protocol, View: output.ViewProtocol}, {Field: flowlog.Region},
	{Field: flowlog.InterfaceID, View: output.ViewInterface}, {Field: flowlog.Bytes},
}

// pageFields are the fields a row reads.
var pageFields = flowlog.SetOf(flowlog.Start, flowlog.End, flowlog.SrcAddr, flowlog.DstAddr, flowlog.SrcPort,
	flowlog.DstPort, flowlog.Protocol, flowlog.Region, flowlog.InterfaceID, flowlog.TGWAttachmentID,
	flowlog.ResourceID, flowlog.Bytes, flowlog.Action, flowlog.LogStatus, flowlog.AccountID)

// newRow renders match m of search s, with the enrichment's note on its
// destination. m is read during the call only.
func (srv *Server) newRow(l lang, s *search, m scan.Match) row {
	r := newRow(l, s, m)
	r.DstNote, r.noted = srv.enrich.note(m.Record)
	return r
}

// newRow renders match m of search s. m is read during the call only.
func newRow(l lang, s *search, m scan.Match) row {
	var cells [len(pageColumns)]string
	var buf []byte
	for i, c := range pageColumns {
		buf = output.AppendCell(buf[:0], m.Record, c, s.tz)
		cells[i] = string(buf)
	}
	start, _ := m.Record.Int(flowlog.Start)
	r := row{Time: cells[0], Src: cells[1], Dst: cells[2], Port: cells[3], Proto: cells[4], Region: cells[5],
		Iface: cells[6], Bytes: cells[7], Start: start, L: l}
	r.Class, r.Result = resultOf(l, m.Record)
	r.Details = s.link("/record", "obj", m.Source, "line", strconv.FormatInt(m.Line, 10), "t", strconv.FormatInt(start, 10))
	if r.Src != "-" {
		r.OnlySrc = s.link("/search", "src", r.Src)
	}
	return r
}

// resultOf says in words whether the record's traffic got through.
func resultOf(l lang, r *flowlog.Record) (class, words string) {
	switch r.Action() {
	case flowlog.ActionAccept:
		return "accept", l.T("r.accept")
	case flowlog.ActionReject:
		return "reject", l.T("r.reject")
	}
	if r.LogStatus() == flowlog.LogStatusSkipData {
		return "other", l.T("r.skipdata")
	}
	return "other", l.T("r.nodata")
}
