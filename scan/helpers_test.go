package scan

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/require"
)

const (
	acct1 = "111111111111"
	acct2 = "222222222222"
)

var defaultHeader = flowlog.DefaultFormat().Header()

// layoutKind is one of the S3 delivery layouts.
type layoutKind int

const (
	plain layoutKind = iota
	hourly
	hive
	hiveHourly
	hiveOld // the service= spelling
)

// objectKey returns the key AWS would give a file stamped stamp.
func objectKey(prefix string, l layoutKind, acct, region string, stamp time.Time, n int) string {
	name := fmt.Sprintf("%s_vpcflowlogs_%s_fl-0123456789abcdef0_%s_%08x.log.gz", acct, region, stamp.Format(stampLayout), n)
	switch l {
	case plain:
		return fmt.Sprintf("%sAWSLogs/%s/vpcflowlogs/%s/%s/%s", prefix, acct, region, stamp.Format("2006/01/02"), name)
	case hourly:
		return fmt.Sprintf("%sAWSLogs/%s/vpcflowlogs/%s/%s/%s", prefix, acct, region, stamp.Format("2006/01/02/15"), name)
	case hive, hiveOld:
		svc := map[layoutKind]string{hive: "aws-service", hiveOld: "service"}[l]
		return fmt.Sprintf("%sAWSLogs/aws-account-id=%s/%s=vpcflowlogs/aws-region=%s/%s/%s", prefix, acct, svc, region,
			stamp.Format("year=2006/month=01/day=02"), name)
	default:
		return fmt.Sprintf("%sAWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/aws-region=%s/%s/%s", prefix, acct, region,
			stamp.Format("year=2006/month=01/day=02/hour=15"), name)
	}
}

// genRecords returns n default-format lines a file stamped stamp can hold:
// end in [stamp, stamp+5m), start up to 11 minutes earlier.
func genRecords(rng *rand.Rand, acct string, stamp time.Time, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		end := stamp.Unix() + rng.Int64N(300)
		start := end - rng.Int64N(660)
		action := "ACCEPT"
		if rng.IntN(4) == 0 {
			action = "REJECT"
		}
		lines[i] = fmt.Sprintf("2 %s eni-%08x 10.0.%d.%d 10.1.%d.%d %d %d 6 %d %d %d %d %s OK", acct, rng.Uint32(),
			rng.IntN(4), rng.IntN(250), rng.IntN(4), rng.IntN(250), 1024+rng.IntN(60000), []int{22, 443, 5432, 80}[rng.IntN(4)],
			1+rng.IntN(100), 40+rng.IntN(100000), start, end, action)
	}
	return lines
}

func gz(t testing.TB, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// fileText is a flow log object's text: the header and the lines.
func fileText(header string, lines []string) string {
	return header + "\n" + strings.Join(lines, "\n") + "\n"
}

// tree is a set of objects by key, and the records each holds.
type tree struct {
	files   map[string][]byte
	records map[string][]string // key -> record lines
}

func newTree() *tree { return &tree{files: map[string][]byte{}, records: map[string][]string{}} }

func (tr *tree) addRecords(t testing.TB, key string, lines []string) {
	tr.files[key] = gz(t, fileText(defaultHeader, lines))
	tr.records[key] = lines
}

// genTree fills a tree with files every 5 minutes over [from, to) in each
// layout given, n records each.
func genTree(t testing.TB, prefix string, layouts []layoutKind, from, to time.Time, n int) *tree {
	tr := newTree()
	rng := rand.New(rand.NewPCG(1, 2))
	for i, l := range layouts {
		acct := []string{acct1, acct2}[i%2]
		for s := from; s.Before(to); s = s.Add(fileWindow) {
			tr.addRecords(t, objectKey(prefix, l, acct, "us-east-1", s, i), genRecords(rng, acct, s, n))
		}
	}
	return tr
}

func (tr *tree) writeDir(t testing.TB, dir string) {
	t.Helper()
	for k, b := range tr.files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b, 0o644))
	}
}

// want returns the records of the tree overlapping [since, until), sorted.
func (tr *tree) want(since, until time.Time) []string {
	var out []string
	for _, lines := range tr.records {
		for _, l := range lines {
			f := strings.Fields(l)
			var start, end int64
			fmt.Sscan(f[10], &start)
			fmt.Sscan(f[11], &end)
			if (!since.IsZero() && end < since.Unix()) || (!until.IsZero() && start >= until.Unix()) {
				continue
			}
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// collect runs a scan and returns the matched lines in delivery order.
func collect(t testing.TB, ctx context.Context, opts Options) ([]string, Stats, error) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	st, err := Run(ctx, opts, func(m Match) error {
		mu.Lock()
		got = append(got, string(m.Record.Line()))
		mu.Unlock()
		return nil
	})
	return got, st, err
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(3, 4)) }

func itoa(v int64) string { return fmt.Sprint(v) }
