package reject_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/reject"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExplainAgreesWithRun explains each REJECT that Run finds, one at a
// time, and expects Run's class and evidence: one logic for both.
func TestExplainAgreesWithRun(t *testing.T) {
	const header = "version interface-id srcaddr dstaddr srcport dstport protocol start end action tcp-flags\n"
	trees := map[string][]string{"situations": {situations}}
	for name, lines := range map[string][]string{
		"response":         {"3 eni-1 10.0.0.1 10.0.0.2 5000 8080 6 1000 1060 ACCEPT 2", "3 eni-1 10.0.0.2 10.0.0.1 8080 5000 6 1000 1060 REJECT 18"},
		"other interface":  {"3 eni-2 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2", "3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1000 1060 REJECT 18"},
		"too far apart":    {"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2", "3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 2000 2060 REJECT 18"},
		"within the slack": {"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 ACCEPT 2", "3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1100 1160 REJECT 18"},
		"both rejected":    {"3 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1000 1060 REJECT 2", "3 eni-1 10.0.0.2 10.0.0.1 443 40000 6 1000 1060 REJECT 18"},
		"ICMP":             {"3 eni-1 10.0.0.2 10.0.0.1 0 0 1 1000 1060 REJECT -"},
	} {
		path := filepath.Join(t.TempDir(), "flows.log")
		require.NoError(t, os.WriteFile(path, []byte(header+strings.Join(lines, "\n")+"\n"), 0o644))
		trees[name] = []string{path}
	}
	for name, sources := range trees {
		t.Run(name, func(t *testing.T) {
			opts := scan.Options{Sources: sources}
			all, _, err := reject.Run(context.Background(), reject.Options{Scan: opts})
			require.NoError(t, err)
			require.NotEmpty(t, all)
			for _, want := range all {
				got, st, err := reject.Explain(context.Background(), opts, want.Reject)
				require.NoError(t, err)
				assert.False(t, st.Incomplete())
				assert.Equal(t, want.Class, got.Class, want.Reject.Line)
				assert.Equal(t, want.Server, got.Server)
				assert.Equal(t, want.Port, got.Port)
				assert.Equal(t, evidenceLines(want.Reverse), evidenceLines(got.Reverse), want.Reject.Line)
			}
		})
	}
}

func evidenceLines(es []reject.Evidence) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Source+":"+string(e.Record.Line()))
	}
	return out
}

func TestExplainRefusesAndRestricts(t *testing.T) {
	const log = "version account-id interface-id srcaddr dstaddr srcport dstport protocol start end action\n" +
		"2 444455556666 eni-1 10.0.0.5 10.0.1.9 40000 443 6 1000 1060 ACCEPT\n" +
		"2 111122223333 eni-1 10.0.1.9 10.0.0.5 443 40000 6 1000 1060 REJECT\n"
	path := filepath.Join(t.TempDir(), "flows.log")
	require.NoError(t, os.WriteFile(path, []byte(log), 0o644))
	opts := scan.Options{Sources: []string{path}}
	var recs []reject.Evidence
	_, err := scan.Run(context.Background(), scan.Options{Sources: []string{path}, Fields: flowlog.AllFields()}, func(m scan.Match) error {
		recs = append(recs, reject.Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line})
		return nil
	})
	require.NoError(t, err)
	require.Len(t, recs, 2)

	_, _, err = reject.Explain(context.Background(), opts, recs[0])
	assert.ErrorIs(t, err, reject.ErrNotReject)

	f, _, err := reject.Explain(context.Background(), opts, recs[1])
	require.NoError(t, err)
	assert.Equal(t, reject.ResponseRejected, f.Class)

	opts.Filter = filter.MustCompile("account_id = '111122223333'") // the request is in an account not granted
	f, _, err = reject.Explain(context.Background(), opts, recs[1])
	require.NoError(t, err)
	assert.Equal(t, reject.Unpaired, f.Class, "a reverse flow the filter refuses is no evidence")
	assert.Empty(t, f.Reverse)
}
