package scan

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// regionIs matches records whose region (the field, or the partition
// value of the object's key) is one of the regions.
type regionIs struct{ regions []string }

func (m regionIs) Match(r *flowlog.Record) bool {
	for _, reg := range m.regions {
		if string(r.Text(flowlog.Region)) == reg {
			return true
		}
	}
	return false
}
func (m regionIs) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.Region) }

// valuedRegion is regionIs that says what regions it allows, as
// *filter.Filter does.
type valuedRegion struct{ regionIs }

func (m valuedRegion) Values(f flowlog.Field) ([]string, bool) { return m.regions, f == flowlog.Region }

// twoRegionTree is v2 objects (no region field) in us-east-1 and
// eu-west-1 folders.
func twoRegionTree(t *testing.T) (*tree, string) {
	tr := newTree()
	rng := newRand()
	from := utc(2026, 1, 15, 0, 0)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		for s := from; s.Before(from.Add(30 * time.Minute)); s = s.Add(fileWindow) {
			tr.addRecords(t, objectKey("", plain, acct1, region, s, 0), genRecords(rng, acct1, s, 20))
		}
	}
	dir := t.TempDir()
	tr.writeDir(t, dir)
	return tr, dir
}

func (tr *tree) wantKeys(contains string) []string {
	var out []string
	for k, lines := range tr.records {
		if strings.Contains(k, contains) {
			out = append(out, lines...)
		}
	}
	return sorted(out)
}

func TestPartitionColumnsFromTheKey(t *testing.T) {
	tr, dir := twoRegionTree(t)
	want := tr.wantKeys("/us-east-1/")
	require.NotEmpty(t, want)
	tests := []struct {
		name   string
		opts   Options
		pruned int64
	}{
		{"region filter, checked per record", Options{Filter: regionIs{regions: []string{"us-east-1"}}}, 0},
		{"region filter with values, pruned", Options{Filter: valuedRegion{regionIs{regions: []string{"us-east-1"}}}}, 1},
		{"--region", Options{Regions: []string{"us-east-1"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Sources = []string{dir}
			got, st, err := collect(t, t.Context(), tt.opts)
			require.NoError(t, err)
			assert.Equal(t, want, sorted(got))
			assert.Equal(t, tt.pruned, st.PrefixesPruned, "the eu-west-1 folder")
		})
	}
	plan, err := Plan(t.Context(), Options{Sources: []string{dir}, Filter: valuedRegion{regionIs{regions: []string{"us-east-1"}}}})
	require.NoError(t, err)
	require.Len(t, plan.Pruned, 1)
	assert.True(t, plan.Pruned[0].Dir)
	assert.Equal(t, "region eu-west-1 not selected", plan.Pruned[0].Reason)
}

func TestFilterAndRegionFlagIntersect(t *testing.T) {
	_, dir := twoRegionTree(t)
	got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Regions: []string{"eu-west-1"},
		Filter: valuedRegion{regionIs{regions: []string{"us-east-1"}}}})
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Equal(t, int64(0), st.ObjectsRead, "nothing can match: nothing is read")
}

// TestKeptRecordsAreSafe is the documented way to keep a record past its
// callback: Clone it. Under the race detector it shows that clones can be
// read by another goroutine while the scan goes on.
func TestKeptRecordsAreSafe(t *testing.T) {
	tr, dir := twoRegionTree(t)
	kept := make(chan *flowlog.Record, 16)
	var got []string
	var wg sync.WaitGroup
	wg.Go(func() {
		for r := range kept {
			src, _ := r.Addr(flowlog.SrcAddr)
			line := r.String()
			if !strings.Contains(line, src.String()) {
				t.Errorf("%s does not hold %s", line, src)
			}
			got = append(got, line)
		}
	})
	_, err := Run(t.Context(), Options{Sources: []string{dir}, Workers: 2}, func(m Match) error {
		kept <- m.Record.Clone()
		return nil
	})
	close(kept)
	wg.Wait()
	require.NoError(t, err)
	assert.Equal(t, tr.want(time.Time{}, time.Time{}), sorted(got))
}

