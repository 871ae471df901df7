package fanout

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/require"
)

// genTree writes a generated copied bucket (2 accounts × 2 regions × 2 h
// of 5-minute objects, with malformed lines) and one object that is not
// a flow log, and returns its root.
func genTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	_, err := gen.WriteTree(context.Background(), dir, gen.Config{Seed: 14,
		Start: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC), Duration: 2 * time.Hour,
		Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"us-east-1", "eu-west-1"},
		RecordsPerObject: 150, MalformedFraction: 0.002, Workers: 2})
	require.NoError(t, err)
	junk := filepath.Join(dir, "AWSLogs", "111122223333", "notes.txt")
	require.NoError(t, os.WriteFile(junk, []byte("not a flow log at all\n"), 0o644))
	return dir
}

// inProcess invokes a Worker through aws-lambda-go's real JSON path, as
// the Lambda runtime does. A handler reuses its reply buffer, and a
// Lambda process runs one invocation at a time: each call gets its own.
type inProcess struct{ w *Worker }

func newInProcess(w *Worker) *inProcess { return &inProcess{w: w} }

func (p *inProcess) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	b, err := lambda.NewHandler(p.w.Handle).Invoke(ctx, payload)
	if err != nil {
		return nil, &InvokeError{Kind: Function, Err: err}
	}
	return b, nil
}

// result is what a scan gave, in comparable form.
type result struct {
	Records  []string // source:line: text
	Problems []string
	Groups   string
	Stats    scan.Stats
}

func (r *result) normalise() {
	r.Stats.Elapsed, r.Stats.ListingDone = 0, false
	r.Stats.Errors, r.Stats.Skips = nil, nil
}

func recordText(m scan.Match) string {
	return m.Source + ":" + itoa(m.Line) + ": " + string(m.Record.Line()) + " | " + m.Record.String()
}

func itoa(n int64) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int64) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// localScan scans dir in one process as cmd/flowq would for q.
func localScan(t *testing.T, q Query, sources ...string) result {
	t.Helper()
	c, err := q.compile()
	require.NoError(t, err)
	opts := c.opts
	opts.Sources = sources
	var r result
	opts.OnError = func(err error) { r.Problems = append(r.Problems, err.Error()) }
	var emit func(scan.Match) error
	switch q.Mode {
	case Records:
		emit = func(m scan.Match) error { r.Records = append(r.Records, recordText(m)); return nil }
	case Groups:
		emit = func(m scan.Match) error { c.agg.Add(m.Record); return nil }
	}
	r.Stats, err = scan.Run(context.Background(), opts, emit)
	require.NoError(t, err)
	if c.agg != nil {
		b, err := c.agg.MarshalJSON()
		require.NoError(t, err)
		r.Groups = string(b)
	}
	r.normalise()
	return r
}

// fanScan plans as cmd/flowq --lambda does and fans out through o.
func fanScan(t *testing.T, q Query, o Options, sources ...string) (result, Result) {
	t.Helper()
	c, err := q.compile()
	require.NoError(t, err)
	opts := c.opts
	opts.Sources = sources
	plan, err := scan.Plan(context.Background(), opts)
	require.NoError(t, err)
	var r result
	o.OnError = func(err error) { r.Problems = append(r.Problems, err.Error()) }
	if q.Mode == Records {
		o.Emit = func(m scan.Match) error { r.Records = append(r.Records, recordText(m)); return nil }
	}
	if q.Mode == Groups {
		o.Aggregation = c.newAggregation()
	}
	res, err := Run(context.Background(), q, plan, o)
	require.NoError(t, err)
	if o.Aggregation != nil {
		b, err := o.Aggregation.MarshalJSON()
		require.NoError(t, err)
		r.Groups = string(b)
	}
	r.Stats = res.Stats
	r.normalise()
	return r, res
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
