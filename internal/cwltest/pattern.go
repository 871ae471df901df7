package cwltest

import "strings"

// pattern is the subset of CloudWatch filter pattern syntax the fake
// knows: terms, bare or in double quotes, all required, or each prefixed
// with '?' and any one enough. A term matches a message that holds it as
// a whole word (not inside a longer run of letters and digits).
type pattern struct {
	terms []string
	any   bool
}

func parsePattern(s string) (*pattern, *apiError) {
	p := &pattern{}
	s = strings.TrimSpace(s)
	for s != "" {
		opt := strings.HasPrefix(s, "?")
		if opt {
			s = s[1:]
		}
		if len(p.terms) > 0 && opt != p.any {
			return nil, invalid("the fake does not mix required and optional terms: %q", s)
		}
		p.any = opt
		term, rest, err := cutTerm(s)
		if err != nil {
			return nil, err
		}
		p.terms = append(p.terms, term)
		s = strings.TrimSpace(rest)
	}
	return p, nil
}

// cutTerm takes one term off s.
func cutTerm(s string) (term, rest string, err *apiError) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || strings.Contains(s[1:end+1], `\`) {
			return "", "", invalid("unterminated or escaped quote in pattern")
		}
		return s[1 : end+1], s[end+2:], nil
	}
	end := strings.IndexAny(s, " \t")
	if end < 0 {
		end = len(s)
	}
	term = s[:end]
	for _, c := range term {
		if !wordChar(byte(c)) && c != '-' && c != '_' && c != '.' {
			return "", "", invalid("the fake knows no pattern syntax %q", term)
		}
	}
	return term, s[end:], nil
}

func (p *pattern) match(msg string) bool {
	if len(p.terms) == 0 {
		return true
	}
	for _, t := range p.terms {
		if hasWord(msg, t) == p.any {
			return p.any
		}
	}
	return !p.any
}

// hasWord reports whether t occurs in msg with no letter or digit
// touching it on either side.
func hasWord(msg, t string) bool {
	for i := 0; ; {
		j := strings.Index(msg[i:], t)
		if j < 0 {
			return false
		}
		lo, hi := i+j, i+j+len(t)
		if (lo == 0 || !wordChar(msg[lo-1])) && (hi == len(msg) || !wordChar(msg[hi])) {
			return true
		}
		i = lo + 1
	}
}

func wordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
