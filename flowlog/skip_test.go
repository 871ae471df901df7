package flowlog

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const plainV2 = "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 40000 443 6 10 840 1700000000 1700000060 ACCEPT OK\n"

func TestSkipPlain(t *testing.T) {
	reject := newNeedle(Literal{Text: "REJECT", Fold: true})
	rejected := strings.Replace(plainV2, "ACCEPT", "REJECT", 1)
	many := strings.Repeat(plainV2, 8)
	for _, c := range []struct {
		name  string
		text  string
		lines int // lines passed over, each len(plainV2) bytes
	}{
		{"all plain", many + strings.Repeat("x", 200), 8},
		{"the needle", many + rejected + many, 8},
		{"the needle folded", many + strings.Replace(plainV2, "ACCEPT", "rEjEcT", 1) + many, 8},
		{"a tab", many + strings.Replace(plainV2, " ", "\t", 1) + many, 8},
		{"two spaces", many + strings.Replace(plainV2, " ", "  ", 1) + many, 8},
		{"a space before the newline", many + strings.Replace(plainV2, "\n", " \n", 1) + many, 8},
		{"a space first", many + " " + plainV2 + many, 8},
		{"a blank line", many + "\n" + many, 8},
		{"CRLF", many + strings.Replace(plainV2, "\n", "\r\n", 1) + many, 8},
		{"a header", many + "version account-id\n" + many, 8},
		{"a field short", many + strings.Replace(plainV2, " OK", "", 1) + many, 8},
		{"a field over", many + strings.Replace(plainV2, " OK", " OK OK", 1) + many, 8},
		{"an export stamp", many + "2026-01-14T22:00:00.000Z " + plainV2 + many, 8},
		{"a millisecond stamp", many + "1742570569000," + plainV2 + many, 8},
		{"a NUL", many + strings.Replace(plainV2, "eni", "e\x00i", 1) + many, 8},
		{"UTF-8", many + strings.Replace(plainV2, "eni", "é", 1) + many, 8},
		{"too long", many + strings.Replace(plainV2, "eni-0a1b2c3d", "eni-"+strings.Repeat("a", 200), 1) + many, 8},
		{"no newline in reach", strings.Repeat("9", 300), 0},
		{"short text", plainV2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := []byte(c.text)
			n, lines := skipPlainGo(text, 14, 160, &reject)
			assert.Equal(t, c.lines, lines)
			assert.Equal(t, c.lines*len(plainV2), n)
			an, alines := skipPlainAsm(text, 14, 160, &reject)
			assert.Equal(t, n, an, "AVX-512 bytes")
			assert.Equal(t, lines, alines, "AVX-512 lines")
			an, alines = skipPlainAsm2(text, 14, 160, &reject)
			assert.Equal(t, n, an, "AVX2 bytes")
			assert.Equal(t, lines, alines, "AVX2 lines")
		})
	}
}

// FuzzSkipPlain holds the assembly skippers to the Go one, which
// TestSkipPlain holds to the rules: the same bytes and lines, on any text.
func FuzzSkipPlain(f *testing.F) {
	f.Add([]byte(strings.Repeat(plainV2, 3)), "REJECT", true, uint8(14))
	f.Add([]byte(strings.Repeat(plainV2, 3)+strings.Replace(plainV2, "ACCEPT", "REJECT", 1)), "REJECT", true, uint8(14))
	f.Add([]byte(strings.Repeat("1 2 3 4 5 6 7 8 9\n", 20)), "7", false, uint8(9))
	f.Fuzz(func(t *testing.T, text []byte, lit string, fold bool, cols uint8) {
		l := Literal{Text: lit, Fold: fold}
		if lit == "" || len(lit) > 64 || l.check() != nil {
			return
		}
		nd := newNeedle(l)
		n, lines := skipPlainGo(text, int(cols), 200, &nd)
		an, alines := skipPlainAsm(text, int(cols), 200, &nd)
		require.Equal(t, n, an, "AVX-512 bytes")
		require.Equal(t, lines, alines, "AVX-512 lines")
		an, alines = skipPlainAsm2(text, int(cols), 200, &nd)
		require.Equal(t, n, an, "AVX2 bytes")
		require.Equal(t, lines, alines, "AVX2 lines")
		require.Equal(t, lines, bytes.Count(text[:n], []byte("\n")))
	})
}
