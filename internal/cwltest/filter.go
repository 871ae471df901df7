package cwltest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

type filterRequest struct {
	LogGroupName        string   `json:"logGroupName"`
	LogGroupIdentifier  string   `json:"logGroupIdentifier"`
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix string   `json:"logStreamNamePrefix"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       string   `json:"filterPattern"`
	NextToken           string   `json:"nextToken"`
	Limit               int      `json:"limit"`
}

type filteredEvent struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

type filterResponse struct {
	Events    []filteredEvent `json:"events"`
	NextToken *string         `json:"nextToken,omitempty"`
}

const (
	maxPageEvents = 10_000
	maxPageBytes  = 1 << 20
)

func (s *Server) filterLogEvents(r *http.Request) (any, *apiError) {
	var req filterRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return nil, invalid("bad request: %v", err)
	}
	if len(req.LogStreamNames) > 0 && req.LogStreamNamePrefix != "" {
		return nil, invalid("logStreamNames and logStreamNamePrefix cannot both be specified")
	}
	if req.Limit < 0 || req.Limit > maxPageEvents {
		return nil, invalid("limit must be between 1 and 10000")
	}
	pat, perr := parsePattern(req.FilterPattern)
	if perr != nil {
		return nil, perr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.groupOf(req.LogGroupName, req.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	all := g.selectEvents(&req, pat)
	from := 0
	if req.NextToken != "" {
		n, perr := strconv.Atoi(strings.TrimPrefix(req.NextToken, "f/"))
		if perr != nil || n < 0 || n > len(all) {
			return nil, invalid("The specified nextToken is invalid.")
		}
		from = n
	}
	s.pages++
	if s.EmptyEvery > 0 && s.pages%s.EmptyEvery == 0 && from < len(all) {
		tok := "f/" + strconv.Itoa(from)
		return filterResponse{Events: []filteredEvent{}, NextToken: &tok}, nil
	}
	return page(all, from, req.Limit), nil
}

// page cuts one page from the matching events.
func page(all []filteredEvent, from, limit int) filterResponse {
	if limit == 0 {
		limit = maxPageEvents
	}
	resp := filterResponse{Events: []filteredEvent{}}
	size := 0
	i := from
	for ; i < len(all) && len(resp.Events) < limit; i++ {
		size += len(all[i].Message) + 26
		if size > maxPageBytes && len(resp.Events) > 0 {
			break
		}
		resp.Events = append(resp.Events, all[i])
	}
	if i < len(all) {
		tok := "f/" + strconv.Itoa(i)
		resp.NextToken = &tok
	}
	return resp
}

// selectEvents returns the events a request selects, by time and then
// stream name. The caller holds s.mu.
func (g *group) selectEvents(req *filterRequest, pat *pattern) []filteredEvent {
	var out []filteredEvent
	for name, evs := range g.streams {
		if !g.streamWanted(name, req) {
			continue
		}
		for _, e := range evs {
			if (req.StartTime != nil && e.Time < *req.StartTime) || (req.EndTime != nil && e.Time > *req.EndTime) {
				continue
			}
			if pat.match(e.Message) {
				out = append(out, filteredEvent{LogStreamName: name, Timestamp: e.Time, Message: e.Message,
					IngestionTime: e.ingest, EventID: e.id})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b filteredEvent) int {
		if a.Timestamp != b.Timestamp {
			return int(a.Timestamp - b.Timestamp)
		}
		return strings.Compare(a.EventID, b.EventID)
	})
	return out
}

func (g *group) streamWanted(name string, req *filterRequest) bool {
	if len(req.LogStreamNames) > 0 {
		return slices.Contains(req.LogStreamNames, name)
	}
	return strings.HasPrefix(name, req.LogStreamNamePrefix)
}
