package filter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tk is a compact token for the table: kind, byte offset, text.
type tk struct {
	kind tokKind
	pos  int
	text string
}

func lexAll(t *testing.T, src string) []tk {
	t.Helper()
	l := lexer{src: src}
	var out []tk
	for {
		tok, err := l.next()
		require.Nil(t, err, "lex %q", src)
		out = append(out, tk{tok.kind, tok.pos, tok.text})
		if tok.kind == tEOF {
			return out
		}
	}
}

func TestLexer(t *testing.T) {
	tests := []struct {
		src  string
		want []tk
	}{
		{"", []tk{{tEOF, 0, ""}}},
		{"dstport=443", []tk{{tWord, 0, "dstport"}, {tEq, 7, "="}, {tWord, 8, "443"}, {tEOF, 11, ""}}},
		{"a == b", []tk{{tWord, 0, "a"}, {tEq, 2, "=="}, {tWord, 5, "b"}, {tEOF, 6, ""}}},
		{"a != b <> c", []tk{{tWord, 0, "a"}, {tNe, 2, "!="}, {tWord, 5, "b"}, {tNe, 7, "<>"}, {tWord, 10, "c"}, {tEOF, 11, ""}}},
		{"< <= > >=", []tk{{tLt, 0, "<"}, {tLe, 2, "<="}, {tGt, 5, ">"}, {tGe, 7, ">="}, {tEOF, 9, ""}}},
		{"AND Or not && || !", []tk{{tAnd, 0, "AND"}, {tOr, 4, "Or"}, {tNot, 7, "not"}, {tAnd, 11, "&&"}, {tOr, 14, "||"}, {tNot, 17, "!"}, {tEOF, 18, ""}}},
		{"IN between LIKE is NULL true FALSE has", []tk{{tIn, 0, "IN"}, {tBetween, 3, "between"}, {tLike, 11, "LIKE"}, {tIs, 16, "is"}, {tNull, 19, "NULL"}, {tTrue, 24, "true"}, {tFalse, 29, "FALSE"}, {tHas, 35, "has"}, {tEOF, 38, ""}}},
		{"(10.0.0.0/8, 2001:db8::/32)", []tk{{tLParen, 0, "("}, {tWord, 1, "10.0.0.0/8"}, {tComma, 11, ","}, {tWord, 13, "2001:db8::/32"}, {tRParen, 26, ")"}, {tEOF, 27, ""}}},
		{"log-status = 'it''s'", []tk{{tWord, 0, "log-status"}, {tEq, 11, "="}, {tString, 13, "it's"}, {tEOF, 20, ""}}},
		{`"end" >= 2026-01-15T09:00:00+09:00`, []tk{{tString, 0, "end"}, {tGe, 6, ">="}, {tWord, 9, "2026-01-15T09:00:00+09:00"}, {tEOF, 34, ""}}},
		{"in @/tmp/x.txt", []tk{{tIn, 0, "in"}, {tAt, 3, "@"}, {tWord, 4, "/tmp/x.txt"}, {tEOF, 14, ""}}},
		{"a = 1 -- comment\n and b", []tk{{tWord, 0, "a"}, {tEq, 2, "="}, {tWord, 4, "1"}, {tAnd, 18, "and"}, {tWord, 22, "b"}, {tEOF, 23, ""}}},
		{"srcaddr LIKE 10.117.%", []tk{{tWord, 0, "srcaddr"}, {tLike, 8, "LIKE"}, {tWord, 13, "10.117.%"}, {tEOF, 21, ""}}},
		{"a ; b", []tk{{tWord, 0, "a"}, {tIllegal, 2, ";"}, {tWord, 4, "b"}, {tEOF, 5, ""}}},
		{"é", []tk{{tIllegal, 0, "é"}, {tEOF, 2, ""}}},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, lexAll(t, tc.src), "lex %q", tc.src)
	}
}

func TestLexerUnterminated(t *testing.T) {
	l := lexer{src: "a = 'abc"}
	for range 2 {
		_, err := l.next()
		require.Nil(t, err)
	}
	_, err := l.next()
	require.NotNil(t, err)
	assert.Equal(t, 4, err.Pos)
	assert.Equal(t, "unterminated string", err.Msg)
}
