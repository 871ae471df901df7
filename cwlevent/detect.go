package cwlevent

import (
	"bytes"
	"time"
)

// Kind is the shape of a stream.
type Kind int

const (
	// None is anything else: flow log text, or not a flow log at all.
	None Kind = iota
	// Payload is JSON subscription payloads.
	Payload
	// Export is the text of a CloudWatch Logs export.
	Export
)

// HeadBytes is how much of a stream's start Detect wants to see.
const HeadBytes = 64

// Detect tells the shape of a stream by its first bytes (at least
// HeadBytes of them, unless the stream is shorter): a JSON object is a
// payload (Decoder says if it is not one), a first line that starts with
// an export timestamp is an export.
func Detect(head []byte) Kind {
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		return Payload
	case len(head) > 0 && exportStamp(head) > 0:
		return Export
	}
	return None
}

// exportStamp returns the length of the export timestamp and the space
// after it at the start of line ("2026-01-15T09:00:00.000Z "), or 0.
func exportStamp(line []byte) int {
	const shortest = len("2006-01-02T15:04:05Z ")
	if len(line) < shortest || line[4] != '-' || line[7] != '-' || line[10] != 'T' || !digits(line[:4]) {
		return 0
	}
	sp := bytes.IndexByte(line[:min(len(line), 40)], ' ')
	if sp < shortest-1 || line[sp-1] != 'Z' {
		return 0
	}
	return sp + 1
}

func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// parseStamp reads an export timestamp, "2026-01-15T09:00:00Z" with an
// optional fraction of a second, as Unix milliseconds. It allocates
// nothing.
func parseStamp(b []byte) (int64, bool) {
	if len(b) < len("2006-01-02T15:04:05Z") || b[len(b)-1] != 'Z' || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	num := func(lo, hi int) int {
		if !digits(b[lo:hi]) {
			return -1
		}
		n := 0
		for _, c := range b[lo:hi] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d, h, mi, s := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || y < 0 {
		return 0, false
	}
	ms, frac := 0, b[19:len(b)-1]
	if len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || !digits(frac[1:]) {
			return 0, false
		}
		for i, scale := 1, 100; i < len(frac) && scale > 0; i, scale = i+1, scale/10 {
			ms += int(frac[i]-'0') * scale
		}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, ms*int(time.Millisecond), time.UTC)
	if t.Day() != d { // February 30th and the like
		return 0, false
	}
	return t.UnixMilli(), true
}
