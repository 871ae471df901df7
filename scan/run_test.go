package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testWindows cross a month edge, in UTC and in other zones.
func testWindows(t *testing.T) []struct {
	name         string
	since, until time.Time
} {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return []struct {
		name         string
		since, until time.Time
	}{
		{"all", time.Time{}, time.Time{}},
		{"around midnight", utc(2026, 1, 31, 23, 50), utc(2026, 2, 1, 0, 10)},
		{"since only", utc(2026, 2, 1, 1, 3), time.Time{}},
		{"until only", time.Time{}, utc(2026, 1, 31, 21, 7)},
		{"tokyo morning", time.Date(2026, 2, 1, 9, 0, 0, 0, tokyo), time.Date(2026, 2, 1, 9, 30, 0, 0, tokyo)},
		{"new york evening", time.Date(2026, 1, 31, 18, 55, 0, 0, ny), time.Date(2026, 1, 31, 19, 5, 0, 0, ny)},
		{"empty", utc(2026, 3, 1, 0, 0), utc(2026, 3, 2, 0, 0)},
	}
}

func TestRunLayoutsLocal(t *testing.T) {
	layouts := []layoutKind{plain, hourly, hive, hiveHourly, hiveOld}
	tr := genTree(t, "prefix/", layouts, utc(2026, 1, 31, 20, 0), utc(2026, 2, 1, 4, 0), 5)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	for _, w := range testWindows(t) {
		t.Run(w.name, func(t *testing.T) {
			got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Since: w.since, Until: w.until, Workers: 2})
			require.NoError(t, err)
			assert.Equal(t, tr.want(w.since, w.until), sorted(got), "window %s..%s", w.since, w.until)
			assert.Equal(t, int64(len(got)), st.Matched)
			assert.False(t, st.Incomplete(), "%+v", st.Errors)
			if !w.since.IsZero() && !w.until.IsZero() {
				assert.Less(t, st.ObjectsRead, int64(len(tr.files)), "a bounded window reads fewer objects")
			}
			assert.Equal(t, int64(len(tr.files)), st.ObjectsRead+st.ObjectsPruned+st.PrefixesPruned*0+pruneDirObjects(tr, st), "objects accounted for")
		})
	}
}

// pruneDirObjects is the number of objects never listed: in pruned folders.
func pruneDirObjects(tr *tree, st Stats) int64 { return int64(len(tr.files)) - st.ObjectsListed }

func TestRunAccountsRegions(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, hive}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 1, 0), 3)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Accounts: []string{acct2}})
	require.NoError(t, err)
	var want []string
	for k, lines := range tr.records {
		if strings.Contains(k, acct2) {
			want = append(want, lines...)
		}
	}
	assert.Equal(t, sorted(want), sorted(got))
	assert.Equal(t, int64(len(tr.files)/2), st.ObjectsRead)
	assert.Positive(t, st.PrefixesPruned)

	_, st, err = collect(t, t.Context(), Options{Sources: []string{dir}, Regions: []string{"eu-west-1"}})
	require.NoError(t, err)
	assert.Zero(t, st.ObjectsRead)
}

