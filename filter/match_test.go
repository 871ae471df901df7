package filter

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const lineJan = "2 123456789010 eni-0a1b2c3d 10.0.7.7 10.0.1.14 33000 80 6 4 300 1610000000 1610000050 ACCEPT OK"

func corpus(t *testing.T) []*flowlog.Record {
	return records(t, lineSSH, lineRDP, lineNoData, lineSkip, lineV6, lineAthena, lineHTTPS, lineUDPOther, lineJan)
}

// TestNullSemantics checks SQL three-valued logic on records with "-"
// fields and on fields absent from the format.
func TestNullSemantics(t *testing.T) {
	nodata := record(t, lineNoData)
	tests := []struct {
		src  string
		want bool
	}{
		{"dstport != 443", false},
		{"dstport = 443", false},
		{"not dstport = 443", false},
		{"not (not dstport = 443)", false},
		{"dstport is null", true},
		{"dstport is not null", false},
		{"not (dstport is not null)", true},
		{"dstport != 443 or log_status = NODATA", true},
		{"not (dstport = 443 and log_status = OK)", true},
		{"not (dstport = 443 or log_status = NODATA)", false},
		{"not (dstport = 443 or log_status = OK)", false},
		{"dstport < 1024 or dstport >= 1024", false},
		{"dstport between 0 and 65535", false},
		{"dstport not between 0 and 1", false},
		{"dstport in (22, 443)", false},
		{"dstport not in (22, 443)", false},
		{"protocol = tcp", false},
		{"action = ACCEPT", false},
		{"action != ACCEPT", false},
		{"action not in (ACCEPT)", false},
		{"action is null", true},
		{"srcaddr not like '10.%'", false},
		{"srcaddr not like '%'", false},
		{"srcaddr not in 10.0.0.0/8", false},
		{"srcaddr != 10.0.0.1", false},
		{"addr = 10.0.0.1", false},
		{"addr != 10.0.0.1", false},
		{"addr is null", true},
		{"port != 22", false},
		{"start >= 1431280000 and \"end\" <= 1431280934", true},
		{"interface_id = 'eni-1a2b3c4d'", true},
		{"interface_id != 'eni-1a2b3c4d'", false},
		// fields absent from the default format are null
		{"vpc_id = 'vpc-1'", false},
		{"vpc_id != 'vpc-1'", false},
		{"vpc_id is null", true},
		{"tcp_flags not has syn", false},
		{"tcp_flags is null", true},
		{"pkt_addr != 10.0.0.1", false},
		{"true", true},
		{"false", false},
	}
	for _, tc := range tests {
		f := mustCompile(t, tc.src)
		assert.Equal(t, tc.want, f.Match(nodata), "%q (compiled %q) on NODATA", tc.src, f.String())
	}
}

