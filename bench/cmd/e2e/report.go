package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

type report struct {
	opts    options
	ds      *dataset
	tb      *toolbox
	started time.Time
	results []*result
	memory  []memRow
	prof    string
}

type memRow struct {
	what, tool string
	rssKB      int64
	wall       time.Duration
	answer     string
}

func (rp *report) find(query, tool string, cores int) *result {
	for _, r := range rp.results {
		if r.query == query && r.tool == tool && r.cores == cores {
			return r
		}
	}
	return nil
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			return strings.TrimSpace(l[strings.IndexByte(l, ':')+1:])
		}
	}
	return "?"
}

// ratio formats a ÷ b of speeds given as durations of the same work.
func ratio(num, den *result) string {
	if num == nil || den == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f×", den.median().Seconds()/num.median().Seconds())
}

func (rp *report) markdown() string {
	var b strings.Builder
	ds := rp.ds
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("## End-to-end results (%s)\n\n", rp.started.UTC().Format("2006-01-02 15:04 UTC"))
	w("- Command: `cd bench && go run ./cmd/e2e %s`\n", strings.Join(os.Args[1:], " "))
	w("- Machine: %s, %d CPUs visible, shared with other jobs (expect noise); Go %s; %s\n",
		cpuModel(), runtime.NumCPU(), strings.TrimPrefix(runtime.Version(), "go"), version("uname", "-sr"))
	w("- Tools: %s; %s; %s; DuckDB via @duckdb/node-api (%s)\n", version("rg", "--version"),
		version("zcat", "--version"), version("sh", "-c", "awk -W version 2>&1 || awk --version"), duckVersion(rp.tb))
	w("- Data: %d objects (VPC default format, 2 accounts × 2 regions, 5-minute objects of ~45,000 records), %d records, "+
		"%.0f MB of text, %.0f MB gzip (%.1f:1), page cache warm\n", ds.Objects, ds.Records, mb(ds.RawBytes), mb(ds.GzBytes),
		float64(ds.RawBytes)/float64(ds.GzBytes))
	w("- Method: %d timed runs per command, round-robin; the answer of every run is checked against a reference "+
		"computed with flowlog (a wrong answer fails the run, or is marked WRONG with -keep-going); the median wall time is reported. "+
		"N cores = `taskset -c 0..N-1`, and for Go programs GOMAXPROCS=N and `-j N`. MB/s = MiB of uncompressed text per second.\n\n", rp.opts.runs)

	w("### Ratios\n\n")
	w("flowq ÷ limit is flowq's throughput as a fraction of decompression alone with the same files and cores: " +
		"libdeflate inflating whole files (what flowq uses where it loads), and klauspost/compress streaming (flowq with FLOWQ_INFLATE=go, the flowq-go column); " +
		"\"× tool\" is how many times faster flowq is than that tool.\n\n")
	w("| query | cores | flowq MB/s | flowq ÷ libdeflate limit | flowq-go MB/s | flowq-go ÷ klauspost limit | × rg -z | × zcat\\|grep | × zcat\\|awk | × DuckDB |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, cores := range rp.opts.cores {
		lim := rp.find("limit", "limit", cores)
		libLim := rp.find("limit", "limit-libdeflate", cores)
		for _, q := range queries() {
			fq := rp.find(q.name, "flowq", cores)
			if fq == nil {
				continue
			}
			awk := rp.find(q.name, "zcat-awk", cores)
			if awk == nil {
				awk = rp.find(q.name, "zcat-awk", 1)
			}
			speed, frac := rp.speed(fq), fraction(libLim, fq)
			fqGo := rp.find(q.name, "flowq-go", cores)
			w("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", q.title, cores, speed, frac, rp.speed(fqGo), fraction(lim, fqGo),
				ratio(fq, rp.find(q.name, "rg", cores)), ratio(fq, rp.find(q.name, "zcat-grep", cores)),
				ratio(fq, awk), ratio(fq, rp.find(q.name, "duckdb", cores)))
		}
	}
	if rp.tb.flowq == "" {
		w("\n(flowq was not available: cmd/flowq did not exist when this ran.)\n")
	}
	w("\n### Absolute figures\n\n| query | cores | tool | median s | MB/s | CPU s | max RSS MB |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rp.results {
		var cpu []time.Duration
		for _, s := range r.samples {
			cpu = append(cpu, s.cpu)
		}
		slices.Sort(cpu)
		tool := r.tool
		if r.wrong != "" {
			tool += " **WRONG**"
		}
		w("| %s | %d | %s | %.2f | %.1f | %.2f | %.0f |\n", r.query, r.cores, tool, r.median().Seconds(),
			mb(ds.RawBytes)/r.median().Seconds(), cpu[len(cpu)/2].Seconds(), float64(r.maxRSS())/1024)
	}
	if len(rp.memory) > 0 {
		w("\n### Memory (peak RSS, 2 cores)\n\n| workload | tool | max RSS MB | wall s | first row |\n|---|---|---|---|---|\n")
		for _, m := range rp.memory {
			w("| %s | %s | %.0f | %.2f | `%s` |\n", m.what, m.tool, float64(m.rssKB)/1024, m.wall.Seconds(), m.answer)
		}
	}
	for _, r := range rp.results {
		if r.wrong != "" {
			w("\n**WRONG ANSWER** (%s, %d core(s)): %s\n", r.tool, r.cores, strings.SplitN(r.wrong, "\n", 2)[0])
		}
	}
	if rp.prof != "" {
		w("\n### Where flowq's time goes\n\n```\n%s\n```\n", rp.prof)
	}
	return b.String()
}

