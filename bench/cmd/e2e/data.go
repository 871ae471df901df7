package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	kgzip "github.com/klauspost/compress/gzip"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/gen"
)

// needle is the address of the "grep for one address" query; events put
// it into the data a known number of times.
var needle = netip.MustParseAddr("198.51.100.77")

// dataset is the generated tree and what the reference found in it.
type dataset struct {
	GzDir, RawDir string
	GzFiles       []string
	RawFiles      []string
	Objects       int
	RawBytes      int64
	GzBytes       int64
	Records       int64
	Ref           reference
}

// reference holds the answers computed in-process with flowlog.
type reference struct {
	Selective, Addr, CIDR int64
	Top                   []topRow // top 10 dstaddr by packets where dstport = 443
	TopAll                map[string]int64
}

type topRow struct {
	Key string
	Sum int64
}

// benchConfig sizes the generated flow log: 2 accounts × 2 regions of
// ~5 MB objects (about 45,000 records each), default format, from 1,000
// interfaces with their conversations mixed (gen.Config.Mix): 4.5:1 at
// gzip level 1, near AWS's 4:1.
func benchConfig(sizeMB, level int) gen.Config {
	const perObject = 45_000
	const bytesPerRecord = 111
	objects := max(4, sizeMB<<20/(perObject*bytesPerRecord))
	windows := (objects + 3) / 4
	start := time.Date(2026, 1, 14, 22, 0, 0, 0, time.UTC)
	dur := time.Duration(windows) * 5 * time.Minute
	return gen.Config{
		Seed: 1, Start: start, Duration: dur, GzipLevel: level,
		Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"us-east-1", "eu-west-1"},
		RecordsPerObject: perObject, NoDataFraction: 0.01, IPv6Fraction: 0.02, Interfaces: 1000, Mix: true,
		Events: []gen.Event{{At: start.Add(90 * time.Second), Count: windows * 5, Every: time.Minute,
			SrcAddr: needle, DstAddr: netip.MustParseAddr("10.0.0.10"), SrcPort: 55555, DstPort: 22, Action: "REJECT"}},
	}
}

// prepare generates the data (unless the work directory already holds
// the same config) and computes the reference answers.
func prepare(ctx context.Context, work string, sizeMB, level int, logf func(string, ...any)) (*dataset, error) {
	cfg := benchConfig(sizeMB, level)
	stamp, _ := json.Marshal(struct {
		V     int
		Size  int
		Level int
	}{5, sizeMB, level})
	ds := &dataset{GzDir: filepath.Join(work, "gz"), RawDir: filepath.Join(work, "raw")}
	stampPath := filepath.Join(work, "stamp.json")
	refPath := filepath.Join(work, "reference.json")
	if old, err := os.ReadFile(stampPath); err != nil || !bytes.Equal(old, stamp) {
		logf("generating %d MB of flow logs into %s", sizeMB, work)
		for _, d := range []string{ds.GzDir, ds.RawDir} {
			if err := os.RemoveAll(d); err != nil {
				return nil, err
			}
		}
		t0 := time.Now()
		m, err := gen.WriteTree(ctx, ds.GzDir, cfg)
		if err != nil {
			return nil, err
		}
		raw := cfg
		raw.Uncompressed = true
		if _, err := gen.WriteTree(ctx, ds.RawDir, raw); err != nil {
			return nil, err
		}
		logf("generated %d objects, %d records, %.0f MB text, %.0f MB gzip (%.1f:1) in %s",
			len(m.Objects), m.Records, mb(m.RawBytes), mb(m.StoredBytes), m.Ratio(), time.Since(t0).Round(time.Second))
		if err := os.Remove(refPath); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		if err := os.WriteFile(stampPath, stamp, 0o644); err != nil {
			return nil, err
		}
	}
	var err error
	if ds.GzFiles, err = listFiles(ds.GzDir, ".gz"); err != nil {
		return nil, err
	}
	if ds.RawFiles, err = listFiles(ds.RawDir, ".log"); err != nil {
		return nil, err
	}
	ds.Objects = len(ds.GzFiles)
	for _, f := range ds.GzFiles {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		ds.GzBytes += st.Size()
	}
	for _, f := range ds.RawFiles {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		ds.RawBytes += st.Size()
	}
	if b, err := os.ReadFile(refPath); err == nil && json.Unmarshal(b, &ds.Ref) == nil && ds.Ref.TopAll != nil {
		ds.Records = ds.Ref.TopAll["#records"]
		return ds, nil
	}
	logf("computing reference answers with flowlog")
	if err := ds.computeReference(); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(ds.Ref)
	return ds, os.WriteFile(refPath, b, 0o644)
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func listFiles(dir, suffix string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("no %s files under %s", suffix, dir)
	}
	return out, err
}

// computeReference reads every object with flowlog and answers the
// queries the slow, obvious way.
func (ds *dataset) computeReference() error {
	type part struct {
		sel, addr, cidr, records int64
		top                      map[string]int64
		err                      error
	}
	cidr := netip.MustParsePrefix("10.0.0.0/8")
	parts := make([]part, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &parts[w]
			p.top = map[string]int64{}
			for i := w; i < len(ds.GzFiles); i += len(parts) {
				if p.err = refFile(ds.GzFiles[i], func(r *flowlog.Record) {
					p.records++
					port, _ := r.Int(flowlog.DstPort)
					src, _ := r.Addr(flowlog.SrcAddr)
					dst, _ := r.Addr(flowlog.DstAddr)
					if port == 443 && r.Action() == flowlog.ActionReject {
						p.sel++
					}
					if src == needle || dst == needle {
						p.addr++
					}
					if cidr.Contains(src) {
						p.cidr++
					}
					if port == 443 {
						pk, _ := r.Int(flowlog.Packets)
						p.top[dst.String()] += pk
					}
				}); p.err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	all := map[string]int64{}
	for _, p := range parts {
		if p.err != nil {
			return p.err
		}
		ds.Ref.Selective += p.sel
		ds.Ref.Addr += p.addr
		ds.Ref.CIDR += p.cidr
		ds.Records += p.records
		for k, v := range p.top {
			all[k] += v
		}
	}
	ds.Ref.TopAll = all
	ds.Ref.Top = topN(all, 10)
	all["#records"] = ds.Records
	return nil
}

func topN(m map[string]int64, n int) []topRow {
	var rows []topRow
	for k, v := range m {
		if !strings.HasPrefix(k, "#") {
			rows = append(rows, topRow{k, v})
		}
	}
	slices.SortFunc(rows, func(a, b topRow) int {
		if a.Sum != b.Sum {
			return int(b.Sum - a.Sum)
		}
		return strings.Compare(a.Key, b.Key)
	})
	return rows[:min(n, len(rows))]
}

func refFile(path string, each func(*flowlog.Record)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := kgzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rd := flowlog.NewReader(zr, flowlog.ReaderOptions{Source: path})
	for rd.Scan() {
		each(rd.Record())
	}
	if err := rd.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if rd.Malformed() != 0 {
		return fmt.Errorf("%s: %d malformed lines in benchmark data", path, rd.Malformed())
	}
	return nil
}
