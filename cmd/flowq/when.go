package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// layouts are the absolute time forms --since and --until accept, tried in
// order; those without an offset are read in the --tz zone.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseWhen reads a --since/--until value: an absolute time, Unix seconds,
// or an age such as 90m, 2h, 7d or 2w (that long before now).
func parseWhen(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if age, ok := parseAge(s); ok {
		return now.Add(-age), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 {
		return time.Unix(n, 0), nil
	}
	for _, layout := range layouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use 2026-01-15, '2026-01-15 09:00', 2026-01-15T09:00:00+09:00, Unix seconds, or an age like 2h or 7d", s)
}

// parseAge reads Go durations (90m, 1h30m) plus days (7d) and weeks (2w).
func parseAge(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit != 0 {
		n, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err != nil || n < 0 {
			return 0, false
		}
		return time.Duration(n * float64(unit)), true
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}

// loadZone resolves --tz; "Local" is the machine's zone.
func loadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "utc") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("--tz %q: unknown time zone (use a name like Asia/Tokyo, UTC or Local)", name)
	}
	return loc, nil
}
