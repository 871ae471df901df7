package cwlevent

import "bytes"

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
