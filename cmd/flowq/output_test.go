package main

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

const v5Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"
const v5Line = "5 123456789010 eni-0a1b2c3d4e5f67890 10.0.1.25 52.94.76.10 49152 443 6 42 18734 1700000000 1700000060 ACCEPT OK vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f67890 19 IPv4 10.0.1.25 52.94.76.10 us-east-1 use1-az4 - - - S3 egress 2"

// TestWritersAllocateNothing checks the last stage of the hot path: once
// warmed up, printing a record allocates nothing in any output mode.
func TestWritersAllocateNothing(t *testing.T) {
	rd := flowlog.NewReader(strings.NewReader(v5Header+"\n"+v5Line+"\n"), flowlog.ReaderOptions{})
	require.True(t, rd.Scan())
	require.NoError(t, rd.Err())
	m := scan.Match{Record: rd.Record(), Source: "s3://bucket/prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/01/15/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20260115T1320Z_0a1b2c3d.log.gz", Line: 2}
	w := bufio.NewWriter(io.Discard)
	tz, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	extra, err := fieldColumns([]string{"tcp_flags", "flow_direction"})
	require.NoError(t, err)
	writers := map[string]recordWriter{
		"raw":   &rawWriter{w: w, withSource: true},
		"json":  &jsonWriter{w: w, withSource: true, formatCols: map[*flowlog.Format][]column{}},
		"csv":   &csvWriter{w: w, cols: columnsOf(flowlog.DefaultFormat()), withSource: true},
		"table": newTableWriter(w, append(tableColumns(tz), extra...), tz, true),
	}
	for name, rw := range writers {
		t.Run(name, func(t *testing.T) {
			for range tableHoldRows + 1 { // past the table's sizing rows
				require.NoError(t, rw.write(m))
			}
			allocs := testing.AllocsPerRun(1000, func() {
				if err := rw.write(m); err != nil {
					t.Fatal(err)
				}
			})
			assert.Equal(t, 0.0, allocs)
		})
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"tab\there", `"tab\u0009here"`},
		{"café", `"café"`},
		{"bad\xffbyte", `"bad\ufffdbyte"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendJSONString(nil, tt.in)))
	}
}

func TestAppendCSVField(t *testing.T) {
	assert.Equal(t, "plain", string(appendCSVField(nil, "plain")))
	assert.Equal(t, `"a,b"`, string(appendCSVField(nil, []byte("a,b"))))
	assert.Equal(t, `"say ""hi"""`, string(appendCSVField(nil, []byte(`say "hi"`))))
}

func TestParseWhen(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-01-15", time.Date(2026, 1, 14, 15, 0, 0, 0, time.UTC)},
		{"2026-01-15 09:30", time.Date(2026, 1, 15, 0, 30, 0, 0, time.UTC)},
		{"2026-01-15T09:30:15", time.Date(2026, 1, 15, 0, 30, 15, 0, time.UTC)},
		{"2026-01-15T09:30:00Z", time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)},
		{"2026-01-15T09:30:00+09:00", time.Date(2026, 1, 15, 0, 30, 0, 0, time.UTC)},
		{"1768435200", time.Unix(1768435200, 0)},
		{"2h", now.Add(-2 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
	}
	for _, tt := range tests {
		got, err := parseWhen(tt.in, tokyo, now)
		require.NoError(t, err, tt.in)
		assert.True(t, tt.want.Equal(got), "%s: want %v, got %v", tt.in, tt.want, got)
	}
	for _, bad := range []string{"", "yesterday", "2026-13-01", "-2h", "12"} {
		_, err := parseWhen(bad, tokyo, now)
		assert.Error(t, err, bad)
	}
}

func TestThousandsAndBytes(t *testing.T) {
	assert.Equal(t, "0", thousands(0))
	assert.Equal(t, "999", thousands(999))
	assert.Equal(t, "1,000", thousands(1000))
	assert.Equal(t, "12,345,678", thousands(12345678))
	assert.Equal(t, "512 B", humanBytes(512))
	assert.Equal(t, "1.5 kB", humanBytes(1500))
	assert.Equal(t, "2.0 GB", humanBytes(2e9))
}
