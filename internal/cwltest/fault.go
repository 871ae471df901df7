package cwltest

import (
	"net/http"
	"strconv"
)

// FaultKind is what a Fault does.
type FaultKind int

const (
	Throttle FaultKind = iota + 1 // 400 ThrottlingException
	Internal                      // 500 ServiceUnavailableException
	Cut                           // headers and part of a body, then the connection closes
)

// Fault fails the next Count requests of Op ("" for any).
type Fault struct {
	Kind  FaultKind
	Op    string
	Count int
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, f)
	s.mu.Unlock()
}

// takeFault returns the fault for a request of op, if any, using it up.
// The caller holds s.mu.
func (s *Server) takeFault(op string) *Fault {
	for i := range s.faults {
		f := &s.faults[i]
		if f.Count > 0 && (f.Op == "" || f.Op == op) {
			f.Count--
			c := *f
			return &c
		}
	}
	return nil
}

// inject writes the fault's response; false means serve normally.
func (f *Fault) inject(w http.ResponseWriter) bool {
	switch f.Kind {
	case Throttle:
		writeError(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
	case Internal:
		writeError(w, http.StatusInternalServerError, "ServiceUnavailableException", "internal failure")
	case Cut:
		hj, ok := w.(http.Hijacker)
		if !ok {
			return false
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return false
		}
		body := `{"events":[{"logStreamName":"x","timestamp":1,"message":"2 1`
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " +
			strconv.Itoa(len(body)+500) + "\r\n\r\n" + body)
		_ = buf.Flush()
		_ = conn.Close()
	default:
		return false
	}
	return true
}
