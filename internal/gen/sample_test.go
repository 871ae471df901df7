package gen

import (
	"bytes"
	"context"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
)

var update = flag.Bool("update", false, "rewrite testdata/sample/AWSLogs from SampleConfigs")

const sampleDir = "../../testdata/sample"

// TestSampleTree checks that regenerating the sample tree gives the
// committed bytes. Run `go test ./internal/gen -run TestSampleTree -update` to
// rewrite it after changing the generator.
func TestSampleTree(t *testing.T) {
	if *update {
		require.NoError(t, os.RemoveAll(filepath.Join(sampleDir, "AWSLogs")))
		m, err := WriteSample(context.Background(), sampleDir)
		require.NoError(t, err)
		t.Logf("wrote %d objects, %d records, %d malformed, %d raw bytes, %d stored bytes",
			len(m.Objects), m.Records, m.Malformed, m.RawBytes, m.StoredBytes)
	}
	tmp := t.TempDir()
	m, err := WriteSample(context.Background(), tmp)
	require.NoError(t, err)
	want := readTree(t, filepath.Join(sampleDir, "AWSLogs"))
	got := readTree(t, filepath.Join(tmp, "AWSLogs"))
	require.Len(t, got, len(want), "object count")
	for k, w := range want {
		assert.True(t, bytes.Equal(w, got[k]), "%s differs from the regenerated object", k)
	}
	assert.Less(t, m.StoredBytes, int64(400<<10), "the sample stays small")
	assert.Equal(t, int64(0), m.Malformed, "the quick-start sample is clean: damage has its own tree (testdata/damaged)")
}

// TestSampleStories finds the stories testdata/README.md tells.
func TestSampleStories(t *testing.T) {
	var pg, ssh, exfil int
	var exfilBytes int64
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	tree := readTree(t, filepath.Join(sampleDir, "AWSLogs"))
	require.NotEmpty(t, tree)
	for key, b := range tree {
		rd := flowlog.NewReader(bytes.NewReader(gunzip(t, b)), flowlog.ReaderOptions{Source: key})
		for rd.Scan() {
			r := rd.Record()
			if r == nil {
				continue
			}
			src, _ := r.Addr(flowlog.SrcAddr)
			dst, _ := r.Addr(flowlog.DstAddr)
			port, _ := r.Int(flowlog.DstPort)
			switch {
			case src == netip.MustParseAddr("10.1.2.3") && dst == netip.MustParseAddr("10.0.1.25") && port == 5432:
				pg++
				assert.Equal(t, flowlog.ActionReject, r.Action())
				end, _ := r.Time(flowlog.End)
				assert.Equal(t, "2026-01-15 00", end.In(tokyo).Format("2006-01-02 15"), "Tokyo date and hour")
				assert.Contains(t, key, "/2026/01/14/", "stored under the UTC day")
			case src == netip.MustParseAddr("198.51.100.23") && port == 22:
				ssh++
			case dst == netip.MustParseAddr("203.0.113.50"):
				exfil++
				v, _ := r.Int(flowlog.Bytes)
				exfilBytes += v
			}
		}
	}
	assert.Equal(t, 8, pg)
	assert.Equal(t, 40, ssh)
	assert.Equal(t, 6, exfil)
	assert.Equal(t, int64(6e9), exfilBytes)
}