func TestRunOrdered(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, hourly}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 3, 0), 50)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	keys := make([]string, 0, len(tr.records))
	for k := range tr.records {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var want []string
	for _, k := range keys {
		want = append(want, tr.records[k]...)
	}
	for range 3 {
		var got []string
		var lines []int64
		_, err := Run(t.Context(), Options{Sources: []string{dir}, Workers: 4}, func(m Match) error {
			got = append(got, string(m.Record.Line()))
			lines = append(lines, m.Line)
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, want, got, "ordered output is in key order and file order")
		assert.Equal(t, int64(2), lines[0], "line 1 is the header")
	}
	got, _, err := collect(t, t.Context(), Options{Sources: []string{dir}, Workers: 4, Unordered: true})
	require.NoError(t, err)
	assert.Equal(t, sorted(want), sorted(got), "unordered output has the same records")
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	good := []string{
		"2 111111111111 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 111111111111 eni-1 10.0.0.1 10.0.0.2 3 4 6 1 40 1768435200 1768435260 REJECT OK",
	}
	many := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 3000)
	whole := gz(t, fileText(defaultHeader, many))
	corrupt := gz(t, fileText(defaultHeader, genRecords(newRand(), acct2, utc(2026, 1, 15, 0, 0), 3000)))
	for i := len(corrupt) / 2; i < len(corrupt)/2+64; i++ {
		corrupt[i] ^= 0x55
	}
	files := map[string][]byte{
		"a/good.log.gz":        gz(t, fileText(defaultHeader, good)),
		"a/plain.log":          []byte(fileText(defaultHeader, good)),
		"a/trunc.log.gz":       whole[:len(whole)/2],
		"a/corrupt.log.gz":     corrupt,
		"a/cloudtrail.json.gz": gz(t, `{"Records":[{"eventVersion":"1.08"}]}`),
		"a/x.parquet":          []byte("PAR1\x00\x00PAR1"),
		"a/empty.log.gz":       nil,
		"a/malformed.log.gz":   gz(t, fileText(defaultHeader, []string{good[0], "2 111111111111 eni-1 oops", good[1]})),
		"a/multimember.log.gz": append(gz(t, fileText(defaultHeader, good[:1])), gz(t, good[1]+"\n")...),
		"a/binary.bin":         {0, 1, 2, 3, 0xff, 0xfe, '\n', 9},
	}
	for k, b := range files {
		p := filepath.Join(dir, k)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b, 0o644))
	}
	var reported []error
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Workers: 2,
		OnError: func(err error) { reported = append(reported, err) }})
	require.NoError(t, err)
	assert.True(t, st.Incomplete())
	assert.Equal(t, int64(4), st.ObjectsFailed, "truncated, corrupt, bad Parquet, empty gzip")
	assert.Equal(t, int64(2), st.ObjectsSkipped, "cloudtrail, binary: %+v", st.Skips)
	assert.Equal(t, int64(4), st.ObjectsRead)
	assert.Equal(t, int64(len(files)), st.ObjectsListed)
	// The corrupt file inflates to garbage before its checksum fails: none of
	// it comes out, not even as malformed lines; one error names it.
	var text, skipped, corruptErrs []string
	for _, e := range reported {
		var se *SkipError
		if errors.As(e, &se) {
			assert.ErrorIs(t, se, ErrNotFlowLog)
			skipped = append(skipped, filepath.Base(se.Source))
			continue
		}
		var oe *ObjectError
		require.ErrorAs(t, e, &oe)
		if strings.Contains(oe.Source, "corrupt") {
			corruptErrs = append(corruptErrs, e.Error())
		} else {
			text = append(text, e.Error())
		}
	}
	require.Len(t, corruptErrs, 1, "the corrupt file is reported once, and its garbage never as lines")
	assert.True(t, strings.HasPrefix(corruptErrs[0], filepath.Join(dir, "a/corrupt.log.gz")+": corrupt gzip data: "), corruptErrs[0])
	assert.Contains(t, corruptErrs[0], "nothing of the object was kept")
	slices.Sort(skipped)
	assert.Equal(t, []string{"binary.bin", "cloudtrail.json.gz"}, skipped, "skipped objects reach OnError as *SkipError")
	slices.Sort(text)
	require.Len(t, text, 4)
	assert.Equal(t, filepath.Join(dir, "a/empty.log.gz")+": empty, though named as gzip: the object was cut to nothing", text[0])
	assert.Equal(t, filepath.Join(dir, "a/malformed.log.gz")+
		`:3: wrong number of fields: 4, want 14 (VPC default format): "2 111111111111 eni-1 oops"`, text[1])
	assert.Equal(t, filepath.Join(dir, "a/trunc.log.gz")+": truncated gzip data (the lines before the cut were read): unexpected EOF", text[2])
	assert.Contains(t, text[3], "parquetlog: "+filepath.Join(dir, "a/x.parquet")+": ")
	assert.Contains(t, text[3], "corrupt or truncated Parquet object")
	// The truncated file keeps the records before the cut; the corrupt one
	// gives nothing, and nothing else comes out.
	var fromTrunc, fromGood int
	for _, l := range got {
		switch {
		case slices.Contains(many, l):
			fromTrunc++
		case slices.Contains(good, l):
			fromGood++
		default:
			t.Errorf("not a record of the files: %q", l)
		}
	}
	assert.Greater(t, fromTrunc, 1000, "records before the damage are kept")
	assert.Less(t, fromTrunc, len(many))
	assert.Equal(t, 2*4, fromGood, "good, plain, malformed and multi-member files give 2 each")
}

