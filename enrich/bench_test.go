package enrich_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/enrichtest"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigFiles writes enrichment files of realistic size: ip-ranges.json with
// about as many prefixes as AWS's (10,000 IPv4 and 2,000 IPv6, nested),
// 5,000 interfaces, and 20,000-network country and ASN databases.
func bigFiles(t testing.TB) []string {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	services := []string{"AMAZON", "EC2", "S3", "CLOUDFRONT", "ROUTE53", "DYNAMODB"}
	var aws []enrichtest.AWSPrefix
	for i := range 10000 {
		bits := 16 + rng.IntN(13)
		a := netip.AddrFrom4([4]byte{byte(1 + rng.IntN(220)), byte(rng.IntN(256)), byte(rng.IntN(256)), 0})
		p := netip.PrefixFrom(a, bits).Masked()
		aws = append(aws, enrichtest.AWSPrefix{Prefix: p.String(), Region: fmt.Sprintf("region-%d", i%30), Service: services[rng.IntN(len(services))]})
	}
	aws = append(aws, enrichtest.AWSPrefix{Prefix: "198.51.100.0/24", Region: "us-east-1", Service: "S3"})
	for i := range 2000 {
		var b [16]byte
		b[0], b[1], b[2], b[3] = 0x24, 0x06, byte(rng.IntN(256)), byte(rng.IntN(256))
		p := netip.PrefixFrom(netip.AddrFrom16(b), 32+rng.IntN(25)).Masked()
		aws = append(aws, enrichtest.AWSPrefix{Prefix: p.String(), Region: fmt.Sprintf("region-%d", i%30), Service: services[rng.IntN(len(services))]})
	}
	var enis []enrichtest.ENI
	for i := range 5000 {
		enis = append(enis, enrichtest.ENI{ID: fmt.Sprintf("eni-%017x", i), Name: fmt.Sprintf("host-%d", i), Type: "interface",
			Owner: "111122223333", VPC: "vpc-1", Addrs: []string{netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String()}})
	}
	var country, asn []enrichtest.Network
	for i := range 20000 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(1 + i/256%220), byte(i), 0, 0}), 16).Masked().String()
		country = append(country, enrichtest.Network{Prefix: p, Country: string(rune('A'+i%26)) + string(rune('A'+i/26%26))})
		asn = append(asn, enrichtest.Network{Prefix: p, ASN: uint32(64512 + i%1000), Org: fmt.Sprintf("Org %d", i%1000)})
	}
	paths := []string{filepath.Join(dir, "ip-ranges.json"), filepath.Join(dir, "enis.json"), filepath.Join(dir, "country.mmdb"), filepath.Join(dir, "asn.mmdb")}
	require.NoError(t, enrichtest.WriteIPRanges(paths[0], created, aws))
	require.NoError(t, enrichtest.WriteENIs(paths[1], enis))
	require.NoError(t, enrichtest.WriteMMDB(paths[2], "GeoLite2-Country", built, country))
	require.NoError(t, enrichtest.WriteMMDB(paths[3], "GeoLite2-ASN", built, asn))
	return paths
}

// lines makes n v2 records between interfaces of bigFiles and public
// addresses (AWS's and not).
func lines(n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]string, n)
	for i := range out {
		host := rng.IntN(6000) // some unknown
		src := netip.AddrFrom4([4]byte{10, 0, byte(host >> 8), byte(host)})
		dst := netip.AddrFrom4([4]byte{byte(1 + rng.IntN(220)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(1 + rng.IntN(254))})
		if i%10 == 0 {
			dst = netip.MustParseAddr("198.51.100.7")
		}
		out[i] = fmt.Sprintf("2 111122223333 eni-%017x %s %s %d 443 6 10 4000 1768435200 1768435260 ACCEPT OK",
			host, src, dst, 1024+rng.IntN(60000))
	}
	return out
}

// BenchmarkLookup is the cost of each kind of enrichment field on one
// record, beside filter's (BenchmarkMatch3Terms in ./filter).
//
//	go test -run - -bench Lookup ./enrich
func BenchmarkLookup(b *testing.B) {
	set, err := enrich.Load(context.Background(), bigFiles(b)...)
	require.NoError(b, err)
	defer set.Close()
	schema, err := flowlog.NewSchema(set.Fields()...)
	require.NoError(b, err)
	all := flowlog.AllFields()
	var recs []*flowlog.Record
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines(1024), "\n")), flowlog.ReaderOptions{Fields: &all})
	for rd.Scan() {
		recs = append(recs, rd.Record().Clone())
	}
	for _, name := range []string{"dst_aws_service", "dst_aws_region", "eni_name", "src_eni_name", "dst_country", "dst_asn"} {
		f, ok := schema.Lookup(name)
		require.True(b, ok)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			want := flowlog.SetOf(f)
			i := 0
			for b.Loop() {
				schema.Derive(recs[i&1023], want)
				i++
			}
		})
	}
}

