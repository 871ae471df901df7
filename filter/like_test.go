package filter

import (
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
)

// likeRegexp is the reference: LIKE translated to an anchored regexp.
func likeRegexp(pat string) *regexp.Regexp {
	var sb strings.Builder
	sb.WriteString(`^(?s:`)
	for _, r := range pat {
		switch r {
		case '%':
			sb.WriteString(".*")
		case '_':
			sb.WriteString(".")
		default:
			sb.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	sb.WriteString(`)$`)
	return regexp.MustCompile(sb.String())
}

func TestLike(t *testing.T) {
	pats := []string{"", "%", "%%", "_", "a", "a%", "%a", "%a%", "a%b", "a_c", "%a_c%", "_%_", "a%%b", "%ab%ab%", "10.117.%", "%.%.%", "é_", "%é%", "%%x", "x%%"}
	subjects := []string{"", "a", "b", "ab", "abc", "ac", "aXc", "abab", "xabab", "ababx", "10.117.1.22", "10.1170.1.1", "é", "éx", "xé", "x", "xx", "aab", "abb"}
	for _, p := range pats {
		re := likeRegexp(p)
		lp := compileLike(p)
		for _, s := range subjects {
			assert.Equal(t, re.MatchString(s), lp.match([]byte(s)), "%q LIKE %q (kind %d)", s, p, lp.kind)
		}
	}
}

func TestOctetPrefix(t *testing.T) {
	tests := []struct {
		pat  string
		want string // "" = not a whole-octet pattern
	}{
		{"10.%", "10.0.0.0/8"},
		{"10.117.%", "10.117.0.0/16"},
		{"192.168.1.%", "192.168.1.0/24"},
		{"10.1%", ""},
		{"10.%.1", ""},
		{"1.2.3.4.%", ""},
		{"010.%", ""},
		{"256.%", ""},
		{"%", ""},
		{".%", ""},
		{"10..%", ""},
		{"2001:db8::%", ""},
	}
	for _, tc := range tests {
		p, ok := octetPrefix(tc.pat)
		if tc.want == "" {
			assert.False(t, ok, tc.pat)
			continue
		}
		assert.True(t, ok, tc.pat)
		assert.Equal(t, netip.MustParsePrefix(tc.want), p, tc.pat)
	}
}

// TestAddrLikeFastPath checks that the CIDR form of a whole-octet LIKE
// agrees with matching the text.
const fastField = flowlog.SrcAddr

func TestAddrLikeFastPath(t *testing.T) {
	recs := append(corpus(t), records(t, append([]string{v5Header}, v5Lines...)...)...)
	for _, pat := range []string{"10.%", "10.117.%", "172.31.16.%", "172.%", "52.%"} {
		fast := mustCompile(t, "srcaddr like '"+pat+"'")
		slow := likePattern{src: pat, kind: likeGeneral}
		n := 0
		for _, r := range recs {
			want := !r.IsNull(fastField) && slow.match(r.Raw(fastField))
			assert.Equal(t, want, fast.Match(r), "%s on %s", pat, r)
			if want {
				n++
			}
		}
		assert.Positive(t, n, pat)
	}
}
