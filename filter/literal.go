package filter

import (
	"net/netip"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// tcpFlags maps flag names to their bits in tcp-flags; read-only.
var tcpFlags = map[string]int64{
	"fin": 1, "syn": 2, "rst": 4, "psh": 8, "ack": 16, "urg": 32, "ece": 64, "cwr": 128,
	"syn-ack": 18, "synack": 18,
}

func tcpFlagName(bit int64) string {
	for name, v := range tcpFlags {
		if v == bit && len(name) == 3 {
			return name
		}
	}
	return "?"
}

// maxTime is the last second of year 9999: the largest time literal, so
// that every time prints as RFC 3339 and reads back.
const maxTime = 253402300799

// parseUint parses a decimal literal of at most 18 digits.
func parseUint(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + int64(d)
	}
	return v, true
}

// localLayouts are the time forms without an offset, read in
// Options.Location.
var localLayouts = []string{
	"2006-01-02", "2006/01/02",
	"2006-01-02 15:04", "2006-01-02 15:04:05",
	"2006-01-02T15:04", "2006-01-02T15:04:05",
}

// parseTime parses a time literal: Unix seconds (milliseconds are scaled
// down as flowlog does for records), RFC 3339 with an offset, or a date or
// date and time in loc. Times are whole seconds.
func parseTime(s string, loc *time.Location) (int64, bool) {
	if v, ok := parseUint(s); ok {
		if v >= 100_000_000_000 {
			v /= 1000
		}
		return v, v <= maxTime
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		for _, layout := range localLayouts {
			if t, err = time.ParseInLocation(layout, s, loc); err == nil {
				break
			}
		}
	}
	if err != nil || t.Nanosecond() != 0 || t.Unix() < 0 || t.Unix() > maxTime {
		return 0, false
	}
	return t.Unix(), true
}

// parseDay parses a date (2021-02-01 or 2021/02/01, Athena's partition
// form) as the Unix time of its midnight UTC. Dates before 1970 are
// refused, as they are for times.
func parseDay(s string) (int64, bool) {
	for _, layout := range localLayouts[:2] {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), t.Unix() >= 0 // the year 9999 ends at maxTime
		}
	}
	return 0, false
}

// parseAddrOrPrefix parses an address or a CIDR; an address comes back as
// a full-length prefix. Zones are refused: records never carry them.
func parseAddrOrPrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "%") {
		return netip.Prefix{}, false
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// enumList renders the values of an enum field as "A or B" / "A, B or C".
func enumList(f flowlog.Field) string {
	vals := flowlog.EnumValues(f)
	if len(vals) == 1 {
		return vals[0]
	}
	return strings.Join(vals[:len(vals)-1], ", ") + " or " + vals[len(vals)-1]
}
