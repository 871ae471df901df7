package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/internal/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExportRoundTrip exports trees as Parquet in AWS's Hive layout and
// reads the export back: the same records (in the same order, for one
// flow log), counts, groups and windowed answers as from the text.
func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	tree := t.TempDir()
	_, err := gen.WriteTree(ctx, tree, gen.Config{Seed: 3, Start: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC),
		Duration: 90 * time.Minute, Accounts: []string{"111122223333"}, Regions: []string{"us-east-1", "eu-west-1"},
		RecordsPerObject: 120, Workers: 2})
	require.NoError(t, err)
	for name, src := range map[string]string{"generated": tree, "sample": sample} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "export")
			r := runFlowq(ctx, t, "", "export", "--parquet", dir, "true", src)
			require.Equal(t, exitMatch, r.code, r.stderr)
			assert.Regexp(t, `^exported [0-9,]+ records into [0-9,]+ Parquet objects below `, r.stdout)
			keys := findParquet(t, dir)
			require.NotEmpty(t, keys)
			assert.Regexp(t, `^AWSLogs/aws-account-id=\d{12}/aws-service=vpcflowlogs/aws-region=[a-z0-9-]+/year=\d{4}/month=\d\d/day=\d\d/hour=\d\d/\d{12}_vpcflowlogs_[a-z0-9-]+_fl-flowqexport_\d{8}T\d{4}Z_[0-9a-f]{8}\.log\.parquet$`, keys[0])
			for _, q := range [][]string{
				{"-o", "raw", "true"},
				{"-c", "protocol = 6"},
				{"-g", "dstaddr,region", "--sort", "bytes", "-o", "csv", "true"},
				{"-o", "json", "--fields", "all", "--since", "2026-01-14 15:20", "--until", "2026-01-15 09:40", "action = REJECT"},
			} {
				want := runFlowq(ctx, t, "", append(q, src)...)
				require.NotEqual(t, exitNoMatch, want.code, "%v finds something", q)
				got := runFlowq(ctx, t, "", append(q, dir)...)
				assert.Equal(t, exitMatch, got.code, "%v: %s", q, got.stderr)
				if name == "generated" || q[0] != "-o" {
					assert.Equal(t, want.stdout, got.stdout, "%v", q)
				} else { // several flow logs and layouts: the same records, in the export's key order
					assert.Equal(t, sortedLines(want.stdout), sortedLines(got.stdout), "%v", q)
				}
			}
		})
	}
}

func findParquet(t *testing.T, dir string) []string {
	var keys []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			keys = append(keys, filepath.ToSlash(rel))
		}
		return err
	}))
	return keys
}

func TestExportRefuses(t *testing.T) {
	ctx := context.Background()
	r := runFlowq(ctx, t, "", "export", "--parquet", "s3://logs/copy", "true", sample)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "never writes to a bucket")

	dir := t.TempDir()
	require.Equal(t, exitMatch, runFlowq(ctx, t, "", "export", "--parquet", dir, "true", hive).code)
	r = runFlowq(ctx, t, "", "export", "--parquet", dir, "true", hive) // the same files again
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "file exists")

	r = runFlowq(ctx, t, "", "export", "true", sample)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "--parquet DIR is required")
}

// duckDir finds a directory with @duckdb/node-api installed
// ($FLOWQ_DUCKDB_DIR, or where the bench module installs it).
func duckDir(t *testing.T) string {
	dirs := []string{os.Getenv("FLOWQ_DUCKDB_DIR")}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "flowq-bench", "duckdb"))
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "node_modules", "@duckdb", "node-api")); err == nil {
			if _, err := exec.LookPath("node"); err == nil {
				return d
			}
		}
	}
	msg := "DuckDB (npm @duckdb/node-api) not found: set FLOWQ_DUCKDB_DIR (.ci/run installs it)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

const duckScript = `import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const conn = await inst.connect();
const reader = await conn.runAndReadAll(process.argv[2]);
for (const row of reader.getRows()) console.log(row.map(String).join(','));
`

// TestExportReadsInDuckDB opens the export with DuckDB's hive
// partitioning: the counts per region and per hour partition equal
// flowq's over the text.
func TestExportReadsInDuckDB(t *testing.T) {
	duck := duckDir(t)
	script, err := os.CreateTemp(duck, "flowq-test-*.mjs")
	require.NoError(t, err)
	t.Cleanup(func() { os.Remove(script.Name()) })
	_, err = script.WriteString(duckScript)
	require.NoError(t, err)
	require.NoError(t, script.Close())
	ctx := context.Background()
	dir := t.TempDir()
	require.Equal(t, exitMatch, runFlowq(ctx, t, "", "export", "--parquet", dir, "true", sample).code)
	query := func(sql string) string {
		out, err := exec.Command("node", script.Name(), strings.ReplaceAll(sql, "DIR", dir)).CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	byRegion := query(`SELECT "aws-region", count(*) FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1`)
	want := runFlowq(ctx, t, "", "-g", "region", "--sort", "region", "-o", "csv", "true", sample)
	var wantRows []string
	for _, line := range strings.Split(strings.TrimSpace(want.stdout), "\n")[1:] {
		f := strings.Split(line, ",")
		wantRows = append(wantRows, f[0]+","+f[1])
	}
	assert.Equal(t, strings.Join(wantRows, "\n"), strings.TrimSpace(byRegion))

	total := query(`SELECT count(*), sum(bytes), count(DISTINCT "hour") FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true)`)
	count := runFlowq(ctx, t, "", "-c", "true", sample)
	assert.True(t, strings.HasPrefix(total, strings.TrimSpace(count.stdout)+","), "%s vs %s", total, count.stdout)
}
