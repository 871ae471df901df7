package serve

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// events runs a search as a stream of server-sent events, for the page's
// script: "start" (the query run, the time column's header), "row" (one
// table row of HTML, escaped by the templates), "progress" (objects read,
// rows so far), and "done" (the notes), or "invalid" (the page itself
// shows what is wrong). Closing the stream cancels the search: that is
// what the Cancel button does.
func (srv *Server) events(w http.ResponseWriter, r *http.Request) {
	l := pickLang(r)
	id, granted, ok := srv.identity(r)
	if !ok {
		granted = []string{}
	}
	s := srv.parseSearch(r, l, granted)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	ev := &eventWriter{w: w, rc: http.NewResponseController(w)}
	if s.empty() || !s.ok() {
		srv.auditRefusal(id, "events", s)
		ev.send("invalid", "")
		return
	}
	d := &pageData{L: l, S: s, Ran: true}
	release, free := srv.acquire()
	if !free {
		ev.send("done", srv.fragment("notes", []string{l.T("note.busy")}))
		return
	}
	defer release()
	start, _ := json.Marshal(map[string]string{"ran": srv.fragment("ran", d), "time": l.T("h.time") + " (" + s.tz.String() + ")"})
	ev.send("start", string(start))
	var held []row
	cov := srv.coverageWatch()
	var noted flowlog.FieldSet // the enrichment fields the rows' notes showed
	o := srv.run(r.Context(), s.query, srv.rowOptions(s), func(m scan.Match) error {
		rw := srv.newRow(l, s, m)
		noted = noted.Union(rw.noted)
		if s.sort != "" {
			held = append(held, rw)
			return nil
		}
		ev.send("row", srv.fragment("row", rw))
		return nil
	}, func(st scan.Stats) {
		p, _ := json.Marshal(map[string]string{"text": progressText(l, st, min(st.Matched, srv.cfg.MaxRows))})
		ev.send("progress", string(p))
	}, cov)
	for _, rw := range sortRows(held, s.sort) {
		ev.send("row", srv.fragment("row", rw))
	}
	if !o.cancelled {
		ev.send("done", srv.fragment("notes", srv.resultNotes(l, s, cov, o, noted)))
	}
	srv.auditSearch(id, "events", s, o)
}

// fragment renders one template to a string.
func (srv *Server) fragment(name string, data any) string {
	var b bytes.Buffer
	if err := srv.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return ""
	}
	return b.String()
}

// eventWriter writes server-sent events. send is called from the scan's
// emit and progress goroutines, so it locks. A failed write is left to
// the request's context: the client has gone and the scan stops.
type eventWriter struct {
	mu sync.Mutex
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (e *eventWriter) send(event, data string) {
	var b strings.Builder
	b.WriteString("event: " + event + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + strings.TrimSuffix(line, "\r") + "\n")
	}
	b.WriteString("\n")
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.w.Write([]byte(b.String())); err == nil {
		_ = e.rc.Flush()
	}
}
