package filter

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a syntax or type error in a filter. Pos is the byte offset in
// Src of the offending text; Hint, if not empty, says how to fix it.
//
// Error renders the message, the source line with a caret under the
// offending text, and the hint:
//
//	col 1: unknown field "dstadr"
//	  dstadr = 10.0.0.1
//	  ^
//	hint: did you mean dstaddr?
type Error struct {
	Src  string
	Pos  int
	Msg  string
	Hint string
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	line, col, text := e.location()
	if strings.Contains(e.Src, "\n") {
		fmt.Fprintf(&b, "line %d col %d: %s\n", line, col, e.Msg)
	} else {
		fmt.Fprintf(&b, "col %d: %s\n", col, e.Msg)
	}
	b.WriteString("  ")
	b.WriteString(text)
	b.WriteString("\n  ")
	b.WriteString(caretPad(text, col-1))
	b.WriteByte('^')
	if e.Hint != "" {
		b.WriteString("\nhint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// location returns the 1-based line and column (in runes) of Pos, and the
// text of that line with control characters shown as spaces.
func (e *Error) location() (line, col int, text string) {
	pos := min(max(e.Pos, 0), len(e.Src))
	start := strings.LastIndexByte(e.Src[:pos], '\n') + 1
	end := strings.IndexByte(e.Src[start:], '\n')
	if end < 0 {
		end = len(e.Src)
	} else {
		end += start
	}
	line = strings.Count(e.Src[:start], "\n") + 1
	col = utf8.RuneCountInString(e.Src[start:pos]) + 1
	text = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' || r == utf8.RuneError {
			return ' '
		}
		return r
	}, e.Src[start:end])
	return line, col, text
}

// caretPad returns the blanks that put a caret under rune n of text: tabs
// stay tabs so the caret lines up in a terminal.
func caretPad(text string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range text {
		if i == n {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < n; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// errAt builds an Error at the start of tok.
func errAt(tok token, hint, format string, args ...any) *Error {
	return &Error{Pos: tok.pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// levenshtein returns the edit distance between a and b (ASCII folded).
func levenshtein(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// closest returns the candidate nearest to word, or "" if none is close
// enough to be a plausible typo.
func closest(word string, candidates []string) string {
	best, bestD := "", len(word)/3+2
	for _, c := range candidates {
		if d := levenshtein(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
