package output

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

func TestThousandsAndBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 12345678: "12,345,678", -1234: "-1234"} {
		assert.Equal(t, want, Thousands(n), "Thousands(%d)", n)
	}
	for n, want := range map[int64]string{512: "512 B", 1500: "1.5 kB", 2e9: "2.0 GB", 84_800: "84.8 kB"} {
		assert.Equal(t, want, HumanBytes(n), "HumanBytes(%d)", n)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		s    scan.Stats
		want string
	}{
		{"local", scan.Stats{ObjectsListed: 6, ObjectsRead: 6, PrefixesListed: 9, BytesCompressed: 10_500,
			BytesUncompressed: 84_800, Records: 343, Matched: 46, Elapsed: 12345 * time.Microsecond},
			"6 objects listed, 0 pruned, 6 read, 0 skipped, 0 failed; folders: 9 listed, 0 pruned, 0 failed\n" +
				"10.5 kB read (84.8 kB of text), 343 records, 46 matched, 0 malformed lines; 12ms"},
		{"s3-parquet", scan.Stats{ObjectsListed: 1200, ObjectsRead: 1200, RowGroups: 40, RowGroupsSkipped: 30,
			PagesSkipped: 2, ListRequests: 3, GetRequests: 1500, Elapsed: 2 * time.Second},
			"1,200 objects listed, 0 pruned, 1,200 read, 0 skipped, 0 failed\n" +
				"0 B read (0 B of text), 0 records, 0 matched, 0 malformed lines; " +
				"Parquet: 30 of 40 row groups and 2 pages skipped on statistics; requests: 3 to list, 1,500 to read; 2s"},
		{"lines passed over", scan.Stats{ObjectsListed: 6, ObjectsRead: 6, BytesCompressed: 10_500,
			BytesUncompressed: 84_800, Records: 343, LinesPassed: 287, Matched: 46},
			"6 objects listed, 0 pruned, 6 read, 0 skipped, 0 failed\n" +
				"10.5 kB read (84.8 kB of text), 343 records, 46 matched, 0 malformed lines " +
				"(287 records passed over unsplit, without the filter's literal); 0s"},
		{"firehose copies", scan.Stats{ObjectsListed: 2, ObjectsRead: 2, Records: 10, ControlMessages: 1},
			"2 objects listed, 0 pruned, 2 read, 0 skipped, 0 failed\n" +
				"0 B read (0 B of text), 10 records, 0 matched, 0 malformed lines; 1 CloudWatch Logs control messages skipped; 0s"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Summary(tt.s), tt.name)
	}
}

func TestProgress(t *testing.T) {
	s := scan.Stats{ObjectsListed: 12, ObjectsPruned: 2, ObjectsRead: 4, ObjectsFailed: 1, BytesCompressed: 3_000_000,
		BytesUncompressed: 20_000_000, Matched: 1234, Elapsed: 10 * time.Second}
	assert.Equal(t, "5/10+ objects, 3.0 MB read at 300.0 kB/s, 1,234 matched", Progress(s), "still listing: no estimate")
	s.ListingDone = true
	assert.Equal(t, "5/10 objects, 3.0 MB read at 300.0 kB/s, 1,234 matched, 10s left", Progress(s))
	assert.Equal(t, "0/0+ objects, 0 B read at 0 B/s, 0 matched", Progress(scan.Stats{}))
}

func TestIncomplete(t *testing.T) {
	assert.Empty(t, Incomplete(scan.Stats{Records: 10}))
	assert.Equal(t, "4 malformed lines were skipped", Incomplete(scan.Stats{Malformed: 4}))
	assert.Equal(t, "2 objects could not be read, 1 folders could not be listed, 1,000 malformed lines were skipped",
		Incomplete(scan.Stats{ObjectsFailed: 2, PrefixesFailed: 1, Malformed: 1000}))
}

func TestLinesText(t *testing.T) {
	assert.Equal(t, "every line is split and the fields read are decoded", linesText(flowlog.Literal{}))
	reject := linesText(flowlog.Literal{Text: "REJECT", Fold: true})
	if flowlog.CanSkipLines() {
		assert.Equal(t, `plain lines without "REJECT", in any case (which every match holds) are counted, not split; `+
			"--check-every-line decodes them too", reject)
	} else {
		assert.Equal(t, `every line is split: without AVX2, passing over the lines without "REJECT" would not be faster`, reject)
	}
}
