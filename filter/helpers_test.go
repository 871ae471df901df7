package filter

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/require"
)

// Real lines in the VPC default format (FLOWLOGS.md §2 and the AWS
// examples): accepted SSH, rejected RDP, NODATA, SKIPDATA, IPv6.
const (
	lineSSH      = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
	lineRDP      = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	lineNoData   = "2 123456789010 eni-1a2b3c4d - - - - - - - 1431280876 1431280934 - NODATA"
	lineSkip     = "2 123456789010 eni-4821ed2f - - - - - - - 1431280876 1431280934 - SKIPDATA"
	lineV6       = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK"
	lineAthena   = "2 123456789010 eni-0a1b2c3d 10.117.1.22 10.0.1.14 443 49152 6 10 840 1612137600 1612137660 REJECT OK"
	lineHTTPS    = "2 123456789010 eni-0a1b2c3d 172.32.21.19 52.94.76.7 50514 443 6 12 1500 1612137600 1612137660 ACCEPT OK"
	lineUDPOther = "2 123456789010 eni-0a1b2c3d 192.168.5.5 10.200.0.1 5353 53 17 1 80 1612224000 1612224060 ACCEPT OK"
)

// v5Header and v5Lines exercise tcp-flags, type, pkt addresses, strings.
const v5Header = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status flow-direction traffic-path pkt-src-aws-service pkt-dst-aws-service"

var v5Lines = []string{
	"5 vpc-0461a061 subnet-089e7569 i-06c02ed0 eni-0b7a9c4f 123456789012 IPv4 10.0.0.4 52.216.0.1 53102 443 10.0.0.4 52.216.0.1 6 5000 10 1700000000 1700000060 ACCEPT 2 OK egress 8 - S3",
	"5 vpc-0461a061 subnet-089e7569 i-06c02ed0 eni-0b7a9c4f 123456789012 IPv4 52.216.0.1 10.0.0.4 443 53102 52.216.0.1 10.0.0.4 6 9000 12 1700000000 1700000060 ACCEPT 18 OK ingress - S3 -",
	"5 vpc-0461a061 subnet-089e7569 - eni-0c9e8f7d 123456789012 IPv4 10.0.1.9 10.0.0.4 40000 5432 10.20.1.9 10.0.0.4 6 120 2 1700000100 1700000160 REJECT 4 OK ingress - - -",
	"5 vpc-0461a061 subnet-089e7569 i-06c02ed0 eni-0b7a9c4f 123456789012 IPv6 2001:db8::1 2600:1f18::5 0 0 2001:db8::1 2600:1f18::5 58 80 1 1700000200 1700000260 ACCEPT - OK egress 2 - -",
}

// records parses lines (the first may be a header) with flowlog and
// returns clones of every record.
func records(t testing.TB, lines ...string) []*flowlog.Record {
	t.Helper()
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")+"\n"), flowlog.ReaderOptions{})
	var out []*flowlog.Record
	for rd.Scan() {
		require.NoError(t, rd.Err())
		out = append(out, rd.Record().Clone())
	}
	require.NoError(t, rd.Err())
	return out
}

// record parses one default-format line.
func record(t testing.TB, line string) *flowlog.Record {
	t.Helper()
	rs := records(t, line)
	require.Len(t, rs, 1)
	return rs[0]
}

func mustCompile(t testing.TB, src string) *Filter {
	t.Helper()
	f, err := Compile(src, Options{})
	require.NoError(t, err, "Compile(%q)", src)
	return f
}
