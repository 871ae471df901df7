// Command e2e is flowq's end-to-end benchmark. It generates a copied
// bucket of flow logs, builds flowq, and times flowq next to the physical
// limit (decompression alone, cat of the text) and to what people use
// instead (zcat | grep, rg -z, zcat | awk, DuckDB) on the same files, on 1
// and 2 cores. Every tool's answer is checked against a reference count
// computed in-process with flowlog; a mismatch fails the run.
//
// Usage (from the bench directory):
//
//	go run ./cmd/e2e [-size 1024] [-runs 5] [-cores 1,2] [-out results.md]
//
// It installs what it needs (ripgrep with apt-get, DuckDB with npm into
// ~/.cache/flowq-bench) and keeps the generated data in -work between runs.
// "e2e limit [-j N] [-lib klauspost|stdlib] DIR" is the decompress-only
// program used as the physical limit.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
)

type options struct {
	sizeMB   int
	level    int
	runs     int
	cores    []int
	work     string
	flowq    string
	out      string
	tools    map[string]bool
	memory   bool
	profile  string
	queries  map[string]bool
	keepOn   bool
	repoRoot string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "limit" {
		os.Exit(limitMain(os.Args[2:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("e2e", flag.ContinueOnError)
	var o options
	var cores, tools, queries string
	fs.IntVar(&o.sizeMB, "size", 1024, "uncompressed size of the generated data, MB")
	fs.IntVar(&o.level, "gzip-level", 1, "gzip level of the generated objects (1 comes closest to the ratio of AWS's own objects)")
	fs.IntVar(&o.runs, "runs", 5, "timed runs per measurement (median reported)")
	fs.StringVar(&cores, "cores", "1,2", "core counts to measure (taskset, GOMAXPROCS, -j)")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "flowq-bench"), "work directory (data is kept between runs)")
	fs.StringVar(&o.flowq, "flowq", "", "flowq binary (default: build ../cmd/flowq if it exists)")
	fs.StringVar(&o.out, "out", "", "also write the markdown report to this file")
	fs.StringVar(&tools, "tools", "limit,cat,zcat-grep,rg,zcat-awk,duckdb,flowq,flowq-go", "tools to run (flowq-go: flowq with FLOWQ_INFLATE=go)")
	fs.StringVar(&queries, "queries", "selective,addr,cidr,top", "queries to run")
	fs.BoolVar(&o.memory, "memory", true, "measure peak RSS of a large scan and a high-cardinality aggregation")
	fs.BoolVar(&o.keepOn, "keep-going", false, "on a wrong answer, mark it WRONG in the report and exit 1 at the end instead of stopping")
	fs.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of flowq's selective query (1 run) to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, c := range strings.Split(cores, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return o, fmt.Errorf("bad -cores %q", cores)
		}
		o.cores = append(o.cores, n)
	}
	o.tools = set(tools)
	o.queries = set(queries)
	if o.runs < 1 {
		return o, fmt.Errorf("-runs must be at least 1")
	}
	return o, nil
}

func set(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}