// TestMatch checks each feature against real records.
func TestMatch(t *testing.T) {
	recs := records(t, append([]string{v5Header}, v5Lines...)...)
	def := corpus(t)
	tests := []struct {
		src  string
		recs []*flowlog.Record
		want []int // indexes of matching records
	}{
		{"tcp_flags has syn", recs, []int{0, 1}},
		{"tcp_flags has (syn, ack)", recs, []int{1}},
		{"tcp_flags = syn-ack", recs, []int{1}},
		{"tcp_flags not has syn", recs, []int{2}},
		{"tcp_flags has rst or tcp_flags = 0", recs, []int{2}},
		{"type = ipv6", recs, []int{3}},
		{"protocol = icmpv6", recs, []int{3}},
		{"flow_direction = egress and traffic_path = 8", recs, []int{0}},
		{"traffic_path is null", recs, []int{1, 2}},
		{"pkt_dst_aws_service = 'S3' or pkt-src-aws-service = S3", recs, []int{0, 1}},
		{"pkt_addr in 10.20.0.0/16", recs, []int{2}},
		{"instance_id is null", recs, []int{2}},
		{"instance_id like 'i-06%'", recs, []int{0, 1, 3}},
		{"subnet_id like '%7569' and vpc_id = vpc-0461a061", recs, []int{0, 1, 2, 3}},
		{"addr in 2001:db8::/32", recs, []int{3}},
		{"srcaddr like '2001:db8::_'", recs, []int{3}},
		{"bytes > 1000 and packets >= 10", recs, []int{0, 1}},
		// default format corpus
		{"addr = 172.31.16.21", def, []int{0}},
		{"port = 22", def, []int{0, 4}},
		{"port != 22", def, []int{1, 5, 6, 7, 8}},
		{"port in (443, 53)", def, []int{5, 6, 7}},
		{"dstaddr in (10.0.0.0/8, 192.168.0.0/16, 2001:db8::/32)", def, []int{4, 5, 7, 8}},
		{"srcaddr in 172.16.0.0/12", def, []int{0, 1}},
		{"srcaddr between 172.31.9.0 and 172.31.16.139", def, []int{1, 0}},
		{"srcaddr not between 172.31.9.0 and 172.31.16.139", def, []int{4, 5, 6, 7, 8}},
		{"action = reject", def, []int{1, 5}},
		{"action like 'ACC%'", def, []int{0, 4, 6, 7, 8}},
		{"log_status in (nodata, skipdata)", def, []int{2, 3}},
		{"log_status != OK", def, []int{2, 3}},
		{"protocol = udp", def, []int{7}},
		{"interface_id like 'eni-1235%'", def, []int{0, 1, 4}},
		{"interface_id like '%-4821ed2f'", def, []int{3}},
		{"interface_id like '%2b3c%'", def, []int{2}},
		{"interface_id not like 'eni-_a%'", def, []int{0, 1, 3, 4}},
		{"account_id = 123456789010 and start < 1431280877", def, []int{0, 1, 2, 3}},
		{"start >= '2016-10-31' and start < '2016-10-31T00:00:00-12:00'", def, []int{4}},
		{"start >= '2016-10-31' and start < '2016-10-31T11:35:08Z'", def, nil},
		{"start between 1612137600 and 1612224000", def, []int{5, 6, 7}},
		{"day = 2021-02-01", def, []int{5, 6}},
		{"day in ('2021/01/07', '2021/02/02')", def, []int{7, 8}},
		{"day not in ('2021/01/07', '2021/02/02') and day > 2020-12-31", def, []int{5, 6}},
		{"bytes = 4249 and not addr in 172.31.16.0/24", def, []int{1}},
	}
	for _, tc := range tests {
		f, err := Compile(tc.src, Options{})
		require.NoError(t, err, "Compile(%q)", tc.src)
		var got []int
		for i, r := range tc.recs {
			if f.Match(r) {
				got = append(got, i)
			}
		}
		assert.ElementsMatch(t, tc.want, got, "%q (compiled %q)", tc.src, f.String())
	}
}

// athena implements the §9.5 queries by hand on the raw text, as an
// independent reference: Athena compares strings and bigints, and day is
// the UTC date of the S3 partition (the date of end).
func athenaDay(r *flowlog.Record) string {
	end, _ := strconv.ParseInt(string(r.Raw(flowlog.End)), 10, 64)
	return time.Unix(end, 0).UTC().Format("2006/01/02")
}

func raw(r *flowlog.Record, f flowlog.Field) string { return string(r.Raw(f)) }

