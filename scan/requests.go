package scan

// RequestCounter is implemented by Sources that count the requests they
// send themselves, every attempt included (a log group's DescribeLogStreams
// and FilterLogEvents pages): scan adds their counts to Stats.ListRequests
// and GetRequests instead of counting one request per Open, and their
// Listings should say 0 Requests. Requests is called from any goroutine.
type RequestCounter interface {
	Source
	Requests() (lists, reads int64)
}

// requestCounts sums what the S3 client and the locations' own counters
// have counted (a Source in two Locations counts twice). r.locs does not
// change once the scan runs.
func (r *runner) requestCounts() (lists, gets int64) {
	lists, gets = r.s3c.requests()
	for _, l := range r.locs {
		if rc, ok := l.Source.(RequestCounter); ok {
			a, b := rc.Requests()
			lists, gets = lists+a, gets+b
		}
	}
	return lists, gets
}
