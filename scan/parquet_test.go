package scan

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/parquetlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parquetObject writes default-format lines as AWS's Parquet.
func parquetObject(t testing.TB, lines []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquetlog.NewWriter(&buf, flowlog.DefaultFormat(), parquetlog.WriterOptions{RowGroupRows: 100})
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{})
	for rd.Scan() {
		require.NoError(t, rd.Err())
		require.NoError(t, w.Write(rd.Record()))
	}
	require.NoError(t, rd.Err())
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// TestParquet reads Parquet objects next to text ones, locally and on S3,
// by name and by magic bytes, with the time window pushed down.
func TestParquet(t *testing.T) {
	tr := newTree()
	rng := newRand()
	for i, stamp := range []time.Time{utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 0, 5), utc(2026, 1, 15, 6, 0)} {
		lines := genRecords(rng, acct1, stamp, 300)
		key := objectKey("", plain, acct1, "us-east-1", stamp, i)
		switch i {
		case 0:
			tr.addRecords(t, key, lines)
		case 1:
			key = strings.TrimSuffix(key, ".gz") + ".parquet"
			tr.files[key], tr.records[key] = parquetObject(t, lines), lines
		case 2: // Parquet content under a .gz name: the magic bytes decide
			tr.files[key], tr.records[key] = parquetObject(t, lines), lines
		}
	}
	dir := t.TempDir()
	tr.writeDir(t, dir)
	_, s3o := newS3(t, tr)
	for _, src := range []string{dir, "s3://" + bucket} {
		got, st, err := collect(t, t.Context(), Options{Sources: []string{src}, S3: s3o})
		require.NoError(t, err, src)
		assert.Equal(t, tr.want(time.Time{}, time.Time{}), sorted(got), src)
		assert.Equal(t, int64(3), st.ObjectsRead, src)
		assert.False(t, st.Incomplete(), "%s: %v", src, st.Errors)

		since, until := utc(2026, 1, 15, 0, 6), utc(2026, 1, 15, 0, 8)
		got, _, err = collect(t, t.Context(), Options{Sources: []string{src}, S3: s3o, Since: since, Until: until, Filter: portFilter(22)})
		require.NoError(t, err, src)
		var want []string
		for _, l := range tr.want(since, until) {
			if strings.Fields(l)[6] == "22" {
				want = append(want, l)
			}
		}
		assert.Equal(t, want, sorted(got), src)
	}
	// Standard input has no random access: Parquet there is skipped.
	_, st, err := collect(t, t.Context(), Options{Sources: []string{"-"}, Stdin: bytes.NewReader(tr.files[objectKey("", plain, acct1, "us-east-1", utc(2026, 1, 15, 6, 0), 2)])})
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.ObjectsSkipped)
	require.Len(t, st.Skips, 1)
	require.ErrorIs(t, st.Skips[0].Err, ErrParquet)
}
