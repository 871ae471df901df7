package scan

import (
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utc(y, m, d, h, mi int) time.Time { return time.Date(y, time.Month(m), d, h, mi, 0, 0, time.UTC) }

func TestWindowPrefixes(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	tests := []struct {
		name         string
		since, until time.Time
		hive         bool
		want         []string
	}{
		{"one day, mid-day", utc(2026, 1, 15, 6, 0), utc(2026, 1, 15, 12, 0), false, []string{"2026/01/15/"}},
		// A record ending at 23:59 can be delivered in the next day's folder; one starting
		// just after midnight sits in the 00:00 files of the day.
		{"whole day", utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0), false, []string{"2026/01/14/", "2026/01/15/", "2026/01/16/"}},
		{"early morning reaches back", utc(2026, 1, 15, 0, 10), utc(2026, 1, 15, 1, 0), false, []string{"2026/01/14/", "2026/01/15/"}},
		{"late evening reaches forward", utc(2026, 1, 15, 22, 0), utc(2026, 1, 15, 23, 55), false, []string{"2026/01/15/", "2026/01/16/"}},
		{"month edge", utc(2026, 1, 31, 23, 50), utc(2026, 2, 1, 0, 10), false, []string{"2026/01/31/", "2026/02/01/"}},
		{"year edge, hive", utc(2025, 12, 31, 23, 0), utc(2026, 1, 1, 1, 0), true, []string{"year=2025/month=12/day=31/", "year=2026/month=01/day=01/"}},
		{"leap day", utc(2024, 2, 29, 12, 0), utc(2024, 2, 29, 13, 0), false, []string{"2024/02/29/"}},
		// 2026-01-15 in Tokyo is 2026-01-14T15:00Z .. 2026-01-15T15:00Z.
		{"tokyo day", time.Date(2026, 1, 15, 0, 0, 0, 0, tokyo), time.Date(2026, 1, 16, 0, 0, 0, 0, tokyo), false, []string{"2026/01/14/", "2026/01/15/"}},
	}
	for _, tc := range tests {
		w := window(tc.since, tc.until, nil)
		got, ok := w.Prefixes(tc.hive, 100)
		assert.True(t, ok, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}
	_, ok := window(utc(2026, 1, 1, 0, 0), time.Time{}, nil).Prefixes(false, 100)
	assert.False(t, ok, "unbounded window")
	_, ok = window(utc(2020, 1, 1, 0, 0), utc(2026, 1, 1, 0, 0), nil).Prefixes(false, 100)
	assert.False(t, ok, "too many days")
}

// TestKeepStampNeverLoses checks the pruning rule against the delivery
// model: for every file stamp near the window edges and every record that
// file can hold, a record in the window means the file is kept.
func TestKeepStampNeverLoses(t *testing.T) {
	since, until := utc(2026, 3, 1, 0, 0), utc(2026, 3, 1, 1, 0)
	w := window(since, until, nil)
	for stamp := since.Add(-2 * time.Hour); stamp.Before(until.Add(2 * time.Hour)); stamp = stamp.Add(fileWindow) {
		holds := false
		for end := stamp; end.Before(stamp.Add(fileWindow)); end = end.Add(10 * time.Second) {
			for start := end.Add(-maxAggregation - captureDelay); !start.After(end); start = start.Add(30 * time.Second) {
				if start.Before(until) && !end.Before(since) {
					holds = true
				}
			}
		}
		if holds {
			assert.True(t, w.keepStamp(stamp), "stamp %s holds records of the window", stamp)
		}
	}
	assert.False(t, w.keepStamp(since.Add(-2*time.Hour)), "far before")
	assert.False(t, w.keepStamp(until.Add(2*time.Hour)), "far after")
}

type rangeMatcher struct {
	lo, hi int64
	field  flowlog.Field
}

func (m rangeMatcher) Match(*flowlog.Record) bool { return true }
func (m rangeMatcher) Fields() flowlog.FieldSet   { return flowlog.SetOf(m.field) }
func (m rangeMatcher) Range(f flowlog.Field) (int64, int64, bool) {
	return m.lo, m.hi, f == m.field
}

func TestWindowFromFilterRange(t *testing.T) {
	lo, hi := utc(2026, 1, 15, 10, 0).Unix(), utc(2026, 1, 15, 11, 0).Unix()
	w := window(time.Time{}, time.Time{}, rangeMatcher{lo, hi, flowlog.Start})
	assert.Equal(t, Window{Lo: lo, Hi: hi, HasLo: true, HasHi: true}, w)
	// Since/Until and the filter intersect.
	w = window(utc(2026, 1, 15, 10, 30), time.Time{}, rangeMatcher{lo, hi, flowlog.End})
	assert.Equal(t, Window{Lo: utc(2026, 1, 15, 10, 30).Unix(), Hi: hi, HasLo: true, HasHi: true}, w)
	assert.True(t, w.contains(hi, hi+60), "record starting at hi")
	assert.False(t, w.contains(hi+1, hi+60), "record starting after hi")
}

func TestSelector(t *testing.T) {
	s := newSelector(window(utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0), nil), []string{"111111111111"}, []string{"us-east-1", "eu-west-1"}, false)
	tests := []struct {
		path string
		keep bool
	}{
		{"AWSLogs/111111111111/vpcflowlogs/us-east-1/2026/01/15/", true},
		{"AWSLogs/222222222222/", false},
		{"AWSLogs/111111111111/vpcflowlogs/ap-south-1/", false},
		{"AWSLogs/111111111111/CloudTrail/", false},
		{"AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/01/13/", false},
		{"AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/01/14/", true},
		{"AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/01/16/00/", true},
		{"AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/01/16/01/", false},
		{"AWSLogs/111111111111/vpcflowlogs/eu-west-1/2025/", false},
		{"somewhere/else/", true},
	}
	for _, tc := range tests {
		keep, why := s.keepDir(ParsePath(tc.path))
		assert.Equal(t, tc.keep, keep, "keepDir(%q) %s", tc.path, why)
	}
}

func TestCheckAccountAndRegion(t *testing.T) {
	assert.NoError(t, CheckAccount("123456789012"))
	assert.EqualError(t, CheckAccount("12345678901"), `"12345678901": an AWS account ID is 12 digits`)
	for _, r := range []string{"us-east-1", "ap-northeast-1", "us-gov-west-1", "eu-central-2"} {
		assert.NoError(t, CheckRegion(r), r)
	}
	assert.EqualError(t, CheckRegion("EU-WEST-1"), `"EU-WEST-1": region codes are lower case: eu-west-1`)
	assert.Error(t, CheckRegion("tokyo"))
}
