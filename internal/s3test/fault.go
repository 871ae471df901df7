package s3test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Kind is a fault to inject.
type Kind int

const (
	SlowDown     Kind = iota + 1 // 503 SlowDown
	Internal                     // 500 InternalError
	AccessDenied                 // 403 AccessDenied
	Reset                        // connection reset before any response
	Truncate                     // headers and half the body, then a clean close
	ResetMidBody                 // headers and half the body, then a reset
)

func (k Kind) String() string {
	return [...]string{"none", "503", "500", "403", "reset", "trunc", "rstmid"}[k]
}

// Op is a class of request.
type Op int

const (
	AnyOp Op = iota
	Get
	List
	Head
	Put
)

// Rule says which requests get a fault.
type Rule struct {
	Kind   Kind
	Op     Op      // AnyOp = every operation
	Prefix string  // only keys (or list prefixes) starting with this
	First  int     // fail the first First attempts of each distinct request
	Prob   float64 // or fail with this probability (when First is 0)
}

// Faults is an http.Handler that injects faults in front of another. Safe
// for concurrent use; rules can change while requests are served.
type Faults struct {
	next http.Handler

	mu       sync.Mutex
	rules    []Rule
	latency  time.Duration
	attempts map[string]int
	injected map[Kind]int
	requests map[Op]int
}

// Set replaces the rules and the latency added to every request.
func (f *Faults) Set(latency time.Duration, rules ...Rule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules, f.latency, f.attempts = rules, latency, map[string]int{}
}

// Injected returns how many faults of a kind were injected.
func (f *Faults) Injected(k Kind) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.injected[k]
}

// Requests returns how many requests of an operation were served.
func (f *Faults) Requests(op Op) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[op]
}

// classify returns the operation and the key (or list prefix).
func classify(r *http.Request) (Op, string) {
	_, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodHead:
		return Head, key
	case r.Method == http.MethodPut || r.Method == http.MethodPost:
		return Put, key
	case key == "" && r.Method == http.MethodGet:
		return List, r.URL.Query().Get("prefix")
	}
	return Get, key
}

// pick decides the fault for one request, if any.
func (f *Faults) pick(r *http.Request) (Kind, time.Duration) {
	op, key := classify(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.requests == nil {
		f.requests, f.injected, f.attempts = map[Op]int{}, map[Kind]int{}, map[string]int{}
	}
	f.requests[op]++
	id := r.Method + " " + r.URL.RequestURI()
	f.attempts[id]++
	for _, rule := range f.rules {
		if (rule.Op != AnyOp && rule.Op != op) || !strings.HasPrefix(key, rule.Prefix) {
			continue
		}
		if (rule.First > 0 && f.attempts[id] <= rule.First) || (rule.First == 0 && rand.Float64() < rule.Prob) {
			f.injected[rule.Kind]++
			return rule.Kind, f.latency
		}
	}
	return 0, f.latency
}

func (f *Faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind, latency := f.pick(r)
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	switch kind {
	case SlowDown:
		writeError(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case Internal:
		writeError(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	case AccessDenied:
		writeError(w, http.StatusForbidden, "AccessDenied", "Access Denied")
	case Reset:
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			resetClose(conn)
		}
	case Truncate, ResetMidBody:
		f.cut(w, r, kind == ResetMidBody)
	default:
		f.next.ServeHTTP(w, r)
	}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>fault</RequestId></Error>`, code, msg)
}

// cut serves the real response's headers (with its full Content-Length)
// and half its body, then closes the connection cleanly or with a reset.
func (f *Faults) cut(w http.ResponseWriter, r *http.Request, reset bool) {
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	writeHead(buf, rec, len(body))
	buf.Write(body[:len(body)/2])
	buf.Flush()
	if reset {
		resetClose(conn)
		return
	}
	conn.Close()
}

func writeHead(buf *bufio.ReadWriter, rec *httptest.ResponseRecorder, n int) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
	h := rec.Header().Clone()
	h.Set("Content-Length", fmt.Sprint(n))
	h.Set("Connection", "close")
	h.Write(buf)
	buf.WriteString("\r\n")
}

// resetClose closes a connection with a TCP reset.
func resetClose(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}
