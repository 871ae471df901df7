package cwltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
)

// Event is one log event of a fixture.
type Event struct {
	Time    int64 // Unix milliseconds
	Message string
}

type storedEvent struct {
	Event
	stream string
	id     string
	ingest int64
}

type group struct {
	streams map[string][]storedEvent
}

// Server is a CloudWatch Logs endpoint on loopback.
type Server struct {
	*httptest.Server
	// Region and Account make the ARNs of log groups.
	Region, Account string

	mu       sync.Mutex
	groups   map[string]*group
	faults   []Fault
	requests map[string]int
	// EmptyEvery, if > 0, makes every EmptyEvery-th page of FilterLogEvents
	// empty (with a nextToken), as the service may.
	EmptyEvery int
	pages      int
	ids        int // events stored, for unique event IDs
}

// New starts a Server; Close it when done.
func New() *Server {
	s := &Server{Region: "us-east-1", Account: "123456789012", groups: map[string]*group{}, requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Put adds events to a stream of a group, creating both as needed.
func (s *Server) Put(groupName, stream string, events ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[groupName]
	if g == nil {
		g = &group{streams: map[string][]storedEvent{}}
		s.groups[groupName] = g
	}
	evs := g.streams[stream]
	for _, e := range events {
		s.ids++
		id := fmt.Sprintf("%056d", s.ids)
		evs = append(evs, storedEvent{Event: e, stream: stream, id: id, ingest: e.Time + 60_000})
	}
	slices.SortStableFunc(evs, func(a, b storedEvent) int { return int(a.Time - b.Time) })
	g.streams[stream] = evs
}

// Requests returns how many requests of op ("FilterLogEvents") arrived,
// faulted ones included.
func (s *Server) Requests(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[op]
}

const targetPrefix = "Logs_20140328."

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if r.Method != http.MethodPost || !ok {
		writeError(w, http.StatusBadRequest, "UnknownOperationException", "unknown operation")
		return
	}
	s.mu.Lock()
	s.requests[op]++
	f := s.takeFault(op)
	s.mu.Unlock()
	if f != nil && f.inject(w) {
		return
	}
	var body any
	var err *apiError
	switch op {
	case "FilterLogEvents":
		body, err = s.filterLogEvents(r)
	case "DescribeLogStreams":
		body, err = s.describeLogStreams(r)
	default:
		err = &apiError{http.StatusBadRequest, "UnknownOperationException", op}
	}
	if err != nil {
		writeError(w, err.status, err.code, err.msg)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(body)
}

type apiError struct {
	status    int
	code, msg string
}

func invalid(format string, a ...any) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidParameterException", fmt.Sprintf(format, a...)}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}

// groupOf finds the group a request names, by name or identifier (a name
// or an ARN, with or without ":*"). The caller holds s.mu.
func (s *Server) groupOf(name, ident string) (*group, *apiError) {
	switch {
	case name != "" && ident != "":
		return nil, invalid("specify logGroupName or logGroupIdentifier, not both")
	case name == "" && ident == "":
		return nil, invalid("a log group is required")
	case ident != "":
		name = ident
		if rest, ok := strings.CutPrefix(ident, "arn:"); ok {
			parts := strings.SplitN(rest, ":", 6)
			if len(parts) < 6 || parts[4] != "log-group" {
				return nil, invalid("bad log group ARN %q", ident)
			}
			name = strings.TrimSuffix(parts[5], ":*")
		}
	}
	g := s.groups[name]
	if g == nil {
		return nil, &apiError{http.StatusBadRequest, "ResourceNotFoundException", "The specified log group does not exist."}
	}
	return g, nil
}
