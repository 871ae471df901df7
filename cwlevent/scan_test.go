package cwlevent_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// TestScanDetects: scan finds subscription payloads (Firehose objects:
// several payloads back to back, gzip) and exports by content, whatever
// their names; a damaged payload is named, counted and fails its object
// (exit 2) after the records before the damage, and the rest of the scan
// goes on; control messages are counted; JSON of another kind is skipped.
func TestScanDetects(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"firehose/2026/01/15/09/delivery-1":     gz(t, dataPayload("eni-1-all", rec1)+control+dataPayload("eni-1-all", rec2)),
		"exportedlogs/task/eni-1-all/000000.gz": gz(t, "2026-01-15T09:00:00.000Z "+rec1+"\n"),
		"damaged.gz":                            gz(t, dataPayload("eni-9-all", rec2)+`{"messageType":"DATA_MESSAGE","logEvents":[{"id":`),
		"app-log.json":                          []byte(`{"level":"info"}` + "\n"),
		"plain/flows.log":                       []byte(rec1 + "\n"),
		"plain-damaged.gz":                      gz(t, dataPayload("eni-8-all", rec1)+"not json"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	var got []string
	var errs []error
	st, err := scan.Run(t.Context(), scan.Options{Sources: []string{dir}, OnError: func(e error) { errs = append(errs, e) }},
		func(m scan.Match) error {
			id := "-"
			if e := m.Record.Event(); e != nil {
				id = e.Stream + "/" + e.ID
			}
			got = append(got, filepath.Base(m.Source)+" "+id+" "+string(m.Record.AppendTo(nil, flowlog.DefaultFormat())))
			return nil
		})
	require.NoError(t, err)
	slices.Sort(got)
	assert.Equal(t, []string{
		"000000.gz / " + rec1,
		"damaged.gz eni-9-all/eni-9-alla " + rec2,
		"delivery-1 eni-1-all/eni-1-alla " + rec1,
		"delivery-1 eni-1-all/eni-1-alla " + rec2,
		"flows.log - " + rec1,
		"plain-damaged.gz eni-8-all/eni-8-alla " + rec1,
	}, got)
	assert.Equal(t, int64(2), st.ObjectsFailed)
	assert.Equal(t, int64(1), st.ObjectsSkipped)
	assert.Equal(t, int64(1), st.ControlMessages)
	assert.True(t, st.Incomplete())
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	assert.Len(t, msgs, 3)
	assert.Contains(t, msgs, "skipped "+filepath.Join(dir, "app-log.json")+": not a flow log: JSON, but not a CloudWatch Logs subscription payload (no messageType)")
	assert.Contains(t, msgs, filepath.Join(dir, "damaged.gz")+": damaged CloudWatch Logs payload: payload 2 (after 1 events): unexpected EOF")
}
