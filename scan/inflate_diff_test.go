package scan

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oneObject is a Source of one object held in memory, listed with its
// true size (as a bucket or a directory lists it).
type oneObject []byte

func (o oneObject) List(context.Context, string, Scope) (Listing, error) {
	return Listing{Objects: []Object{{Key: "x.log.gz", Size: int64(len(o))}}}, nil
}

func (o oneObject) Open(context.Context, Object, Scope) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o)), nil
}

func (o oneObject) Name(key string) string { return "mem:" + key }

// inflateOutcome is what a scan of one object delivers and says.
type inflateOutcome struct {
	Records  []string
	Problems []string
	Stats    Stats
}

func scanWith(t testing.TB, inflate string, data []byte) inflateOutcome {
	t.Helper()
	var out inflateOutcome
	opts := Options{Locations: []Location{{Source: oneObject(data)}}, Inflate: inflate, Workers: 1,
		OnError: func(err error) { out.Problems = append(out.Problems, err.Error()) }}
	var err error
	out.Records, out.Stats, err = collect(t, t.Context(), opts)
	require.NoError(t, err)
	return out
}

// requireLibdeflate skips a test where libdeflate is absent, and fails it
// under CI, which installs libdeflate0.
func requireLibdeflate(t testing.TB) {
	t.Helper()
	if _, err := newLibdeflateChecked(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libdeflate is required under CI: %v", err)
		}
		t.Skipf("libdeflate not available: %v", err)
	}
}

// assertSameOutcome checks that both inflaters deliver the same records
// and say the same things about data.
func assertSameOutcome(t testing.TB, data []byte) (whole bool) {
	t.Helper()
	want := scanWith(t, InflateGo, data)
	got := scanWith(t, InflateLibdeflate, data)
	assert.Equal(t, want.Records, got.Records, "records")
	assert.Equal(t, want.Problems, got.Problems, "problems")
	assert.Equal(t, want.Stats.Records, got.Stats.Records, "records counted")
	assert.Equal(t, want.Stats.Malformed, got.Stats.Malformed, "malformed counted")
	assert.Equal(t, want.Stats.ObjectsFailed, got.Stats.ObjectsFailed, "objects failed")
	assert.Zero(t, want.Stats.GzipWhole, "the go inflater never inflates whole")
	return got.Stats.GzipWhole == 1
}

// members is a multi-member gzip object: the header and the records split
// into three members, with an empty member between the first two.
func members(t testing.TB) (data []byte, bounds []int) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 90)
	text := fileText(defaultHeader, lines)
	third := len(text) / 3
	cut1 := strings.IndexByte(text[third:], '\n') + third + 1
	for _, part := range []string{text[:cut1], "", text[cut1 : 2*third], text[2*third:]} {
		bounds = append(bounds, len(data))
		data = append(data, gz(t, part)...)
	}
	return data, bounds
}

func TestInflatersAgree(t *testing.T) {
	requireLibdeflate(t)
	data, bounds := members(t)
	end := func(i int) int { // end of member i
		if i+1 < len(bounds) {
			return bounds[i+1]
		}
		return len(data)
	}
	tests := []struct {
		name  string
		data  func() []byte
		whole bool // libdeflate inflates it whole (else it hands it to klauspost)
	}{
		{"multi-member with an empty member", func() []byte { return data }, true},
		{"one empty member", func() []byte { return gz(t, "") }, true},
		{"corrupt CRC of the last member", func() []byte { return flip(data, len(data)-6) }, false},
		{"corrupt ISIZE of the first member", func() []byte { return flip(data, end(0)-1) }, false},
		{"corrupt CRC of the first member", func() []byte { return flip(data, end(0)-8) }, false},
		{"corrupt deflate data", func() []byte { return flip(data, bounds[2]+40) }, false},
		{"trailing garbage", func() []byte { return append(bytes.Clone(data), "garbage\n"...) }, false},
		{"trailing zeros", func() []byte { return append(bytes.Clone(data), make([]byte, 16)...) }, false},
		{"a header CRC (FHCRC)", func() []byte { return withHeaderCRC(t, gz(t, fileText(defaultHeader, nil))) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.whole, assertSameOutcome(t, tt.data()), "inflated whole")
		})
	}
}

// TestInflatersAgreeOnCuts cuts the object at every fifth byte and around
// every member boundary: a truncated object gives up its complete lines,
// the same with either inflater, and only a cut between members leaves a
// whole (shorter) object. FuzzInflaters covers the other cuts.
func TestInflatersAgreeOnCuts(t *testing.T) {
	requireLibdeflate(t)
	data, bounds := members(t)
	cuts := map[int]bool{}
	for cut := 1; cut < len(data); cut += 5 {
		cuts[cut] = true
	}
	for _, b := range bounds[1:] {
		cuts[b-1], cuts[b], cuts[b+1] = true, true, true
	}
	for cut := range cuts {
		atBoundary := slices.Contains(bounds, cut)
		assert.Equal(t, atBoundary, assertSameOutcome(t, data[:cut]), "cut at %d: inflated whole", cut)
	}
}

func FuzzInflaters(f *testing.F) {
	requireLibdeflate(f)
	data, _ := members(f)
	f.Add(data)
	f.Add(gz(f, ""))
	f.Add(append(gz(f, "a b\n"), gz(f, "c d\n")...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			return // only gzip takes the two paths
		}
		assertSameOutcome(t, data)
	})
}

func flip(data []byte, at int) []byte {
	d := bytes.Clone(data)
	d[at] ^= 0x5a
	return d
}

// withHeaderCRC sets FHCRC on a single-member gzip object and inserts a
// wrong header CRC-16: klauspost checks it, libdeflate would not, so the
// object must not be inflated whole.
func withHeaderCRC(t testing.TB, data []byte) []byte {
	require.Equal(t, byte(0), data[3], "a plain header")
	out := append(bytes.Clone(data[:10]), 0, 0)
	out[3] |= gzipFlagHeaderCRC
	binary.LittleEndian.PutUint16(out[10:], 0xbeef)
	return append(out, data[10:]...)
}
