package filter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "true"},
		{"  ", "true"},
		{"true", "true"},
		{"FALSE", "false"},
		{"dstport = 443", "dstport = 443"},
		{"a = 1 and b = 2 or c = 3", "((a = 1 and b = 2) or c = 3)"},
		{"a = 1 or b = 2 and c = 3", "(a = 1 or (b = 2 and c = 3))"},
		{"a = 1 && (b = 2 || c = 3)", "(a = 1 and (b = 2 or c = 3))"},
		{"not a = 1 and b = 2", "(not a = 1 and b = 2)"},
		{"!(a = 1)", "not a = 1"},
		{"NOT NOT a = 1", "not not a = 1"},
		{"x IN (1, 2,3)", "x in (1, 2, 3)"},
		{"x in 10.0.0.0/8", "x in (10.0.0.0/8)"},
		{"x NOT IN ('a', @list.txt)", "x not in ('a', @'list.txt')"},
		{"x in @'my list.txt'", "x in (@'my list.txt')"},
		{"x BETWEEN 1 AND 5 and y = 2", "(x between 1 and 5 and y = 2)"},
		{"x not between 1 and 5", "x not between 1 and 5"},
		{"x LIKE '10.%'", "x like '10.%'"},
		{"x not like '%a_'", "x not like '%a_'"},
		{"x is null or x IS NOT NULL", "(x is null or x is not null)"},
		{"tcp_flags has syn", "tcp_flags has (syn)"},
		{"tcp_flags not has (syn, ack)", "tcp_flags not has (syn, ack)"},
		{`"end" > 5`, "end > 5"},
		{"a <> 'it''s'", "a != 'it''s'"},
		{"a == b", "a = b"},
		// a chain of one operator is one n-ary node; parentheses keep theirs
		{"a < 1 or a <= 1 or a > 1 or a >= 1", "(a < 1 or a <= 1 or a > 1 or a >= 1)"},
		{"a = 1 and b = 2 and c = 3 or d = 4 and e = 5", "((a = 1 and b = 2 and c = 3) or (d = 4 and e = 5))"},
		{"a = 1 or (b = 2 or c = 3) or d = 4", "(a = 1 or (b = 2 or c = 3) or d = 4)"},
		{"x between 1 and 2 and y between 3 and 4 and z = 5", "(x between 1 and 2 and y between 3 and 4 and z = 5)"},
	}
	for _, tc := range tests {
		e, err := parse(tc.src)
		require.Nil(t, err, "parse(%q)", tc.src)
		assert.Equal(t, tc.want, exprString(e), "parse(%q)", tc.src)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"(a = 1", "col 1: unbalanced \"(\"\n  (a = 1\n  ^\nhint: add the missing \")\""},
		{"a = 1)", "col 6: unbalanced \")\"\n  a = 1)\n       ^\nhint: remove it, or add the matching \"(\" before"},
		{"a = 1 b = 2", "col 7: unexpected \"b\" after a complete test\n  a = 1 b = 2\n        ^\nhint: join tests with AND or OR"},
		{"a = 'x", "col 5: unterminated string\n  a = 'x\n      ^\nhint: close it with '; write '' for a quote inside"},
		{"a =", "col 4: filter ends where a value was expected\n  a =\n     ^"},
		{"a = 1 and", "col 10: filter ends where a test was expected\n  a = 1 and\n           ^"},
		{"a = 1 and x", "col 12: expected an operator after \"x\", found end of filter\n  a = 1 and x\n             ^\nhint: compare with =, !=, <, <=, >, >=, IN, BETWEEN, LIKE, IS NULL or HAS"},
		{"= 1", "col 1: expected a field name, found =\n  = 1\n  ^\nhint: a test starts with a field name, as in dstport = 443"},
		{"a = null", "col 5: comparison with NULL is never true\n  a = null\n      ^\nhint: use IS NULL or IS NOT NULL"},
		{"a is 1", "col 6: expected NULL, found \"1\"\n  a is 1\n       ^\nhint: write IS NULL or IS NOT NULL"},
		{"a not = 1", "col 7: expected IN, BETWEEN, LIKE or HAS after NOT, found =\n  a not = 1\n        ^"},
		{"a between 1 or 2", "col 13: expected AND in BETWEEN, found OR\n  a between 1 or 2\n              ^\nhint: write x BETWEEN low AND high"},
		{"a in (1 2)", "col 9: expected \",\" or \")\" in list, found \"2\"\n  a in (1 2)\n          ^\nhint: separate list items with commas"},
		{"a in (1, 2", "col 6: unbalanced \"(\"\n  a in (1, 2\n       ^\nhint: add the missing \")\""},
		{"a = @x", "col 5: @file lists are allowed only after IN\n  a = @x\n      ^"},
		{"a ; b", "col 3: unexpected character \";\"\n  a ; b\n    ^\nhint: quote values that contain special characters"},
		{"x = 1 and\n  y ; 2", "line 2 col 5: unexpected character \";\"\n    y ; 2\n      ^\nhint: quote values that contain special characters"},
		{"é = 1", "col 1: unexpected character \"é\"\n  é = 1\n  ^\nhint: quote values that contain special characters"},
		{"x = 'é' ; y", "col 9: unexpected character \";\"\n  x = 'é' ; y\n          ^\nhint: quote values that contain special characters"},
	}
	for _, tc := range tests {
		_, err := parse(tc.src)
		require.NotNil(t, err, "parse(%q)", tc.src)
		assert.Equal(t, tc.want, err.Error(), "parse(%q)", tc.src)
	}
}

func TestParseNestingLimit(t *testing.T) {
	deep := strings.Repeat("(", maxNesting+1) + "a = 1" + strings.Repeat(")", maxNesting+1)
	_, err := parse(deep)
	require.NotNil(t, err)
	assert.Equal(t, "nesting deeper than 100 levels", err.Msg)
	assert.Equal(t, maxNesting, err.Pos)

	ok := strings.Repeat("(", maxNesting-1) + "a = 1" + strings.Repeat(")", maxNesting-1)
	_, err = parse(ok)
	assert.Nil(t, err)

	_, err = parse(strings.Repeat("not ", 10000) + "a = 1")
	require.NotNil(t, err)
	assert.Equal(t, "nesting deeper than 100 levels", err.Msg)

	// A flat chain is not nesting, however long: it is one n-ary node.
	flat := strings.Repeat("a = 1 or ", 100_000) + "a = 1"
	e, err := parse(flat)
	require.Nil(t, err)
	require.IsType(t, &chainExpr{}, e)
	assert.Len(t, e.(*chainExpr).xs, 100_001)

	// Chains inside parentheses still count one level per parenthesis.
	nested := strings.Repeat("a = 1 or (b = 2 and ", maxNesting) + "a = 1" + strings.Repeat(")", maxNesting)
	_, err = parse(nested)
	require.NotNil(t, err)
	assert.Equal(t, "nesting deeper than 100 levels", err.Msg)
	nested = strings.Repeat("a = 1 or (b = 2 and ", maxNesting-1) + "a = 1" + strings.Repeat(")", maxNesting-1)
	_, err = parse(nested)
	assert.Nil(t, err)
}
