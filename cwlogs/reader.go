package cwlogs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// streamReader reads one stream's events page by page, each page framed
// as a subscription payload (JSON), which scan's cwlevent hook decodes.
// Not safe for concurrent use: scan reads one object in one goroutine.
type streamReader struct {
	ctx    context.Context
	src    *Source
	stream string
	pages  *cloudwatchlogs.FilterLogEventsPaginator
	buf    bytes.Buffer
	enc    *json.Encoder
	page   payload
}

// payload is the subscription payload shape (see package cwlevent).
type payload struct {
	MessageType string     `json:"messageType"`
	LogGroup    string     `json:"logGroup"`
	LogStream   string     `json:"logStream"`
	LogEvents   []logEvent `json:"logEvents"`
}

type logEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

func newStreamReader(ctx context.Context, s *Source, stream string, in *cloudwatchlogs.FilterLogEventsInput) *streamReader {
	r := &streamReader{ctx: ctx, src: s, stream: stream, pages: cloudwatchlogs.NewFilterLogEventsPaginator(s.client, in, noStopOnDuplicate)}
	r.enc = json.NewEncoder(&r.buf)
	r.enc.SetEscapeHTML(false)
	r.page = payload{MessageType: "DATA_MESSAGE", LogGroup: s.group.Name, LogStream: stream}
	return r
}

// Read returns the framed events; a request that failed after the SDK's
// retries ends the stream with its error.
func (r *streamReader) Read(p []byte) (int, error) {
	for r.buf.Len() == 0 {
		if !r.pages.HasMorePages() {
			return 0, io.EOF
		}
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	return r.buf.Read(p)
}

// next fetches one page (possibly empty) and frames its events.
func (r *streamReader) next() error {
	if err := r.src.filters.wait(r.ctx); err != nil {
		return err
	}
	out, err := r.pages.NextPage(r.ctx)
	if err != nil {
		return fmt.Errorf("%s: FilterLogEvents: %w", r.src.Name(r.stream), err)
	}
	if len(out.Events) == 0 {
		return nil
	}
	r.page.LogEvents = r.page.LogEvents[:0]
	for _, e := range out.Events {
		r.page.LogEvents = append(r.page.LogEvents, logEvent{ID: aws.ToString(e.EventId),
			Timestamp: aws.ToInt64(e.Timestamp), Message: aws.ToString(e.Message)})
	}
	return r.enc.Encode(&r.page)
}

func (r *streamReader) Close() error { return nil }

// noStopOnDuplicate keeps paging when an empty page repeats the token:
// the API reference says only a missing nextToken ends the results.
func noStopOnDuplicate(o *cloudwatchlogs.FilterLogEventsPaginatorOptions) {
	o.StopOnDuplicateToken = false
}
