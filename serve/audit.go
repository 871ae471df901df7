package serve

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// auditEntry is one line of the audit log: who searched what, where and
// when, and how it ended.
type auditEntry struct {
	Time       time.Time `json:"time"`
	Who        string    `json:"who"`
	Subject    string    `json:"subject,omitempty"`
	Route      string    `json:"route"`
	Query      string    `json:"query,omitempty"`
	Since      string    `json:"since,omitempty"`
	Until      string    `json:"until,omitempty"`
	Zone       string    `json:"tz,omitempty"`
	Sources    []string  `json:"sources"`
	Accounts   []string  `json:"accounts,omitempty"`
	Regions    []string  `json:"regions,omitempty"`
	Format     string    `json:"format,omitempty"`
	Object     string    `json:"object,omitempty"`
	Line       int64     `json:"line,omitempty"`
	Rows       int64     `json:"rows"`
	DurationMS int64     `json:"duration_ms"`
	Cancelled  bool      `json:"cancelled"`
	TimedOut   bool      `json:"timed_out,omitempty"`
	Capped     bool      `json:"capped,omitempty"`
	Failed     bool      `json:"failed"`
	Error      string    `json:"error,omitempty"`
	Refused    string    `json:"refused,omitempty"`
}

// auditLog writes entries as JSON lines, one Write per line, under a
// lock: it is safe for concurrent use. JSON escapes every value, so a
// hostile query or key cannot forge a line.
type auditLog struct {
	mu sync.Mutex
	w  io.Writer
}

func newAuditLog(w io.Writer) *auditLog { return &auditLog{w: w} }

func (a *auditLog) write(e auditEntry) {
	b, err := json.Marshal(e)
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = a.w.Write(append(b, '\n')) // an audit sink that fails cannot be told on the page
}
