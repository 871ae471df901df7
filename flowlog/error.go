package flowlog

import (
	"errors"
	"fmt"
)

// The classes of malformed input. Every *ParseError wraps exactly one.
var (
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrNotNumber   = errors.New("not a number")
	ErrRange       = errors.New("number out of range")
	ErrNotAddr     = errors.New("not an IP address")
	ErrBadEnum     = errors.New("not a valid value")
	ErrLineTooLong = errors.New("line too long")
	ErrBadEscape   = errors.New("bad percent-encoding")
	// ErrBadHeader marks a line that is a header with damage (a field
	// name misspelt in the first column): not a record, and not a format
	// to read the next lines with.
	ErrBadHeader = errors.New("damaged header line")
)

// ParseError describes one malformed line. Its strings are copies: it stays
// valid after the Reader moves on.
type ParseError struct {
	Source string // file or object name given in ReaderOptions, may be ""
	Line   int64  // 1-based line number in the stream
	Column int    // 1-based column of the bad field; 0 for whole-line errors
	Field  string // hyphenated field name of the column, "" for whole-line errors
	Text   string // the offending text (the token, or a prefix of the line)
	Err    error  // one of the Err* classes above
}

func (e *ParseError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Source != "" {
		where = fmt.Sprintf("%s:%d", e.Source, e.Line)
	}
	if e.Column == 0 {
		return fmt.Sprintf("%s: %v: %q", where, e.Err, e.Text)
	}
	return fmt.Sprintf("%s: column %d (%s): %q: %v", where, e.Column, e.Field, e.Text, e.Err)
}

// Unwrap returns the error class, for errors.Is.
func (e *ParseError) Unwrap() error { return e.Err }

// maxErrorText bounds the text a ParseError copies from a line.
const maxErrorText = 120

func clip(b []byte) string {
	if len(b) > maxErrorText {
		return string(b[:maxErrorText]) + "…"
	}
	return string(b)
}
