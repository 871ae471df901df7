package filter

import "strings"

// tokKind is the lexical class of a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // bare word: field name, number, address, enum value, date
	tString         // quoted text; token.quote tells which quote
	tLParen
	tRParen
	tComma
	tAt // @ before a list file name
	tEq // = or ==
	tNe // != or <>
	tLt
	tLe
	tGt
	tGe
	tNot // NOT or !
	tAnd // AND or &&
	tOr  // OR or ||
	tIn
	tBetween
	tLike
	tIs
	tNull
	tTrue
	tFalse
	tHas
	tIllegal
)

var tokNames = [...]string{
	tEOF: "end of filter", tWord: "word", tString: "string", tLParen: "(", tRParen: ")",
	tComma: ",", tAt: "@", tEq: "=", tNe: "!=", tLt: "<", tLe: "<=", tGt: ">", tGe: ">=",
	tNot: "not", tAnd: "and", tOr: "or", tIn: "in", tBetween: "between", tLike: "like",
	tIs: "is", tNull: "null", tTrue: "true", tFalse: "false", tHas: "has", tIllegal: "illegal character",
}

func (k tokKind) String() string { return tokNames[k] }

// keywords maps lower-case keywords to their kinds; read-only.
var keywords = map[string]tokKind{
	"and": tAnd, "or": tOr, "not": tNot, "in": tIn, "between": tBetween, "like": tLike,
	"is": tIs, "null": tNull, "true": tTrue, "false": tFalse, "has": tHas,
}

// token is one lexical item. pos and end are byte offsets into the source;
// text is the word or the unquoted string.
type token struct {
	kind  tokKind
	pos   int
	end   int
	text  string
	quote byte // '\'' or '"' for tString
}

// describe names the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tWord:
		return "\"" + t.text + "\""
	case tString:
		return string(t.quote) + t.text + string(t.quote)
	case tEOF:
		return "end of filter"
	}
	return strings.ToUpper(t.kind.String())
}
