package fanscan

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuery(t *testing.T) {
	list := filepath.Join(t.TempDir(), "block.txt")
	require.NoError(t, os.WriteFile(list, []byte("10.0.0.0/8\n"), 0o600))
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	since := time.Date(2026, 1, 15, 0, 0, 0, 0, tokyo)
	s := Settings{Format: "${srcaddr} ${dstaddr}", Inflate: "go", S3: fanout.S3{Region: "ap-northeast-1", PathStyle: true}}
	opts := scan.Options{Since: since, Project: true, Fields: flowlog.SetOf(flowlog.SrcAddr, flowlog.DstPort)}
	q, err := Query(s, "srcaddr in @"+list, tokyo, opts)
	require.NoError(t, err)
	assert.Equal(t, fanout.Query{Filter: "srcaddr in @" + list, Lists: map[string][]byte{list: []byte("10.0.0.0/8\n")},
		Zone: "Asia/Tokyo", Since: since, Format: s.Format, Fields: []string{"srcaddr", "dstport"}, Project: true,
		Mode: fanout.Records, Inflate: "go", S3: s.S3}, q)

	_, err = Query(s, "srcaddr ==", tokyo, opts)
	assert.ErrorContains(t, err, "invalid filter")
}

func TestPageScanRefusesLocal(t *testing.T) {
	_, err := PageScan(context.Background(), Settings{Function: "flowq-worker"}, time.Local)
	assert.ErrorContains(t, err, "differs between machines")
}
