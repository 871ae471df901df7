package cwltest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

type describeRequest struct {
	LogGroupName        string `json:"logGroupName"`
	LogGroupIdentifier  string `json:"logGroupIdentifier"`
	LogStreamNamePrefix string `json:"logStreamNamePrefix"`
	OrderBy             string `json:"orderBy"`
	Descending          bool   `json:"descending"`
	NextToken           string `json:"nextToken"`
	Limit               int    `json:"limit"`
}

type logStream struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp int64  `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  int64  `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   int64  `json:"lastIngestionTime,omitempty"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"`
}

type describeResponse struct {
	LogStreams []logStream `json:"logStreams"`
	NextToken  *string     `json:"nextToken,omitempty"`
}

const maxStreamsPage = 50

func (s *Server) describeLogStreams(r *http.Request) (any, *apiError) {
	var req describeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return nil, invalid("bad request: %v", err)
	}
	if req.OrderBy == "LastEventTime" && req.LogStreamNamePrefix != "" {
		return nil, invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	if req.OrderBy != "" && req.OrderBy != "LogStreamName" && req.OrderBy != "LastEventTime" {
		return nil, invalid("bad orderBy %q", req.OrderBy)
	}
	if req.Limit < 0 || req.Limit > maxStreamsPage {
		return nil, invalid("limit must be between 1 and 50")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.groupOf(req.LogGroupName, req.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	names := g.streamNames(req.LogStreamNamePrefix)
	if req.Descending {
		slices.Reverse(names)
	}
	from := 0
	if req.NextToken != "" {
		n, perr := strconv.Atoi(strings.TrimPrefix(req.NextToken, "d/"))
		if perr != nil || n < 0 || n > len(names) {
			return nil, invalid("The specified nextToken is invalid.")
		}
		from = n
	}
	limit := req.Limit
	if limit == 0 {
		limit = maxStreamsPage
	}
	resp := describeResponse{LogStreams: []logStream{}}
	to := min(len(names), from+limit)
	for _, name := range names[from:to] {
		resp.LogStreams = append(resp.LogStreams, g.describe(s, req, name))
	}
	if to < len(names) {
		tok := "d/" + strconv.Itoa(to)
		resp.NextToken = &tok
	}
	return resp, nil
}

// streamNames returns the names with prefix, in byte order.
func (g *group) streamNames(prefix string) []string {
	var names []string
	for name := range g.streams {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (g *group) describe(s *Server, req describeRequest, name string) logStream {
	evs := g.streams[name]
	ls := logStream{LogStreamName: name,
		Arn: "arn:aws:logs:" + s.Region + ":" + s.Account + ":log-group:" + req.LogGroupName + ":log-stream:" + name}
	for _, e := range evs {
		ls.StoredBytes += int64(len(e.Message))
	}
	if len(evs) > 0 {
		ls.CreationTime, ls.FirstEventTimestamp = evs[0].Time, evs[0].Time
		ls.LastEventTimestamp, ls.LastIngestionTime = evs[len(evs)-1].Time, evs[len(evs)-1].ingest
	}
	return ls
}