func duckVersion(tb *toolbox) string {
	if tb.duckJS == "" {
		return "not run"
	}
	out, err := exec.Command("node", tb.duckJS, "1", "SELECT version()").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// measureMemory runs a large scan and a high-cardinality aggregation
// (srcaddr, dstaddr, srcport: millions of groups) and records peak RSS.
func (rp *report) measureMemory(ctx context.Context, logf func(string, ...any)) error {
	ds, tb := rp.ds, rp.tb
	cores := slices.Max(rp.opts.cores)
	type job struct {
		what, tool string
		argv       []string
	}
	src := fmt.Sprintf(`read_csv('%s', delim=' ', header=true, nullstr='-')`, filepath.Join(ds.GzDir, "**", "*.log.gz"))
	hc := "high-cardinality group-by srcaddr,dstaddr,srcport (top 10 by bytes)"
	var jobs []job
	if tb.flowq != "" {
		jobs = append(jobs,
			job{"large scan: count srcaddr in 10.0.0.0/8", "flowq", pinned(cores, true, tb.flowq, "-j", strconv.Itoa(cores), "-c", "srcaddr in 10.0.0.0/8", ds.GzDir)},
			job{"large scan: print every record to /dev/null", "flowq", pinned(cores, true, "sh", "-c", `"$@" > /dev/null; echo done`, "sh", tb.flowq, "-j", strconv.Itoa(cores), "-o", "raw", "srcaddr in 0.0.0.0/0 or srcaddr in ::/0", ds.GzDir)},
			job{hc, "flowq", pinned(cores, true, tb.flowq, "-j", strconv.Itoa(cores), "-o", "csv", "--group-by", "srcaddr,dstaddr,srcport", "--sort", "bytes", "--top", "10", "action = ACCEPT", ds.GzDir)})
	}
	if tb.duckJS != "" {
		jobs = append(jobs, job{hc, "duckdb", pinned(cores, false, "node", tb.duckJS, strconv.Itoa(cores),
			"SELECT srcaddr, dstaddr, srcport, sum(bytes) AS b FROM "+src+" WHERE action = 'ACCEPT' GROUP BY ALL ORDER BY b DESC LIMIT 10")})
	}
	var sums [][]int64
	for _, j := range jobs {
		s, err := execute(ctx, j.argv)
		if err != nil {
			return err
		}
		first := ""
		for _, l := range strings.Split(s.out, "\n") {
			if l = strings.TrimSpace(l); l != "" && strings.ContainsAny(l, "0123456789") {
				first = l
				break
			}
		}
		if j.what == hc {
			sums = append(sums, byteSums(s.out))
		}
		logf("memory: %s %s: max RSS %.0f MB in %.1fs", j.tool, j.what, float64(s.rssKB)/1024, s.wall.Seconds())
		rp.memory = append(rp.memory, memRow{j.what, j.tool, s.rssKB, s.wall, first})
	}
	if len(sums) == 2 && !slices.Equal(sums[0], sums[1]) {
		return fmt.Errorf("WRONG ANSWER: high-cardinality top 10 sums differ: flowq %v, duckdb %v", sums[0], sums[1])
	}
	return nil
}

// byteSums returns the "bytes" column of each row (or its last integer).
func byteSums(out string) []int64 {
	var sums []int64
	for _, r := range parseTop(out, "bytes") {
		sums = append(sums, r.Sum)
	}
	return sums
}

// profile records where flowq spends its time on the selective query:
// with --cpuprofile if flowq has it, else with perf.
func (rp *report) profile(ctx context.Context, logf func(string, ...any)) error {
	tb, ds := rp.tb, rp.ds
	help, _ := exec.Command(tb.flowq, "--help").CombinedOutput()
	args := []string{"-j", "1", "-c", "dstport = 443 and action = REJECT", ds.GzDir}
	if strings.Contains(string(help), "cpuprofile") {
		argv := pinned(1, true, append([]string{tb.flowq, "--cpuprofile", rp.opts.profile}, args...)...)
		if _, err := execute(ctx, argv); err != nil {
			return err
		}
		out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=25", tb.flowq, rp.opts.profile).Output()
		if err != nil {
			return fmt.Errorf("pprof: %w", err)
		}
		rp.prof = "go tool pprof -top (1 core, selective query)\n" + string(out)
		return nil
	}
	argv := pinned(1, true, append([]string{"perf", "record", "-F", "499", "-o", rp.opts.profile, "--", tb.flowq}, args...)...)
	if _, err := execute(ctx, argv); err != nil {
		return err
	}
	out, err := exec.Command("perf", "report", "-i", rp.opts.profile, "--stdio", "--no-children", "--percent-limit", "1", "--sort", "symbol").Output()
	if err != nil {
		return fmt.Errorf("perf report: %w", err)
	}
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			keep = append(keep, l)
		}
	}
	rp.prof = "perf report (1 core, selective query)\n" + strings.Join(keep, "\n")
	return nil
}

// speed is a run's MiB of text per second.
func (rp *report) speed(r *result) string {
	if r == nil {
		return "—"
	}
	s := fmt.Sprintf("%.0f", mb(rp.ds.RawBytes)/r.median().Seconds())
	if r.wrong != "" {
		s += " **WRONG**"
	}
	return s
}

// fraction is r's throughput as a share of the limit's.
func fraction(limit, r *result) string {
	if limit == nil || r == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*limit.median().Seconds()/r.median().Seconds())
}
