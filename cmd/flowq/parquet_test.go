package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/parquetlog"
)

// TestParquetMatchesText writes the same flow logs as gzip text and as
// Parquet (the AWS layout, .log.parquet) and checks that flowq prints the
// same answer from both, in every output mode and for filters that touch
// nulls, enums, addresses, times and aggregation.
func TestParquetMatchesText(t *testing.T) {
	ctx := context.Background()
	textDir, parquetDir := t.TempDir(), t.TempDir()
	samples := gen.SampleConfigs()
	for _, cfg := range samples[1:4] { // v5 Hive+hourly, TGW, v10 hourly: no malformed lines
		g, err := gen.New(cfg)
		require.NoError(t, err)
		_, err = g.WriteTree(ctx, textDir)
		require.NoError(t, err)
		_, err = g.WriteParquetTree(ctx, parquetDir, parquetlog.WriterOptions{RowGroupRows: 64})
		require.NoError(t, err)
	}
	queries := [][]string{
		{"-o", "raw", "dstport = 443"},
		{"-o", "table", "action = reject or log_status = NODATA"},
		{"-o", "json", "dstport is null"},
		{"-o", "json", "--fields", "srcaddr,dstaddr,tcp_flags,flow_direction", "protocol = udp"},
		{"-o", "csv", "--fields", "srcaddr,dstaddr,dstport,action,log_status", "addr in 10.0.0.0/8 and port != 443"},
		{"-c", "start >= '2026-01-14 23:55' and \"end\" < '2026-01-15 00:05'"},
		{"-c", "tcp_flags has syn"},
		{"-g", "dstaddr", "--sort", "bytes", "--top", "5", "-o", "csv", "action = accept"},
		{"-g", "log_status,type", "-o", "json", "true"},
	}
	stats := runFlowq(ctx, t, "", "--stats", "-c", "true", parquetDir)
	require.Equal(t, exitMatch, stats.code, stats.stderr)
	assert.Contains(t, stats.stderr, " 0 skipped, 0 failed", "every Parquet object is read")
	assert.NotContains(t, stats.stderr, " 0 read,")
	t.Log(stats.stderr)
	window := runFlowq(ctx, t, "", "--stats", "-c", "start >= '2026-01-14 23:55' and \"end\" < '2026-01-15 00:05'", parquetDir)
	assert.Regexp(t, `Parquet: [1-9][0-9,]* of [0-9,]+ row groups`, window.stderr, "row groups outside the window are skipped")
	for _, q := range queries {
		text := runFlowq(ctx, t, "", append(q, textDir)...)
		parquet := runFlowq(ctx, t, "", append(q, parquetDir)...)
		require.Equal(t, exitMatch, text.code, "%v: %s", q, text.stderr)
		assert.Equal(t, text.code, parquet.code, "%v: %s", q, parquet.stderr)
		assert.Equal(t, text.stdout, parquet.stdout, "%v", q)
		assert.NotEmpty(t, text.stdout)
	}
}
