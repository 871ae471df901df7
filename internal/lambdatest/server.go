package lambdatest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-lambda-go/lambda"
)

// Server is a loopback Lambda Invoke endpoint for one function.
type Server struct {
	*httptest.Server
	Function string
	handler  any // what lambda.NewHandler accepts
	// Throttle, if not nil, is asked before each invocation (its number,
	// from 1); true answers 429 TooManyRequestsException.
	Throttle func(n int64) bool
	// Slots bounds concurrent invocations (0: no bound); past it, the
	// server answers 429 as Lambda does at its concurrency limit.
	Slots    int
	n        atomic.Int64
	mu       sync.Mutex
	inFlight int
}

// New starts a server invoking handler (a function lambda.NewHandler
// accepts) as function.
func New(function string, handler any) *Server {
	s := &Server{Function: function, handler: handler}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Invocations counts the invocations received.
func (s *Server) Invocations() int64 { return s.n.Load() }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/2015-03-31/functions/")
	name, ok2 := strings.CutSuffix(name, "/invocations")
	if r.Method != http.MethodPost || !ok || !ok2 {
		http.NotFound(w, r)
		return
	}
	if name != s.Function {
		lambdaError(w, http.StatusNotFound, "ResourceNotFoundException", "Function not found: "+name)
		return
	}
	n := s.n.Add(1)
	if (s.Throttle != nil && s.Throttle(n)) || !s.take() {
		lambdaError(w, http.StatusTooManyRequests, "TooManyRequestsException", "Rate Exceeded.")
		return
	}
	defer s.release()
	payload, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	// A handler reuses its reply buffer: one per invocation, as one
	// Lambda process runs one invocation at a time.
	out, err := lambda.NewHandler(s.handler).Invoke(r.Context(), payload)
	w.Header().Set("X-Amz-Executed-Version", "$LATEST")
	if err != nil {
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		out, _ = json.Marshal(map[string]string{"errorMessage": err.Error(), "errorType": "error"})
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func (s *Server) take() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Slots > 0 && s.inFlight >= s.Slots {
		return false
	}
	s.inFlight++
	return true
}

func (s *Server) release() {
	s.mu.Lock()
	s.inFlight--
	s.mu.Unlock()
}

func lambdaError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", typ)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"Type": "User", "message": msg})
}
