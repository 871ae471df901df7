package gen

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
)

var t0 = time.Date(2026, 1, 14, 23, 50, 0, 0, time.UTC)

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	}))
	return out
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

func TestWriteTreeDeterministic(t *testing.T) {
	cfg := Config{Seed: 7, Start: t0, Duration: 20 * time.Minute, Accounts: []string{"111111111111", "222222222222"},
		Regions: []string{"us-east-1", "eu-west-1"}, RecordsPerObject: 300, NoDataFraction: 0.02,
		MalformedFraction: 0.01, IPv6Fraction: 0.1}
	a, b := t.TempDir(), t.TempDir()
	cfg.Workers = 1
	ma, err := WriteTree(context.Background(), a, cfg)
	require.NoError(t, err)
	cfg.Workers = 4
	mb, err := WriteTree(context.Background(), b, cfg)
	require.NoError(t, err)
	assert.Equal(t, ma, mb)
	ta, tb := readTree(t, a), readTree(t, b)
	assert.Len(t, ta, 2*2*4)
	assert.Equal(t, ta, tb)

	cfg.Seed = 8
	mc, err := WriteTree(context.Background(), t.TempDir(), cfg)
	require.NoError(t, err)
	assert.NotEqual(t, ma.RawBytes, mc.RawBytes, "another seed gives other traffic")
}

func TestLayouts(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 5, 0, 0, time.UTC)
	tests := []struct {
		layout Layout
		legacy bool
		prefix string
		dir    string
	}{
		{Plain, false, "", "AWSLogs/123456789012/vpcflowlogs/ap-northeast-1/2026/01/15/"},
		{Hourly, false, "", "AWSLogs/123456789012/vpcflowlogs/ap-northeast-1/2026/01/15/09/"},
		{Hive, false, "logs/", "logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=ap-northeast-1/year=2026/month=01/day=15/"},
		{Hive, true, "", "AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=ap-northeast-1/year=2026/month=01/day=15/"},
		{HiveHourly, false, "", "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=ap-northeast-1/year=2026/month=01/day=15/hour=09/"},
	}
	for _, tt := range tests {
		t.Run(tt.layout.String(), func(t *testing.T) {
			g, err := New(Config{Seed: 1, Start: start, Duration: 5 * time.Minute, Regions: []string{"ap-northeast-1"},
				Layout: tt.layout, LegacyHiveService: tt.legacy, Prefix: tt.prefix, FlowLogID: "fl-1234abcd"})
			require.NoError(t, err)
			objs := g.Objects()
			require.Len(t, objs, 1)
			dir, name := objs[0].Key[:strings.LastIndexByte(objs[0].Key, '/')+1], objs[0].Key[strings.LastIndexByte(objs[0].Key, '/')+1:]
			assert.Equal(t, tt.dir, dir)
			assert.Regexp(t, `^123456789012_vpcflowlogs_ap-northeast-1_fl-1234abcd_20260115T0905Z_[0-9a-f]{8}\.log\.gz$`, name)
			l, err := ParseLayout(tt.layout.String())
			require.NoError(t, err)
			assert.Equal(t, tt.layout, l)
		})
	}
}

// TestEveryLineParses reads every object of several formats with
// flowlog.NewReader and checks counts, windows and the header.
func TestEveryLineParses(t *testing.T) {
	tests := []struct {
		name   string
		format *flowlog.Format
	}{
		{"v2", nil},
		{"v5", MustFormat(FormatV5)},
		{"v10", MustFormat(FormatV10)},
		{"no-version", MustFormat(FormatNoVersion)},
		{"tgw", flowlog.TransitGatewayFormat()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Seed: 3, Start: t0, Duration: 15 * time.Minute, Regions: []string{"us-east-1", "ap-northeast-1"},
				Format: tt.format, RecordsPerObject: 400, NoDataFraction: 0.03, MalformedFraction: 0.02, IPv6Fraction: 0.1}
			m, err := WriteTree(context.Background(), dir, cfg)
			require.NoError(t, err)
			require.Len(t, m.Objects, 6)
			want := cfg.Format
			if want == nil {
				want = flowlog.DefaultFormat()
			}
			var records, malformed, nodata int64
			for _, o := range m.Objects {
				raw := gunzip(t, readFile(t, dir, o.Key))
				assert.Equal(t, o.RawBytes, int64(len(raw)))
				assert.True(t, bytes.HasPrefix(raw, []byte(want.Header()+"\n")), "header line first")
				rd := flowlog.NewReader(bytes.NewReader(raw), flowlog.ReaderOptions{Source: o.Key, Format: flowlog.DefaultFormat(),
					OnMalformed: func(*flowlog.ParseError) { malformed++ }})
				lo, hi := o.Window.Unix(), o.Window.Add(5*time.Minute).Unix()
				for rd.Scan() {
					rec := rd.Record()
					records++
					if st, _ := rec.Int(flowlog.LogStatus); st != flowlog.LogStatusOK {
						nodata++
					}
					end, ok := rec.Int(flowlog.End)
					require.True(t, ok, rec.String())
					start, _ := rec.Int(flowlog.Start)
					assert.True(t, end >= lo && end < hi, "end %d outside window %s: %s", end, o.Window, rec)
					assert.LessOrEqual(t, end-start, int64(11*60), rec.String())
					assert.True(t, want.Equal(rec.Format()), "format from the header")
					require.NoError(t, rec.Decode(flowlog.AllFields()), rec.String())
				}
				require.NoError(t, rd.Err())
			}
			assert.Equal(t, m.Records, records)
			assert.Equal(t, m.Malformed, malformed)
			assert.Equal(t, m.NoData, nodata)
			assert.Positive(t, m.Malformed)
			assert.Positive(t, m.NoData)
		})
	}
}

