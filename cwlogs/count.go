package cwlogs

import (
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// counter counts the requests a Source's client sends, every attempt of
// every retry, by operation. Safe for concurrent use.
type counter struct {
	lists, reads atomic.Int64
}

// countingClient is the client's HTTP client, counting as it sends.
type countingClient struct {
	next aws.HTTPClient
	c    *counter
}

func (cc *countingClient) Do(req *http.Request) (*http.Response, error) {
	switch target := req.Header.Get("X-Amz-Target"); {
	case strings.HasSuffix(target, ".DescribeLogStreams"):
		cc.c.lists.Add(1)
	case strings.HasSuffix(target, ".FilterLogEvents"):
		cc.c.reads.Add(1)
	}
	return cc.next.Do(req)
}

// Requests returns the DescribeLogStreams and FilterLogEvents requests
// sent so far, retries included (scan.RequestCounter).
func (s *Source) Requests() (lists, reads int64) { return s.count.lists.Load(), s.count.reads.Load() }
