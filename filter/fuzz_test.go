package filter

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
)

var fuzzSeeds = []string{
	"", "true", "not false",
	"srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6",
	"action = 'REJECT' AND protocol = 6", "dstaddr = '10.0.1.14'", "NOT (srcaddr LIKE '10.117.%')",
	"srcaddr IN 10.0.0.0/8", "dstaddr IN (10.0.0.0/8, 192.168.0.0/16, 2001:db8::/32)",
	"addr = 10.0.0.1 or port != 22 and pkt_addr in (10.0.0.0/8, @list)",
	"protocol in (tcp, udp) and tcp_flags has (syn, ack)",
	"start >= '2026-01-15T09:00:00+09:00' and \"end\" < '2026-01-15 10:00'",
	"day >= '2021/02/01' AND day < '2021/02/28'", "log-status = nodata or dstport is null",
	"instance_id like 'i-%_x%' and vpc_id not in ('a', 'b''c')", "srcaddr between 10.0.0.1 and 10.0.0.9",
	"((((a = 1))))", "dstport < 0", "x = 'é' -- c\n or y", "!(a=1)||b<>2&&c==3",
}

func fuzzList(string) ([]byte, error) { return []byte("10.0.0.0/8\n2001:db8::1 # x\n22, 443\n"), nil }

// FuzzCompile checks that Compile never panics, that errors render, and
// that the canonical form compiles to itself and matches the same records.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	recs := records(f, lineSSH, lineRDP, lineNoData, lineV6, lineAthena)
	opts := Options{ReadList: fuzzList}
	f.Fuzz(func(t *testing.T, src string) {
		flt, err := Compile(src, opts)
		if err != nil {
			_ = err.Error()
			return
		}
		canon := flt.String()
		again, err := Compile(canon, opts)
		if err != nil {
			t.Fatalf("Compile(%q) = %q, which does not compile: %v", src, canon, err)
		}
		if s := again.String(); s != canon {
			t.Fatalf("round trip of %q: %q then %q", src, canon, s)
		}
		lit, hasLit := flt.Literal()
		for _, r := range recs {
			if flt.Match(r) != again.Match(r) {
				t.Fatalf("%q and its canonical form %q disagree on %s", src, canon, r)
			}
			if hasLit && flt.Match(r) && !holdsLiteral(string(r.Line()), lit) {
				t.Fatalf("%q matches %s, which lacks its literal %q", src, r.Line(), lit.Text)
			}
		}
	})
}

// holdsLiteral reports whether line has l's bytes, folded as l says.
func holdsLiteral(line string, l flowlog.Literal) bool {
	return strings.Contains(line, l.Text) || l.Fold && strings.Contains(strings.ToLower(line), strings.ToLower(l.Text))
}
