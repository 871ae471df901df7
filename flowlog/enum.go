package flowlog

import "strings"

// Enum codes. Every enum field decodes to a small integer; 0 is never a
// valid value, so a zero code means null or absent.
const (
	ActionAccept int64 = 1
	ActionReject int64 = 2

	LogStatusOK       int64 = 1
	LogStatusNoData   int64 = 2
	LogStatusSkipData int64 = 3

	DirectionIngress int64 = 1
	DirectionEgress  int64 = 2

	TypeIPv4 int64 = 1
	TypeIPv6 int64 = 2
	TypeEFA  int64 = 3
)

// enumWords lists, per enum field, the words AWS writes; the code of a word
// is its index + 1.
var enumWords = [NumFields][]string{
	Action:        {"ACCEPT", "REJECT"},
	LogStatus:     {"OK", "NODATA", "SKIPDATA"},
	FlowDirection: {"ingress", "egress"},
	Type:          {"IPv4", "IPv6", "EFA"},
}

// EnumValues returns the words an enum field takes, in code order (code =
// index + 1), or nil if f is not an enum field. The slice must not be
// modified.
func EnumValues(f Field) []string {
	if f >= NumFields {
		return nil
	}
	return enumWords[f]
}

// EnumCode returns the code of word for enum field f, matching
// case-insensitively, or 0 and false if word is not one of its values.
func EnumCode(f Field, word string) (int64, bool) {
	for i, w := range EnumValues(f) {
		if strings.EqualFold(w, word) {
			return int64(i + 1), true
		}
	}
	return 0, false
}

// EnumWord returns the word AWS writes for code of enum field f, or "" if
// the code is not valid.
func EnumWord(f Field, code int64) string {
	words := EnumValues(f)
	if code < 1 || int(code) > len(words) {
		return ""
	}
	return words[code-1]
}

// decodeEnum matches tok exactly first (the common case, no folding) and
// then case-insensitively. It does not allocate.
func decodeEnum(f Field, tok []byte) (int64, bool) {
	words := enumWords[f]
	for i, w := range words {
		if string(tok) == w {
			return int64(i + 1), true
		}
	}
	for i, w := range words {
		if equalFoldASCII(tok, w) {
			return int64(i + 1), true
		}
	}
	return 0, false
}

func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if x|0x20 != y|0x20 || (x|0x20) < 'a' || (x|0x20) > 'z' {
			if x != y {
				return false
			}
		}
	}
	return true
}