// scanTree writes one gzip object of n records in an AWS layout.
func scanTree(t testing.TB, n int) (string, int64) {
	dir := t.TempDir()
	key := "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/01/15/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20260115T0005Z_00000001.log.gz"
	text := "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
		strings.Join(lines(n), "\n") + "\n"
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	p := filepath.Join(dir, filepath.FromSlash(key))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return dir, int64(len(text))
}

// enrichedQuery tests fields of three kinds of file on every record and
// matches what plainQuery does (198.51.100.7 is S3's in bigFiles): one
// record in ten.
const (
	enrichedQuery = "(dst_aws_service = 'S3' or dst_country = 'JP' or src_eni_name = 'host-7') and dstaddr = 198.51.100.7"
	plainQuery    = "dstaddr = 198.51.100.7"
)

// enrichedScan is a scan whose filter tests three files' fields and whose
// matches carry four more.
func enrichedScan(t testing.TB, set *enrich.Set, dir string, carried *int) (scan.Options, func(scan.Match) error) {
	schema, err := flowlog.NewSchema(set.Fields()...)
	require.NoError(t, err)
	f, err := filter.Compile(enrichedQuery, filter.Options{Schema: schema})
	require.NoError(t, err)
	var fields flowlog.FieldSet
	for _, n := range []string{"dst_aws_region", "src_eni", "dst_asn", "dst_as_org"} {
		fd, ok := schema.Lookup(n)
		require.True(t, ok)
		fields.Add(fd)
	}
	region, _ := schema.Lookup("dst_aws_region")
	emit := func(m scan.Match) error {
		if m.Record.Text(region) != nil {
			*carried++
		}
		return nil
	}
	return scan.Options{Sources: []string{dir}, Filter: f, Schema: schema, Fields: fields, Workers: 1}, emit
}

// TestEnrichedScanAllocs: with three kinds of file loaded, their fields
// computed for every record and four more printed for the matches, a
// scan's allocations grow by under one per 50 records, where an
// allocation per record would add one: what grows is the batches of
// matches, not the per-record path.
func TestEnrichedScanAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	set, err := enrich.Load(context.Background(), bigFiles(t)...)
	require.NoError(t, err)
	defer set.Close()
	plainFilter, err := filter.Compile(plainQuery, filter.Options{})
	require.NoError(t, err)
	allocs := func(n int, enriched bool) (float64, int64) {
		dir, _ := scanTree(t, n)
		var carried int
		opts, emit := enrichedScan(t, set, dir, &carried)
		if !enriched {
			opts = scan.Options{Sources: []string{dir}, Filter: plainFilter, Workers: 1}
		}
		var matched int64
		run := func() {
			st, err := scan.Run(context.Background(), opts, emit)
			require.NoError(t, err)
			matched = st.Matched
		}
		run() // the caches fill
		// The least of three measures: a loaded machine only adds
		// allocations (pooled batches dropped by a GC), never removes them.
		a := testing.AllocsPerRun(5, run)
		for range 2 {
			a = min(a, testing.AllocsPerRun(5, run))
		}
		if enriched {
			require.Positive(t, carried, "matches carry their derived fields")
		}
		return a, matched
	}
	growth := map[bool]float64{}
	for _, enriched := range []bool{false, true} {
		small, ms := allocs(2000, enriched)
		large, ml := allocs(50000, enriched)
		growth[enriched] = (large - small) / 48000
		t.Logf("enriched %v: allocations per scan %v (2,000 records, %d matches), %v (50,000 records, %d matches): %.5f per record",
			enriched, small, ms, large, ml, growth[enriched])
	}
	// An allocation per record would grow by 1. What remains grows with
	// the matches (a tenth of the records here): their batches, which
	// carry four derived values each when enriched, and the pool refills
	// of a busy machine's garbage collector.
	assert.Less(t, growth[false], 0.02)
	assert.Less(t, growth[true], 0.02)
}

// BenchmarkEnrichedScan compares a scan with three kinds of enrichment
// file (four files) with the plain scan of the same object, one worker.
//
//	go test -run - -bench EnrichedScan -count 10 ./enrich | benchstat -col /scan -
func BenchmarkEnrichedScan(b *testing.B) {
	set, err := enrich.Load(context.Background(), bigFiles(b)...)
	require.NoError(b, err)
	defer set.Close()
	dir, size := scanTree(b, 100000)
	var carried int
	enriched, emit := enrichedScan(b, set, dir, &carried)
	plainFilter, err := filter.Compile(plainQuery, filter.Options{})
	require.NoError(b, err)
	plain := scan.Options{Sources: []string{dir}, Filter: plainFilter, Workers: 1}
	for _, c := range []struct {
		name string
		opts scan.Options
		emit func(scan.Match) error
	}{{"plain", plain, func(scan.Match) error { return nil }}, {"enriched", enriched, emit}} {
		b.Run("scan="+c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scan.Run(b.Context(), c.opts, c.emit); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
