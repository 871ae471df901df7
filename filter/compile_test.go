package filter

import (
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompileString asserts the simplified, canonical form of filters:
// NOT pushed into the leaves, AND/OR flattened, constants folded,
// duplicates dropped, cheap tests first, literals resolved.
func TestCompileString(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "true"},
		{"true", "true"},
		{"not true", "false"},
		{"srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6", "dstport = 443 and protocol = 6 and srcaddr = 172.32.21.19"},
		{"action = 'REJECT' AND protocol = 6", "action = REJECT and protocol = 6"},
		{"dstaddr = '10.0.1.14'", "dstaddr = 10.0.1.14"},
		{"NOT (srcaddr LIKE '10.117.%')", "srcaddr not like '10.117.%'"},
		// flattening and constant folding
		{"dstport = 1 and (dstport = 2 and (dstport = 3))", "dstport = 1 and dstport = 2 and dstport = 3"},
		{"dstport = 1 or (dstport = 2 or dstport = 3)", "dstport = 1 or dstport = 2 or dstport = 3"},
		{"dstport = 1 and true", "dstport = 1"},
		{"dstport = 1 and false", "false"},
		{"dstport = 1 or true", "true"},
		{"dstport = 1 or false", "dstport = 1"},
		{"not (dstport = 1 and false)", "true"},
		{"dstport = 1 and dstport = 1", "dstport = 1"},
		// cheap tests first: IS NULL, integers, addresses, text, sets, LIKE
		{"account_id like '12%' and vpc_id = 'vpc-1' and srcaddr = 10.0.0.1 and dstport = 22 and action is not null",
			"action is not null and dstport = 22 and srcaddr = 10.0.0.1 and vpc_id = 'vpc-1' and account_id like '12%'"},
		// NOT pushed down (De Morgan) with the SQL negation of each test
		{"not (dstport = 443 or action = reject)", "dstport != 443 and action != REJECT"},
		{"not (dstport < 1024)", "dstport >= 1024"},
		{"not dstport >= 1024", "dstport <= 1023"},
		{"!(dstport > 1023)", "dstport <= 1023"},
		{"not dstport <= 1023", "dstport >= 1024"},
		{"dstport < 1024", "dstport <= 1023"},
		{"not dstport between 1 and 5", "dstport not between 1 and 5"},
		{"not dstport not between 1 and 5", "dstport between 1 and 5"},
		{"not dstport in (1, 2)", "dstport not in (1, 2)"},
		{"not dstport is null", "dstport is not null"},
		{"not srcaddr in 10.0.0.0/8", "srcaddr not in 10.0.0.0/8"},
		{"not tcp_flags has syn", "tcp_flags not has syn"},
		{"not not dstport = 1", "dstport = 1"},
		// either-side names
		{"addr = 10.0.0.1", "srcaddr = 10.0.0.1 or dstaddr = 10.0.0.1"},
		{"addr != 10.0.0.1", "srcaddr != 10.0.0.1 and dstaddr != 10.0.0.1"},
		{"port in (22, 3389)", "srcport in (22, 3389) or dstport in (22, 3389)"},
		{"not port = 22", "srcport != 22 and dstport != 22"},
		{"pkt_addr in 10.0.0.0/8", "pkt_srcaddr in 10.0.0.0/8 or pkt_dstaddr in 10.0.0.0/8"},
		{"addr is null", "srcaddr is null or dstaddr is null"},
		// literals
		{"protocol = tcp", "protocol = 6"},
		{"protocol in (TCP, udp, icmpv6)", "protocol in (6, 17, 58)"},
		{"tcp_flags has syn", "tcp_flags has syn"},
		{"tcp_flags has (syn, ack)", "tcp_flags has (syn, ack)"},
		{"tcp_flags = syn-ack", "tcp_flags = 18"},
		{"action = reject", "action = REJECT"},
		{"log-status in (ok, NoData)", "log_status in (OK, NODATA)"},
		{"type = ipv6", "type = IPv6"},
		{"action like 'REJ%'", "action = REJECT"},
		{"action like 'X%'", "false"},
		{"action not like 'X%'", "action is not null"},
		{"action not like 'A%'", "action != ACCEPT"},
		{"srcaddr = 10.0.0.0/8", "srcaddr in 10.0.0.0/8"},
		{"srcaddr in 10.1.2.3/8", "srcaddr in 10.0.0.0/8"},
		{"srcaddr in (10.0.0.1)", "srcaddr = 10.0.0.1"},
		{"dstaddr IN (10.0.0.0/8, 192.168.0.0/16, 2001:db8::/32)", "dstaddr in (10.0.0.0/8, 192.168.0.0/16, 2001:db8::/32)"},
		{"srcaddr in ('10.0.0.1', 2001:DB8::1)", "srcaddr in (10.0.0.1, 2001:db8::1)"},
		{"srcaddr between 10.0.0.1 and 10.0.0.9", "srcaddr between 10.0.0.1 and 10.0.0.9"},
		{"srcaddr like '10.1%'", "srcaddr like '10.1%'"},
		{"vpc_id in ('vpc-2', vpc-1, 'vpc-2')", "vpc_id in ('vpc-1', 'vpc-2')"},
		{"region = us-east-1", "region = 'us-east-1'"},
		{"instance_id = 'it''s'", "instance_id = 'it''s'"},
		// times: RFC 3339 UTC, half-open windows stay half-open
		{"start >= '2026-01-15T09:00:00+09:00'", "start >= '2026-01-15T00:00:00Z'"},
		{"start >= 2026-01-15 and \"end\" < '2026-01-16 00:00'", "start >= '2026-01-15T00:00:00Z' and \"end\" < '2026-01-16T00:00:00Z'"},
		{"start > 1418530010", "start >= '2014-12-14T04:06:51Z'"},
		{"start = 1418530010000", "start = '2014-12-14T04:06:50Z'"},
		{"end between '2026-01-15' and '2026-01-15 23:59:59'", "\"end\" between '2026-01-15T00:00:00Z' and '2026-01-15T23:59:59Z'"},
		{"not start < '2026-01-15'", "start >= '2026-01-15T00:00:00Z'"},
		{"not start >= '2026-01-15'", "start < '2026-01-15T00:00:00Z'"},
		// day: the UTC date of end, as the S3 partitions
		{"day >= '2021/02/01' AND day < '2021/02/28'", "\"end\" >= '2021-02-01T00:00:00Z' and \"end\" < '2021-02-28T00:00:00Z'"},
		{"day = 2021-02-01", "\"end\" between '2021-02-01T00:00:00Z' and '2021-02-01T23:59:59Z'"},
		{"date > 2021-02-01", "\"end\" >= '2021-02-02T00:00:00Z'"},
		{"day <= 2021-02-01", "\"end\" < '2021-02-02T00:00:00Z'"},
		{"day in (2021-02-01, 2021-02-03)", "\"end\" between '2021-02-01T00:00:00Z' and '2021-02-01T23:59:59Z' or \"end\" between '2021-02-03T00:00:00Z' and '2021-02-03T23:59:59Z'"},
		// negative bounds print so that they read back
		{"dstport < 0", "dstport < 0"},
		{"not dstport < 0", "dstport >= 0"},
		{"dstport between 5 and 1", "dstport between 5 and 1"},
	}
	for _, tc := range tests {
		if tc.want == "" {
			continue
		}
		f, err := Compile(tc.src, Options{})
		require.NoError(t, err, "Compile(%q)", tc.src)
		assert.Equal(t, tc.want, f.String(), "Compile(%q)", tc.src)
		// Round trip: the canonical form compiles to itself.
		g, err := Compile(f.String(), Options{})
		require.NoError(t, err, "Compile(%q) of String of %q", f.String(), tc.src)
		assert.Equal(t, f.String(), g.String(), "round trip of %q", tc.src)
	}
}