func readFile(t *testing.T, dir, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(key)))
	require.NoError(t, err)
	return b
}

// TestCompressionRatio checks the data compresses like real flow logs
// (6–10:1 for the default format), not like random text.
func TestCompressionRatio(t *testing.T) {
	for _, tt := range []struct {
		name   string
		format *flowlog.Format
		lo, hi float64
	}{
		{"v2", nil, 6, 10},
		{"v5", MustFormat(FormatV5), 6, 14},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := WriteTree(context.Background(), t.TempDir(), Config{Seed: 11, Start: t0, Duration: 30 * time.Minute,
				Format: tt.format, RecordsPerObject: 3000, NoDataFraction: 0.01, IPv6Fraction: 0.02})
			require.NoError(t, err)
			t.Logf("%s: %d records, %d raw bytes (%.1f B/line), ratio %.2f", tt.name, m.Records, m.RawBytes,
				float64(m.RawBytes)/float64(m.Records), m.Ratio())
			assert.GreaterOrEqual(t, m.Ratio(), tt.lo)
			assert.LessOrEqual(t, m.Ratio(), tt.hi)
		})
	}
}

func TestMidnightCrossing(t *testing.T) {
	g, err := New(Config{Seed: 5, Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), Duration: 5 * time.Minute, RecordsPerObject: 2000})
	require.NoError(t, err)
	text, _ := g.AppendObject(nil, g.Objects()[0])
	midnight := g.Objects()[0].Window.Unix()
	rd := flowlog.NewReader(bytes.NewReader(text), flowlog.ReaderOptions{})
	before := 0
	for rd.Scan() {
		if s, _ := rd.Record().Int(flowlog.Start); s < midnight {
			before++
		}
	}
	assert.Positive(t, before, "some records of the 00:00 object start on the previous day")
}

func TestEvents(t *testing.T) {
	src, dst := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("10.0.1.25")
	at := time.Date(2026, 1, 14, 15, 30, 10, 0, time.UTC)
	g, err := New(Config{Seed: 1, Start: at.Add(-10 * time.Minute), Duration: 30 * time.Minute, RecordsPerObject: 100,
		Events: []Event{{At: at, Count: 6, Every: time.Minute, SrcAddr: src, DstAddr: dst, SrcPort: 40000,
			DstPort: 5432, Action: "REJECT", Packets: 2}}})
	require.NoError(t, err)
	var got []int64
	for _, o := range g.Objects() {
		text, st := g.AppendObject(nil, o)
		rd := flowlog.NewReader(bytes.NewReader(text), flowlog.ReaderOptions{})
		var n int64
		for rd.Scan() {
			require.NoError(t, rd.Err())
			n++
			r := rd.Record()
			if a, _ := r.Addr(flowlog.SrcAddr); a == src {
				d, _ := r.Addr(flowlog.DstAddr)
				assert.Equal(t, dst, d)
				p, _ := r.Int(flowlog.DstPort)
				assert.Equal(t, int64(5432), p)
				assert.Equal(t, flowlog.ActionReject, r.Action())
				end, _ := r.Int(flowlog.End)
				got = append(got, end)
			}
		}
		assert.Equal(t, st.Records, n)
	}
	var want []int64
	for k := range 6 {
		want = append(want, at.Add(time.Duration(k)*time.Minute).Unix())
	}
	assert.Equal(t, want, got)
}

func TestConfigErrors(t *testing.T) {
	for name, c := range map[string]Config{
		"no duration":  {Start: t0},
		"bad account":  {Start: t0, Duration: time.Hour, Accounts: []string{"12345"}},
		"bad fraction": {Start: t0, Duration: time.Hour, MalformedFraction: 2},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(c)
			assert.Error(t, err)
		})
	}
}

func TestTextDeterministic(t *testing.T) {
	g, err := New(Config{Seed: 1, Start: t0, Duration: 5 * time.Minute})
	require.NoError(t, err)
	text := g.Text(1000)
	assert.Equal(t, 1001, bytes.Count(text, []byte("\n")))
	assert.Equal(t, text, g.Text(1000))
}
