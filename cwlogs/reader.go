package cwlogs

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// streamReader reads one stream's (or one slice's) events page by page,
// framed as subscription payloads (JSON), which scan's cwlevent hook
// decodes.
// Not safe for concurrent use: scan reads one object in one goroutine.
type streamReader struct {
	ctx    context.Context
	src    *Source
	stream string
	pages  *cloudwatchlogs.FilterLogEventsPaginator
	buf    []byte // the framed page not yet read
	off    int
}

func newStreamReader(ctx context.Context, s *Source, stream string, in *cloudwatchlogs.FilterLogEventsInput) *streamReader {
	return &streamReader{ctx: ctx, src: s, stream: stream,
		pages: cloudwatchlogs.NewFilterLogEventsPaginator(s.client, in, noStopOnDuplicate)}
}

// Read returns the framed events; a request that failed after the SDK's
// retries ends the stream with its error.
func (r *streamReader) Read(p []byte) (int, error) {
	for r.off == len(r.buf) {
		if !r.pages.HasMorePages() {
			return 0, io.EOF
		}
		r.buf, r.off = r.buf[:0], 0
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
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
	b := r.buf
	for i, e := range out.Events {
		stream := aws.ToString(e.LogStreamName)
		if stream == "" {
			stream = r.stream
		}
		if i == 0 || stream != aws.ToString(out.Events[i-1].LogStreamName) {
			if i > 0 {
				b = append(b, "]}\n"...)
			}
			b = r.appendHeader(b, stream)
		} else {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, aws.ToString(e.EventId))
		b = append(b, `,"timestamp":`...)
		b = strconv.AppendInt(b, aws.ToInt64(e.Timestamp), 10)
		b = append(b, `,"message":`...)
		b = appendJSONString(b, aws.ToString(e.Message))
		b = append(b, '}')
	}
	r.buf = append(b, "]}\n"...)
	return nil
}

// appendHeader starts a payload of one stream's events: a page of a slice
// holds several streams' events, interleaved by time.
func (r *streamReader) appendHeader(b []byte, stream string) []byte {
	b = append(b, `{"messageType":"DATA_MESSAGE","logGroup":`...)
	b = appendJSONString(b, r.src.group.Name)
	b = append(b, `,"logStream":`...)
	b = appendJSONString(b, stream)
	return append(b, `,"logEvents":[`...)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, other bytes as they are (the decoder reads
// invalid UTF-8 as U+FFFD, as encoding/json would have written it).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func (r *streamReader) Close() error { return nil }

// noStopOnDuplicate keeps paging when an empty page repeats the token:
// the API reference says only a missing nextToken ends the results.
func noStopOnDuplicate(o *cloudwatchlogs.FilterLogEventsPaginatorOptions) {
	o.StopOnDuplicateToken = false
}
