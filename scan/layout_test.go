package scan

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseFileName(t *testing.T) {
	stamp := time.Date(2018, 6, 20, 16, 20, 0, 0, time.UTC)
	tests := []struct {
		name string
		want FileInfo
		ok   bool
	}{
		{"123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz",
			FileInfo{Account: "123456789012", Region: "us-east-1", FlowLogID: "fl-1234abcd", Stamp: stamp}, true},
		{"AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz",
			FileInfo{Account: "123456789012", Region: "us-east-1", FlowLogID: "fl-1234abcd", Stamp: stamp}, true},
		{"123456789012_vpcflowlogs_ap-northeast-1_fl-0123456789abcdef0_20180620T1620Z_fe123456.log.parquet",
			FileInfo{Account: "123456789012", Region: "ap-northeast-1", FlowLogID: "fl-0123456789abcdef0", Stamp: stamp, Parquet: true}, true},
		{"123456789012_CloudTrail_us-east-1_20180620T1620Z_abc.json.gz", FileInfo{}, false},
		{"123456789012_vpcflowlogs_us-east-1_fl-1234abcd_2018062T1620Z_fe123456.log.gz", FileInfo{}, false},
		{"12345678901_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz", FileInfo{}, false},
		{"notes.txt", FileInfo{}, false},
		{"", FileInfo{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseFileName(tc.name)
		assert.Equal(t, tc.ok, ok, "ParseFileName(%q)", tc.name)
		assert.Equal(t, tc.want, got, "ParseFileName(%q)", tc.name)
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		path                 string
		acct, region         string
		year, month, day, hr int
		notFlow              bool
	}{
		{"AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/01/15/", "123456789012", "us-east-1", 2026, 1, 15, -1, false},
		{"logs/prod/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/01/15/07/x.log.gz", "123456789012", "us-east-1", 2026, 1, 15, 7, false},
		{"AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/", "123456789012", "eu-west-1", 2026, 0, 0, -1, false},
		{"AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026", "123456789012", "eu-west-1", 0, 0, 0, -1, false},
		{"AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=02/day=28/hour=23/", "123456789012", "us-east-1", 2026, 2, 28, 23, false},
		{"p/AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-east-1/year=2026/month=2/", "123456789012", "us-east-1", 2026, 2, 0, -1, false},
		{"AWSLogs/123456789012/CloudTrail/us-east-1/2026/", "123456789012", "", 0, 0, 0, -1, true},
		{"AWSLogs/o-abc123/123456789012/vpcflowlogs/us-east-1/", "123456789012", "us-east-1", 0, 0, 0, -1, false},
		{"/home/me/copy/vpcflowlogs/us-west-2/2025/12/31/", "", "us-west-2", 2025, 12, 31, -1, false},
		{"AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/13/01/", "123456789012", "us-east-1", 2026, 0, 0, -1, false},
		{"data/2026/01/15/", "", "", 0, 0, 0, -1, false},
		{"", "", "", 0, 0, 0, -1, false},
	}
	for _, tc := range tests {
		pi := ParsePath(tc.path)
		assert.Equal(t, tc.acct, pi.Account, "ParsePath(%q).Account", tc.path)
		assert.Equal(t, tc.region, pi.Region, "ParsePath(%q).Region", tc.path)
		assert.Equal(t, [4]int{tc.year, tc.month, tc.day, tc.hr}, [4]int{pi.Year, pi.Month, pi.Day, pi.Hour}, "ParsePath(%q) date", tc.path)
		assert.Equal(t, tc.notFlow, pi.NotFlowLogs, "ParsePath(%q).NotFlowLogs", tc.path)
	}
}

func TestPathInterval(t *testing.T) {
	d := func(y, m, dd, h int) time.Time { return time.Date(y, time.Month(m), dd, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		path     string
		from, to time.Time
		ok       bool
	}{
		{"AWSLogs/1/", time.Time{}, time.Time{}, false},
		{"x/year=2025/", d(2025, 1, 1, 0), d(2026, 1, 1, 0), true},
		{"x/year=2025/month=12/", d(2025, 12, 1, 0), d(2026, 1, 1, 0), true},
		{"x/year=2024/month=02/day=29/", d(2024, 2, 29, 0), d(2024, 3, 1, 0), true},
		{"x/year=2025/month=12/day=31/hour=23/", d(2025, 12, 31, 23), d(2026, 1, 1, 0), true},
	}
	for _, tc := range tests {
		from, to, ok := ParsePath(tc.path).Interval()
		assert.Equal(t, tc.ok, ok, "Interval(%q)", tc.path)
		assert.Equal(t, tc.from, from, "Interval(%q) from", tc.path)
		assert.Equal(t, tc.to, to, "Interval(%q) to", tc.path)
	}
}
