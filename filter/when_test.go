package filter

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTime(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		tokyo = time.FixedZone("JST", 9*3600)
	}
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2026-01-15", tokyo, time.Date(2026, 1, 14, 15, 0, 0, 0, time.UTC)},
		{"2026-01-15 09:30", tokyo, time.Date(2026, 1, 15, 0, 30, 0, 0, time.UTC)},
		{"2026-01-15 09:30:15", tokyo, time.Date(2026, 1, 15, 0, 30, 15, 0, time.UTC)},
		{"2026-01-15T09:30", tokyo, time.Date(2026, 1, 15, 0, 30, 0, 0, time.UTC)},
		{"2026-01-15T09:30:15", tokyo, time.Date(2026, 1, 15, 0, 30, 15, 0, time.UTC)},
		{"2026-01-15T09:30:00Z", tokyo, time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)},
		{"2026-01-15T09:30:00+09:00", tokyo, time.Date(2026, 1, 15, 0, 30, 0, 0, time.UTC)},
		{"2026-01-15T09:30:00.25Z", tokyo, time.Date(2026, 1, 15, 9, 30, 0, 250_000_000, time.UTC)},
		{"2026-01-15", nil, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},
		{"2026-01-15", time.UTC, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},
		{"1768435200", tokyo, time.Unix(1768435200, 0)},
		{"  1768435200\n", tokyo, time.Unix(1768435200, 0)},
		{"2h", tokyo, now.Add(-2 * time.Hour)},
		{"90m", tokyo, now.Add(-90 * time.Minute)},
		{"1h30m", tokyo, now.Add(-90 * time.Minute)},
		{"0s", tokyo, now},
		{"7d", tokyo, now.Add(-7 * 24 * time.Hour)},
		{"1.5d", tokyo, now.Add(-36 * time.Hour)},
		{"2w", tokyo, now.Add(-14 * 24 * time.Hour)},
		{" 2w ", tokyo, now.Add(-14 * 24 * time.Hour)},
	}
	for _, tc := range tests {
		got, err := ParseTime(tc.in, tc.loc, now)
		require.NoError(t, err, "ParseTime(%q)", tc.in)
		assert.True(t, tc.want.Equal(got), "ParseTime(%q) = %v, want %v", tc.in, got, tc.want)
	}
}

func TestParseTimeErrors(t *testing.T) {
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, bad := range []string{
		"", "  ", "yesterday", "2026-13-01", "2026/01/15", "2026-01-15 09:30 +09:00",
		"-2h", "-1d", "12", "d", "w", "xd", "NaNd", "Infw", "1e300d", "100000w",
	} {
		_, err := ParseTime(bad, time.UTC, now)
		assert.Error(t, err, "ParseTime(%q)", bad)
	}
	_, err := ParseTime("yesterday", time.UTC, now)
	require.Error(t, err)
	assert.Equal(t, `"yesterday" is not a time: use 2026-01-15, '2026-01-15 09:00', 2026-01-15T09:00:00+09:00, Unix seconds, or an age like 2h or 7d`, err.Error())
}

// TestParseTimeLongAge checks the longest ages that fit in a
// time.Duration (about 292 years) and the first that do not.
func TestParseTimeLongAge(t *testing.T) {
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	got, err := ParseTime("15000w", time.UTC, now)
	require.NoError(t, err)
	assert.Equal(t, now.Add(-15000*7*24*time.Hour), got)
	assert.True(t, got.Before(now), "an age is in the past")
	_, err = ParseTime("16000w", time.UTC, now)
	assert.Error(t, err, "16000 weeks overflow a time.Duration")
}
