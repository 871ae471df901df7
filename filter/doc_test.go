package filter

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docBlocks returns the fenced blocks of the given language in the query
// language reference.
func docBlocks(t *testing.T, lang string) []string {
	data, err := os.ReadFile("../docs/query-language.md")
	require.NoError(t, err)
	var blocks []string
	parts := strings.Split(string(data), "```")
	for i := 1; i < len(parts); i += 2 {
		if body, ok := strings.CutPrefix(parts[i], lang+"\n"); ok {
			blocks = append(blocks, body)
		}
	}
	require.NotEmpty(t, blocks)
	return blocks
}

// TestDocExamples compiles every line of the sql blocks of
// docs/query-language.md, and checks their canonical forms round trip.
func TestDocExamples(t *testing.T) {
	n := 0
	for _, block := range docBlocks(t, "sql") {
		for _, line := range strings.Split(block, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			f, err := Compile(line, Options{})
			if !assert.NoError(t, err, "doc example %q", line) {
				continue
			}
			g, err := Compile(f.String(), Options{})
			require.NoError(t, err, "canonical form of %q", line)
			assert.Equal(t, f.String(), g.String(), "round trip of %q", line)
			n++
		}
	}
	assert.Greater(t, n, 40)
}

// TestDocErrors checks that the error examples in the reference are what
// Compile says, word for word.
func TestDocErrors(t *testing.T) {
	n := 0
	for _, block := range docBlocks(t, "text") {
		for _, want := range strings.Split(strings.TrimSpace(block), "\n\n") {
			lines := strings.Split(want, "\n")
			if len(lines) < 3 || !strings.HasPrefix(lines[0], "col ") {
				continue
			}
			src := strings.TrimPrefix(lines[1], "  ")
			_, err := Compile(src, Options{})
			if assert.Error(t, err, src) {
				assert.Equal(t, want, err.Error())
			}
			n++
		}
	}
	assert.Equal(t, 4, n, "error examples checked")
}