func TestCompileLocation(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		tokyo = time.FixedZone("JST", 9*3600)
	}
	f, err := Compile("start >= '2026-01-15 09:00' and start < 2026-01-16", Options{Location: tokyo})
	require.NoError(t, err)
	assert.Equal(t, "start >= '2026-01-15T00:00:00Z' and start < '2026-01-15T15:00:00Z'", f.String())
	// Offsets and Unix seconds ignore the location; day is always UTC.
	f, err = Compile("start >= '2026-01-15T09:00:00Z' and end > 1700000000 and day = 2026-01-15", Options{Location: tokyo})
	require.NoError(t, err)
	assert.Equal(t, "start >= '2026-01-15T09:00:00Z' and \"end\" >= '2023-11-14T22:13:21Z' and \"end\" between '2026-01-15T00:00:00Z' and '2026-01-15T23:59:59Z'", f.String())
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"dstadr = 1.2.3.4", "col 1: unknown field \"dstadr\"\n  dstadr = 1.2.3.4\n  ^\nhint: did you mean dstaddr?"},
		{"log-stats = OK", "col 1: unknown field \"log-stats\"\n  log-stats = OK\n  ^\nhint: did you mean log-status?"},
		{"xyzzy = 1", "col 1: unknown field \"xyzzy\"\n  xyzzy = 1\n  ^"},
		{"443 = dstport", "col 1: expected a field name, found \"443\"\n  443 = dstport\n  ^\nhint: write the field first, as in dstport = 443"},
		{"srcaddr = 443", "col 11: type mismatch: srcaddr is an address, 443 is not\n  srcaddr = 443\n            ^\nhint: ports are in srcport and dstport (or port for either)"},
		{"dstport = 10.0.0.1", "col 11: type mismatch: dstport is an integer, \"10.0.0.1\" is not\n  dstport = 10.0.0.1\n            ^\nhint: addresses are in srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr (or addr for either)"},
		{"dstport = 70000", "col 11: dstport is at most 65535, not 70000\n  dstport = 70000\n            ^"},
		{"action = REJCT", "col 10: invalid action \"REJCT\"\n  action = REJCT\n           ^\nhint: action is ACCEPT or REJECT"},
		{"log_status in (OK, NOPE)", "col 20: invalid log_status \"NOPE\"\n  log_status in (OK, NOPE)\n                     ^\nhint: log_status is OK, NODATA or SKIPDATA"},
		{"action < REJECT", "col 1: < is not defined for enum field action\n  action < REJECT\n  ^\nhint: action is ACCEPT or REJECT; compare with = or IN"},
		{"srcaddr = 10.0.0.256", "col 11: invalid address \"10.0.0.256\"\n  srcaddr = 10.0.0.256\n            ^\nhint: write an IPv4 or IPv6 address (10.0.0.1, 2001:db8::1) or a CIDR (10.0.0.0/8)"},
		{"srcaddr in (10.0.0.0/8, 10.0.0.0/33)", "col 25: invalid address \"10.0.0.0/33\"\n  srcaddr in (10.0.0.0/8, 10.0.0.0/33)\n                          ^\nhint: write an IPv4 or IPv6 address (10.0.0.1, 2001:db8::1) or a CIDR (10.0.0.0/8)"},
		{"srcaddr > 10.0.0.1", "col 1: > is not defined for address field srcaddr\n  srcaddr > 10.0.0.1\n  ^\nhint: test addresses with =, !=, IN (CIDRs, lists, @file), BETWEEN or LIKE"},
		{"protocol = tcpp", "col 12: type mismatch: protocol is an integer, \"tcpp\" is not\n  protocol = tcpp\n             ^\nhint: write a number or a name: tcp, udp, icmp, icmpv6, gre, esp, ..."},
		{"tcp_flags has sin", "col 15: type mismatch: tcp_flags is an integer, \"sin\" is not\n  tcp_flags has sin\n                ^\nhint: write a number or a flag: fin, syn, rst, psh, ack, urg, syn-ack"},
		{"start >= 'yesterday'", "col 10: invalid time \"yesterday\"\n  start >= 'yesterday'\n           ^\nhint: write a time as Unix seconds, 2026-01-15, '2026-01-15 09:00[:00]' (zone UTC) or 2026-01-15T09:00:00+09:00"},
		{"start >= '2026-01-15T09:00:00.5Z'", "col 10: invalid time \"2026-01-15T09:00:00.5Z\"\n  start >= '2026-01-15T09:00:00.5Z'\n           ^\nhint: write a time as Unix seconds, 2026-01-15, '2026-01-15 09:00[:00]' (zone UTC) or 2026-01-15T09:00:00+09:00"},
		{"day >= 'Feb 1'", "col 8: invalid date \"Feb 1\"\n  day >= 'Feb 1'\n         ^\nhint: write a date as 2021-02-01 or 2021/02/01"},
		{"dstport like '44%'", "col 1: LIKE is not defined for integer field dstport\n  dstport like '44%'\n  ^\nhint: LIKE works on text and address fields"},
		{"vpc_id < 'vpc-1'", "col 1: < is not defined for text field vpc_id\n  vpc_id < 'vpc-1'\n  ^\nhint: compare text with =, !=, IN or LIKE"},
		{"srcaddr between 10.0.0.1 and 2001:db8::1", "col 30: BETWEEN mixes IPv4 and IPv6\n  srcaddr between 10.0.0.1 and 2001:db8::1\n                               ^"},
		{"srcaddr in @missing.txt", "col 13: cannot read list file: open missing.txt: file does not exist\n  srcaddr in @missing.txt\n              ^"},
		{"srcaddr in @bad.txt", "col 13: list file bad.txt line 3: invalid address \"10.0.0.300\"\n  srcaddr in @bad.txt\n              ^\nhint: write an IPv4 or IPv6 address (10.0.0.1, 2001:db8::1) or a CIDR (10.0.0.0/8)"},
		{"srcaddr in @empty.txt", "col 13: list file empty.txt has no entries\n  srcaddr in @empty.txt\n              ^"},
		{"action has 1", "col 1: HAS is not defined for enum field action\n  action has 1\n  ^\nhint: HAS tests bits of tcp_flags, as in tcp_flags HAS syn"},
	}
	files := map[string]string{
		"bad.txt":   "# threat list\n10.0.0.1\n10.0.0.300\n",
		"empty.txt": "# nothing\n\n",
	}
	opts := Options{ReadList: func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}}
	for _, tc := range tests {
		_, err := Compile(tc.src, opts)
		require.Error(t, err, "Compile(%q)", tc.src)
		var e *Error
		require.True(t, errors.As(err, &e), "Compile(%q) error type %T", tc.src, err)
		assert.Equal(t, tc.src, e.Src)
		assert.Equal(t, tc.want, err.Error(), "Compile(%q)", tc.src)
	}
}

