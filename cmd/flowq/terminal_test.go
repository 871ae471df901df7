package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen is a terminal that stdout and stderr share: "\r\033[K" erases
// the line being written, "\n" ends it. Writes are slow, as a terminal's
// are, so that the progress line and the rows interleave.
type screen struct {
	mu    sync.Mutex
	lines []string
	cur   []byte
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	time.Sleep(5 * time.Microsecond)
	for rest := p; len(rest) > 0; {
		switch {
		case bytes.HasPrefix(rest, []byte("\r\033[K")):
			s.cur, rest = s.cur[:0], rest[4:]
		case rest[0] == '\n':
			s.lines, s.cur, rest = append(s.lines, string(s.cur)), nil, rest[1:]
		default:
			s.cur, rest = append(s.cur, rest[0]), rest[1:]
		}
	}
	return len(p), nil
}

// TestProgressNeverLandsOnRows runs flowq on a terminal with the progress
// line drawn every millisecond while table rows print: no row may share a
// line with the progress text, and the progress line is gone at the end.
func TestProgressNeverLandsOnRows(t *testing.T) {
	var term screen
	a := &app{stdin: strings.NewReader(""), stdout: &term, stderr: &term,
		stdoutTTY: true, stderrTTY: true, width: 60, progressEvery: time.Millisecond,
		now: func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }}
	code := a.run(t.Context(), []string{"--progress", "always", "", hive})
	require.Equal(t, exitMatch, code)
	require.Greater(t, len(term.lines), 300)
	for _, l := range term.lines {
		if i := strings.Index(l, "flowq:"); i > 0 {
			t.Fatalf("a row and the progress line share a line: %q", l)
		}
		assert.NotContains(t, l, "objects,", "a progress line was left among the rows: %q", l)
	}
	assert.Empty(t, term.cur, "the progress line is cleared at the end")
	assert.True(t, strings.HasPrefix(term.lines[0], "START (UTC)"), term.lines[0])
}

// TestProgressFitsTheTerminal checks that the progress line is cut to the
// terminal's width, so that it never wraps and stacks.
func TestProgressFitsTheTerminal(t *testing.T) {
	var errs bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &errs,
		stderrTTY: true, width: 40, progressEvery: time.Millisecond,
		now: func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }}
	rep := &reporter{a: a, progressOn: true}
	rep.progress(bigStats())
	line := strings.TrimPrefix(errs.String(), "\r\033[K")
	assert.Len(t, line, 39)
	assert.True(t, strings.HasPrefix(line, "flowq: 1,234/10,000+ objects"), line)
}

func bigStats() scan.Stats {
	return scan.Stats{ObjectsListed: 10000, ObjectsRead: 1234, BytesCompressed: 5e9, Matched: 42, Elapsed: time.Minute}
}

// TestTableFitsTheTerminal prints the default table on an 80-column
// terminal: no line is wider, and flowq says that values were shortened.
func TestTableFitsTheTerminal(t *testing.T) {
	var term screen
	a := &app{stdin: strings.NewReader(""), stdout: &term, stderr: &term,
		stdoutTTY: true, stderrTTY: true, width: 80, outWidth: 80,
		now: func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }}
	code := a.run(t.Context(), []string{"--progress", "never", "", hive})
	require.Equal(t, exitMatch, code)
	require.Greater(t, len(term.lines), 300)
	var note string
	for _, l := range term.lines {
		if strings.HasPrefix(l, "flowq: ") {
			note = l
			continue
		}
		assert.LessOrEqual(t, utf8.RuneCountInString(l), 80, "%q", l)
	}
	assert.Contains(t, note, "values shortened (…) to fit 80 columns; -o csv shows them whole")
}
