package output

import "fmt"

// Mode is an output format.
type Mode uint8

const (
	// Raw prints records exactly as AWS wrote them, grep style, and group
	// rows space-separated without a header. It is the zero Mode.
	Raw Mode = iota
	// Table prints aligned columns for people.
	Table
	// JSON prints one object per line (JSON Lines), keyed by Athena column
	// names, with numbers for counts, ports and times, and null for "-".
	JSON
	// CSV prints a header row, then one RFC 4180 row per record or group.
	CSV
)

var modeNames = [...]string{Raw: "raw", Table: "table", JSON: "json", CSV: "csv"}

// String returns the mode's name as ParseMode reads it.
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", m)
}

// ParseMode reads a mode name: raw, table, json or csv. The error quotes s
// and lists the names, for the caller to prefix with where s came from
// (a flag, a query parameter).
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return Raw, fmt.Errorf("%q: use raw, table, json or csv", s)
}
