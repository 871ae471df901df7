package filter

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// whenLayouts are the absolute forms ParseTime accepts, tried in order;
// those without an offset are read in the caller's zone.
var whenLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a point in time as a person types it for a time window
// (flowq's --since and --until), in one of three forms:
//
//   - an absolute time: RFC 3339 with an offset ('2026-01-15T09:00:00+09:00',
//     fractional seconds allowed), or a date or date and time without one,
//     read in loc: '2026-01-15', '2026-01-15 09:00', '2026-01-15 09:00:05',
//     '2026-01-15T09:00', '2026-01-15T09:00:05';
//   - Unix seconds, at least nine digits so that a small number is not
//     taken for a time: 1768435200;
//   - an age, meaning that long before now: a Go duration (90m, 2h,
//     1h30m) or a number of days (7d, 1.5d) or weeks (2w). Ages are never
//     negative.
//
// Spaces around s are ignored, and a nil loc means UTC. Absolute times
// keep their zone (loc, or the offset written) and Unix seconds are in
// UTC; compare results with time.Time.Equal. The error says which forms
// are accepted.
//
// Unlike a time literal in a filter, s may be an age; Unix milliseconds
// and the 2026/01/15 form are not accepted.
func ParseTime(s string, loc *time.Location, now time.Time) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	if age, ok := parseAge(s); ok {
		return now.Add(-age), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 {
		return time.Unix(n, 0).UTC(), nil
	}
	for _, layout := range whenLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use 2026-01-15, '2026-01-15 09:00', 2026-01-15T09:00:00+09:00, Unix seconds, or an age like 2h or 7d", s)
}

// parseAge reads a non-negative Go duration (90m, 1h30m), or a number of
// days (7d) or weeks (2w) that fits in a time.Duration.
func parseAge(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 'd':
		unit = 24 * time.Hour
	case 'w':
		unit = 7 * 24 * time.Hour
	default:
		d, err := time.ParseDuration(s)
		return d, err == nil && d >= 0
	}
	n, err := strconv.ParseFloat(s[:len(s)-1], 64)
	ns := n * float64(unit)
	if err != nil || !(ns >= 0 && ns < math.MaxInt64) { // also rejects NaN and Inf
		return 0, false
	}
	return time.Duration(ns), true
}