func TestRunStrict(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.log"), []byte(fileText(defaultHeader, []string{"2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK", "bad"})), 0o644))
	_, _, err := collect(t, t.Context(), Options{Sources: []string{dir}, Strict: true})
	var oe *ObjectError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, int64(3), oe.Line)
	assert.ErrorIs(t, err, flowlog.ErrFieldCount)
}

func TestRunStdinAndFormats(t *testing.T) {
	custom := "${srcaddr} ${dstaddr} ${dstport} ${action} ${start} ${end}"
	f, err := flowlog.ParseFormat(custom)
	require.NoError(t, err)
	in := "10.0.0.1 10.0.0.2 22 ACCEPT 100 160\n10.0.0.3 10.0.0.4 443 REJECT 100 160\n"
	var got []string
	_, err = Run(t.Context(), Options{Sources: []string{"-"}, Stdin: bytes.NewReader(gz(t, in)), Format: f,
		Fields: flowlog.SetOf(flowlog.DstPort)}, func(m Match) error {
		port, ok := m.Record.Int(flowlog.DstPort)
		require.True(t, ok)
		assert.Equal(t, "-", m.Source)
		got = append(got, string(m.Record.Line())+" port="+itoa(port))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"10.0.0.1 10.0.0.2 22 ACCEPT 100 160 port=22", "10.0.0.3 10.0.0.4 443 REJECT 100 160 port=443"}, got)

	// Mixed formats in one folder: each object's header decides.
	dir := t.TempDir()
	v3 := "version vpc-id srcaddr dstaddr dstport action start end"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "1.log.gz"), gz(t, fileText(defaultHeader, []string{"2 111111111111 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 40 100 160 ACCEPT OK"})), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "2.log.gz"), gz(t, fileText(v3, []string{"3 vpc-1 10.0.0.5 10.0.0.6 22 REJECT 100 160"})), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "3.log.gz"), gz(t, fileText(defaultHeader, []string{"2 111111111111 eni-1 10.0.0.7 10.0.0.8 1 22 6 1 40 100 160 ACCEPT OK"})), 0o644))
	var addrs []string
	var formats []int
	_, err = Run(t.Context(), Options{Sources: []string{dir}, Filter: portFilter(22)}, func(m Match) error {
		a, _ := m.Record.Addr(flowlog.SrcAddr)
		addrs = append(addrs, a.String())
		formats = append(formats, m.Record.Format().Len())
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"10.0.0.1", "10.0.0.5", "10.0.0.7"}, addrs)
	assert.Equal(t, []int{14, 8, 14}, formats)
}

// portFilter matches one destination port.
type portFilter int64

func (p portFilter) Match(r *flowlog.Record) bool {
	v, ok := r.Int(flowlog.DstPort)
	return ok && v == int64(p)
}
func (p portFilter) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.DstPort) }

func TestRunLimitAndEmitError(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 6, 0), 100)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	base := runtime.NumGoroutine()
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Limit: 150, Workers: 2})
	require.NoError(t, err)
	assert.Len(t, got, 150)
	assert.Equal(t, int64(150), st.Matched)

	boom := errors.New("boom")
	n := 0
	_, err = Run(t.Context(), Options{Sources: []string{dir}, Workers: 2, Unordered: true}, func(Match) error {
		if n++; n == 10 {
			return boom
		}
		return nil
	})
	require.ErrorIs(t, err, boom)
	assert.Equal(t, 10, n)
	assertNoLeak(t, base)
}

func TestRunCancel(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0), 200)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	base := runtime.NumGoroutine()
	for _, unordered := range []bool{false, true} {
		ctx, cancel := context.WithCancel(t.Context())
		n := 0
		var stopped time.Time
		_, err := Run(ctx, Options{Sources: []string{dir}, Workers: 2, Unordered: unordered}, func(Match) error {
			if n++; n == 100 {
				cancel()
				stopped = time.Now()
			}
			return nil
		})
		require.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(stopped), time.Second)
		assert.GreaterOrEqual(t, n, 100, "matches before the cancellation are delivered")
		assert.Less(t, n, len(tr.want(time.Time{}, time.Time{})))
	}
	assertNoLeak(t, base)
}