// TestAthenaQueries runs the pure WHERE clauses of AWS's Athena examples
// (FLOWLOGS.md §9.5) exactly as written, and Q9 rewritten with LIKE.
func TestAthenaQueries(t *testing.T) {
	tests := []struct {
		name  string
		where string
		ref   func(r *flowlog.Record) bool
	}{
		{"Q2", "action = 'REJECT' AND protocol = 6", func(r *flowlog.Record) bool {
			return raw(r, flowlog.Action) == "REJECT" && raw(r, flowlog.Protocol) == "6"
		}},
		{"Q7", "srcaddr = '10.117.1.22'\n  AND day >= '2021/02/01'\n  AND day < '2021/02/28'", func(r *flowlog.Record) bool {
			d := athenaDay(r)
			return raw(r, flowlog.SrcAddr) == "10.117.1.22" && d >= "2021/02/01" && d < "2021/02/28"
		}},
		{"Q8", "action = 'REJECT' AND protocol = 6 AND day >= '2021/02/01' AND day < '2021/02/28'", func(r *flowlog.Record) bool {
			d := athenaDay(r)
			return raw(r, flowlog.Action) == "REJECT" && raw(r, flowlog.Protocol) == "6" && d >= "2021/02/01" && d < "2021/02/28"
		}},
		{"Q9", "srcaddr LIKE '10.117.%'", func(r *flowlog.Record) bool {
			parts := strings.Split(raw(r, flowlog.SrcAddr), ".")
			return len(parts) > 1 && parts[0] == "10" && parts[1] == "117"
		}},
		{"Q10", "dstaddr = '10.0.1.14'\n  AND day >= '2021/01/01'\n  AND day < '2021/01/31'", func(r *flowlog.Record) bool {
			d := athenaDay(r)
			return raw(r, flowlog.DstAddr) == "10.0.1.14" && d >= "2021/01/01" && d < "2021/01/31"
		}},
		// The seed queries of the issue.
		{"seed1", "srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6", func(r *flowlog.Record) bool {
			return raw(r, flowlog.SrcAddr) == "172.32.21.19" && raw(r, flowlog.DstPort) == "443" && raw(r, flowlog.Protocol) == "6"
		}},
		{"seed3", "dstaddr = '10.0.1.14'", func(r *flowlog.Record) bool { return raw(r, flowlog.DstAddr) == "10.0.1.14" }},
		{"seed4", "NOT (srcaddr LIKE '10.117.%')", func(r *flowlog.Record) bool {
			s := raw(r, flowlog.SrcAddr)
			return s != "-" && !strings.HasPrefix(s, "10.117.")
		}},
	}
	recs := corpus(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustCompile(t, tc.where)
			n := 0
			for _, r := range recs {
				want := tc.ref(r)
				assert.Equal(t, want, f.Match(r), "%s on %s", tc.where, r)
				if want {
					n++
				}
			}
			assert.Positive(t, n, "the corpus must exercise %s", tc.name)
		})
	}
}

// TestMatchAllocs proves Match allocates nothing, for every kind of test.
func TestMatchAllocs(t *testing.T) {
	list := func(string) ([]byte, error) { return []byte("203.0.113.0/24\n10.0.0.0/8\n2001:db8::/32\n"), nil }
	recs := append(corpus(t), records(t, append([]string{v5Header}, v5Lines...)...)...)
	for _, src := range []string{
		"srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6",
		"addr in @list or port in (1, 2, 3) or action = REJECT",
		"interface_id like '%2b3c%' or vpc_id in ('a', 'b') or instance_id = 'i-1' or srcaddr like '%:%'",
		"srcaddr like '10.117.%' and tcp_flags has syn and day >= 2021-01-01 and subnet_id is not null",
	} {
		f, err := Compile(src, Options{ReadList: list})
		require.NoError(t, err)
		allocs := testing.AllocsPerRun(100, func() {
			for _, r := range recs {
				f.Match(r)
			}
		})
		assert.Zero(t, allocs, "allocations per run of %q", src)
	}
}

func TestMatchConcurrent(t *testing.T) {
	f := mustCompile(t, "addr in (10.0.0.0/8, 172.16.0.0/12) and action = ACCEPT")
	recs := corpus(t)
	want := 0
	for _, r := range recs {
		if f.Match(r) {
			want++
		}
	}
	require.Positive(t, want)
	done := make(chan int)
	for range 4 {
		mine := corpus(t) // a Record belongs to one goroutine; the Filter is shared
		go func() {
			n := 0
			for range 100 {
				for _, r := range mine {
					if f.Match(r) {
						n++
					}
				}
			}
			done <- n
		}()
	}
	for range 4 {
		assert.Equal(t, 100*want, <-done)
	}
}

func TestNilFilter(t *testing.T) {
	var f *Filter
	assert.True(t, f.Match(record(t, lineSSH)))
	assert.Equal(t, "true", f.String())
	_, _, ok := f.Range(flowlog.Start)
	assert.False(t, ok)
}

func TestFields(t *testing.T) {
	f := mustCompile(t, "addr = 10.0.0.1 and (action = REJECT or day = 2021-01-01) and vpc_id is null")
	assert.Equal(t, []flowlog.Field{flowlog.SrcAddr, flowlog.DstAddr, flowlog.End, flowlog.Action, flowlog.VPCID}, f.Fields().Fields())
	assert.True(t, mustCompile(t, "").Fields().IsEmpty())
}