func TestNilEmitCountsEvenWithLimit(t *testing.T) {
	_, dir := twoRegionTree(t)
	st, err := Run(t.Context(), Options{Sources: []string{dir}, Limit: 7}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(7), st.Matched)
	st, err = Run(t.Context(), Options{Sources: []string{dir}}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(240), st.Matched)
}

func TestStatsMerge(t *testing.T) {
	a := Stats{ObjectsRead: 2, Records: 10, Matched: 3, Errors: make([]ObjectError, 99), Elapsed: time.Second}
	b := Stats{ObjectsRead: 1, Records: 5, Malformed: 1, Errors: make([]ObjectError, 5), Elapsed: 2 * time.Second}
	a.Merge(b)
	assert.Equal(t, Stats{ObjectsRead: 3, Records: 15, Matched: 3, Malformed: 1, Errors: make([]ObjectError, 100),
		Elapsed: 2 * time.Second}, a)
	assert.True(t, a.Incomplete())
}

func TestLoadedRecordsCarryTheirOrigin(t *testing.T) {
	_, dir := twoRegionTree(t)
	n := 0
	_, err := Run(t.Context(), Options{Sources: []string{dir}}, func(m Match) error {
		n++
		require.NotNil(t, m.Record.Origin())
		assert.Equal(t, m.Source, m.Record.Origin().Source)
		acct, _ := m.Record.Origin().Value(flowlog.AccountID)
		assert.Equal(t, acct1, acct)
		region := m.Record.Text(flowlog.Region)
		assert.True(t, bytes.Contains([]byte(m.Source), append(append([]byte("/"), region...), '/')), "%s in %s", region, m.Source)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 240, n)
}

// TestAccountAndRegionCheckRecords checks that --account and --region hold
// for records too, not only for the folders and names they prune: the
// object's key says the flow log's account and region, and where there is
// no key (standard input, a renamed file), the record's own fields do.
func TestAccountAndRegionCheckRecords(t *testing.T) {
	mine := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 5)
	theirs := genRecords(newRand(), acct2, utc(2026, 1, 15, 0, 0), 5)
	stdin := strings.Join(append(slices.Clone(mine), theirs...), "\n") + "\n"
	got, _, err := collect(t, t.Context(), Options{Sources: []string{"-"}, Stdin: strings.NewReader(stdin), Accounts: []string{acct1}})
	require.NoError(t, err)
	assert.Equal(t, mine, got, "standard input: the record's account-id")

	got, _, err = collect(t, t.Context(), Options{Sources: []string{"-"}, Stdin: strings.NewReader(stdin), Regions: []string{"us-east-1"}})
	require.NoError(t, err)
	assert.Empty(t, got, "v2 records on standard input have no region: none is known to be in us-east-1")

	// A flow log of acct1 holds a record of an interface owned by acct2:
	// the flow log's account, in the key, is what --account selects.
	tr := newTree()
	key := objectKey("", plain, acct1, "us-east-1", utc(2026, 1, 15, 0, 0), 0)
	tr.addRecords(t, key, append(slices.Clone(mine), theirs[0]))
	dir := t.TempDir()
	tr.writeDir(t, dir)
	got, _, err = collect(t, t.Context(), Options{Sources: []string{dir}, Accounts: []string{acct1}})
	require.NoError(t, err)
	assert.Len(t, got, 6)
	renamed := filepath.Join(t.TempDir(), "copy.log.gz")
	require.NoError(t, os.Rename(filepath.Join(dir, filepath.FromSlash(key)), renamed))
	got, _, err = collect(t, t.Context(), Options{Sources: []string{renamed}, Accounts: []string{acct1}})
	require.NoError(t, err)
	assert.Equal(t, mine, got, "renamed: no key to say, so the record's account-id")
}

func TestAccessFailure(t *testing.T) {
	denied := &AccessError{Kind: Denied, Code: "AccessDenied"}
	assert.Same(t, denied, Stats{Errors: []ObjectError{{Err: fmt.Errorf("list: %w", denied)}}}.AccessFailure())
	assert.Nil(t, Stats{ObjectsRead: 1, Errors: []ObjectError{{Err: denied}}}.AccessFailure(), "something was read")
	assert.Nil(t, Stats{Errors: []ObjectError{{Err: denied}, {Err: errors.New("other")}}}.AccessFailure())
	assert.Nil(t, Stats{}.AccessFailure())
}