func TestPlan(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, hiveHourly}, utc(2026, 1, 14, 22, 0), utc(2026, 1, 16, 2, 0), 1)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	p, err := Plan(t.Context(), Options{Sources: []string{dir}, Since: utc(2026, 1, 15, 12, 0), Until: utc(2026, 1, 15, 13, 0)})
	require.NoError(t, err)
	// Records ending at 12:00 or later are in files stamped after 11:55, records
	// starting before 13:00 in files stamped up to 13:11; with 15 min of slack:
	// stamps 11:45 .. 13:25, 21 files per layout.
	assert.Len(t, p.Selected, 2*21)
	assert.NotEmpty(t, p.Pruned)
	assert.Zero(t, p.Stats.GetRequests)
	for _, o := range p.Selected {
		assert.True(t, o.Info.Stamp.After(utc(2026, 1, 15, 11, 44)) && o.Info.Stamp.Before(utc(2026, 1, 15, 13, 26)), o.Source)
	}
}

// assertNoLeak checks that no goroutine running scan code is left, waiting
// up to two seconds. (Keep-alive connections of net/http belong to the
// transport and are not counted.)
func assertNoLeak(t *testing.T, _ int) {
	t.Helper()
	var left []string
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if left = scanGoroutines(); len(left) == 0 {
			return
		}
	}
	assert.Empty(t, left, "goroutines left running")
}

// scanGoroutines returns the stacks of goroutines running code of this
// package, other than tests.
func scanGoroutines() []string {
	buf := make([]byte, 4<<20)
	var out []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "flowq/scan.") && !strings.Contains(g, "flowq/scan.Test") && !strings.Contains(g, "scan.assertNoLeak") {
			out = append(out, g)
		}
	}
	return out
}

func TestRunProgressAndFilterRange(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 3, 0), 10)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	var snaps []Stats
	_, err := Run(t.Context(), Options{Sources: []string{dir}, Workers: 1,
		Progress: func(s Stats) { snaps = append(snaps, s) }}, func(Match) error {
		time.Sleep(3 * time.Millisecond)
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, snaps, "Progress is called while the scan runs")
	for i := 1; i < len(snaps); i++ {
		assert.GreaterOrEqual(t, snaps[i].Matched, snaps[i-1].Matched)
	}

	// A filter's own range on start prunes like Since/Until; it checks its
	// records itself.
	lo, hi := utc(2026, 1, 15, 1, 0).Unix(), utc(2026, 1, 15, 1, 30).Unix()-1
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Filter: startRange{lo, hi}})
	require.NoError(t, err)
	var want []string
	for _, l := range tr.want(time.Time{}, time.Time{}) {
		var start int64
		fmt.Sscan(strings.Fields(l)[10], &start)
		if start >= lo && start <= hi {
			want = append(want, l)
		}
	}
	assert.Equal(t, want, sorted(got))
	assert.Positive(t, st.ObjectsPruned)
}

// startRange matches records starting in [lo, hi] and reports that range.
type startRange struct{ lo, hi int64 }

func (s startRange) Match(r *flowlog.Record) bool {
	v, ok := r.Int(flowlog.Start)
	return ok && v >= s.lo && v <= s.hi
}
func (s startRange) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.Start) }
func (s startRange) Range(f flowlog.Field) (int64, int64, bool) {
	return s.lo, s.hi, f == flowlog.Start
}

func TestRunCountOnly(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain, hive}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 2, 0), 50)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	for _, unordered := range []bool{false, true} {
		opts := Options{Sources: []string{dir}, Filter: portFilter(22), Workers: 2, Unordered: unordered}
		got, full, err := collect(t, t.Context(), opts)
		require.NoError(t, err)
		require.NotEmpty(t, got)
		counted, err := Run(t.Context(), opts, nil) // nil emit: count only
		require.NoError(t, err)
		assert.Equal(t, int64(len(got)), counted.Matched, "unordered=%v", unordered)
		assert.Equal(t, full.Records, counted.Records)
	}
}

func TestMatchLineNumbers(t *testing.T) {
	tr := genTree(t, "", []layoutKind{plain}, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 1, 0), 40)
	dir := t.TempDir()
	tr.writeDir(t, dir)
	for _, unordered := range []bool{false, true} {
		n := 0
		_, err := Run(t.Context(), Options{Sources: []string{dir}, Filter: portFilter(22), Unordered: unordered}, func(m Match) error {
			n++
			assert.Equal(t, m.Line, m.Record.LineNumber())
			assert.Greater(t, m.Line, int64(1), "line 1 is the header")
			return nil
		})
		require.NoError(t, err)
		require.Positive(t, n)
	}
}