func TestCompileListFile(t *testing.T) {
	list := "# threat intel\n203.0.113.0/24, 198.51.100.7\n\n2001:db8:bad::/48 # v6\n"
	reads := 0
	opts := Options{ReadList: func(name string) ([]byte, error) {
		reads++
		require.Equal(t, "intel.txt", name)
		return []byte(list), nil
	}}
	f, err := Compile("addr in @intel.txt", opts)
	require.NoError(t, err)
	assert.Equal(t, 1, reads, "the file is read once for both sides")
	assert.Equal(t, "srcaddr in (@'intel.txt') or dstaddr in (@'intel.txt')", f.String())
	g, err := Compile(f.String(), opts)
	require.NoError(t, err)
	assert.Equal(t, f.String(), g.String())

	f, err = Compile("srcaddr not in (10.0.0.0/8, @intel.txt)", opts)
	require.NoError(t, err)
	assert.Equal(t, "srcaddr not in (10.0.0.0/8, @'intel.txt')", f.String())
	for _, tc := range []struct {
		addr string
		want bool
	}{{"203.0.113.9", false}, {"198.51.100.7", false}, {"198.51.100.8", true}, {"10.9.9.9", false}, {"2001:db8:bad::1", false}, {"2001:db8:bad0::1", true}} {
		line := "2 1 eni-1 " + tc.addr + " 10.0.0.1 1 2 6 1 1 1 2 ACCEPT OK"
		assert.Equal(t, tc.want, f.Match(record(t, line)), "%s on %s", f, tc.addr)
	}

	// Ports and strings come from files too.
	opts.ReadList = func(string) ([]byte, error) { return []byte("22\n3389\n"), nil }
	f, err = Compile("dstport in @ports", opts)
	require.NoError(t, err)
	assert.Equal(t, "dstport in (22, 3389)", f.String())
}
