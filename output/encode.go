package output

import (
	"strconv"
	"unicode/utf8"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// appendSource appends "source<sep>line", the source made visible.
func appendSource(b []byte, m scan.Match, sep byte) []byte {
	b = appendVisible(b, m.Source)
	b = append(b, sep)
	return strconv.AppendInt(b, m.Line, 10)
}

// appendJSONValue appends f of r: a number for integer and time fields, a
// string otherwise, null for "-" or absent.
func appendJSONValue(b []byte, r *flowlog.Record, f flowlog.Field) []byte {
	switch f.Kind() {
	case flowlog.KindInt, flowlog.KindTime:
		if v, ok := r.Int(f); ok { // decoded values first: no lookup
			return strconv.AppendInt(b, v, 10)
		}
		if r.IsNull(f) {
			return append(b, "null"...)
		}
		return appendJSONString(b, r.Raw(f))
	default:
		if text := r.Text(f); text != nil { // nil: null or absent
			return appendJSONString(b, text)
		}
		return append(b, "null"...)
	}
}

// appendJSONString appends s as a JSON string. Control characters (C0,
// DEL, C1) and bidirectional-text controls are escaped and invalid UTF-8
// becomes U+FFFD, so that whatever a log holds stays data and cannot drive
// a terminal that shows the JSON.
func appendJSONString[T string | []byte](b []byte, s T) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < utf8.RuneSelf && s[i] != '"' && s[i] != '\\' {
		i++ // the common case: printable ASCII, copied in one append
	}
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune([]byte(s[i:min(i+utf8.UTFMax, len(s))]))
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, `\ufffd`...)
			case r < 0xa0 || isBidiControl(r):
				b = append(b, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
			default:
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == 0x7f:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}

// appendCSVField appends s as one CSV field, quoted (RFC 4180) when it
// holds a comma or a quote. What could drive a terminal is escaped first
// (see Visible), line breaks included, so a CSV shown on a screen stays
// one row per record.
func appendCSVField[T string | []byte](b []byte, s T) []byte {
	if !isPlain(s) {
		var buf [256]byte
		return appendCSVPlain(b, appendVisible(buf[:0], s))
	}
	return appendCSVPlain(b, s)
}

// appendCSVPlain quotes s if it needs it.
func appendCSVPlain[T string | []byte](b []byte, s T) []byte {
	quote := false
	for i := range len(s) {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := range len(s) {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
