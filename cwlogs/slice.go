package cwlogs

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/scan"
)

// A search with a lower time bound reads the group in time slices, each a
// scan object searched across all its streams (or those of the stream
// prefix): the requests then follow the volume of events, not the number
// of streams (one per interface, often thousands, most of them quiet).
// Without a lower bound, each stream is an object.
const (
	maxSlices = 16
	minSlice  = time.Hour
	// futureSlack is how far ahead of now CloudWatch accepts event
	// timestamps (2 hours), plus the delivery slack.
	futureSlack = 2*time.Hour + 15*time.Minute
)

// slicePrefix starts the key of a slice: a colon cannot be in a stream
// name, so keys of the two kinds never meet.
const slicePrefix = "slice:"

// slice is a span of event timestamps, Unix milliseconds, both ends
// inclusive; open has no end.
type slice struct {
	from, to int64
	open     bool
}

func (sl slice) key() string {
	to := "*"
	if !sl.open {
		to = fmt.Sprintf("%016d", sl.to)
	}
	return fmt.Sprintf("%s%016d:%s", slicePrefix, sl.from, to)
}

func parseSlice(key string) (slice, bool) {
	rest, ok := strings.CutPrefix(key, slicePrefix)
	if !ok {
		return slice{}, false
	}
	a, b, _ := strings.Cut(rest, ":")
	from, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return slice{}, false
	}
	if b == "*" {
		return slice{from: from, open: true}, true
	}
	to, err := strconv.ParseInt(b, 10, 64)
	return slice{from: from, to: to}, err == nil
}

// name is how people see a slice: the group and the span, in RFC 3339.
func (sl slice) name(group string) string {
	at := func(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z") }
	to := "…"
	if !sl.open {
		to = at(sl.to)
	}
	return group + "@" + at(sl.from) + "/" + to
}

// slicesOf cuts the event times a scope can want into at most maxSlices
// slices of at least minSlice, or reports false when the scope has no
// lower bound. Without an upper bound the last slice is open, and the
// cut is made up to the next hour after now plus futureSlack, so that
// runs within one hour cut alike.
func slicesOf(scope scan.Scope, now time.Time) ([]slice, bool) {
	lo, hi, hasLo, hasHi := scope.Window.StartBounds()
	if !hasLo {
		return nil, false
	}
	from := max(lo, 0) * 1000
	to := hi*1000 + 999
	if !hasHi {
		to = now.Truncate(time.Hour).Add(time.Hour + futureSlack).UnixMilli()
	}
	if to < from {
		return nil, true
	}
	n := min(maxSlices, max(1, (to-from)/minSlice.Milliseconds()))
	width := (to - from + n) / n
	out := make([]slice, 0, n)
	for start := from; start <= to; start += width {
		out = append(out, slice{from: start, to: min(start+width-1, to)})
	}
	out[len(out)-1].open = !hasHi
	return out, true
}
