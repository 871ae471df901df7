package cwlogs

import (
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// maxPatternValues bounds the optional terms of a pattern.
const maxPatternValues = 8

// Pattern returns a CloudWatch filter pattern that keeps every event whose
// record the filter v can match, or "" if it knows none that narrows.
//
// It uses one string field of format (interface-id, vpc-id, account-id,
// ...) whose values v pins (scan.Valuer: every match has one of them,
// compared byte for byte, case-sensitively): the pattern asks for one of
// those values as a term, "v" or ?"v1" ?"v2". A record's value is a whole
// space-delimited token of its message, so the event holds the term as a
// word and as a substring, whichever way CloudWatch matches. Values are
// used only when they are plain words ([A-Za-z0-9._-], not starting with
// '-', which CloudWatch reads as exclusion); enum fields (action, compared
// as codes in any case), tag fields (percent-encoded in the message) and
// addresses (spelt many ways in IPv6) are never used.
func Pattern(v scan.Valuer, format *flowlog.Format) string {
	if v == nil || format == nil {
		return ""
	}
	var best []string
	for _, f := range format.Fields() {
		if f.Kind() != flowlog.KindString {
			continue
		}
		vals, ok := v.Values(f)
		if !ok || len(vals) == 0 || len(vals) > maxPatternValues || !allWords(vals) {
			continue
		}
		if best == nil || len(vals) < len(best) {
			best = vals
		}
	}
	return terms(best)
}

func terms(vals []string) string {
	if len(vals) == 1 {
		return `"` + vals[0] + `"`
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = `?"` + v + `"`
	}
	return strings.Join(parts, " ")
}

func allWords(vals []string) bool {
	for _, v := range vals {
		if v == "" || v[0] == '-' {
			return false
		}
		for i := 0; i < len(v); i++ {
			c := v[i]
			word := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
			if !word {
				return false
			}
		}
	}
	return true
}
