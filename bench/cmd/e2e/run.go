package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is one timed run of one command.
type sample struct {
	wall  time.Duration
	cpu   time.Duration // user + system, children included
	rssKB int64
	out   string
}

// result is every run of one tool on one query and core count.
type result struct {
	query, tool string
	cores       int
	samples     []sample
	wrong       string // the verification error, with -keep-going
}

func (r *result) median() time.Duration {
	d := make([]time.Duration, len(r.samples))
	for i, s := range r.samples {
		d[i] = s.wall
	}
	slices.Sort(d)
	return d[len(d)/2]
}

func (r *result) maxRSS() int64 {
	var m int64
	for _, s := range r.samples {
		m = max(m, s.rssKB)
	}
	return m
}

// execute runs argv once and measures it: wall time here, CPU time from
// wait4's rusage, and peak RSS with /usr/bin/time (Linux's ru_maxrss of a
// child started from a large process would report the parent's size).
func execute(ctx context.Context, argv []string) (sample, error) {
	rssFile, err := os.CreateTemp("", "e2e-rss-*")
	if err != nil {
		return sample{}, err
	}
	rssFile.Close()
	defer os.Remove(rssFile.Name())
	argv = append([]string{"/usr/bin/time", "-f", "%M", "-o", rssFile.Name()}, argv...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err = cmd.Run()
	s := sample{wall: time.Since(t0), out: out.String()}
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	if b, rerr := os.ReadFile(rssFile.Name()); rerr == nil {
		f := strings.Fields(string(b))
		if len(f) > 0 {
			s.rssKB, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
		}
	}
	var ee *exec.ExitError
	// grep -c exits 1 when it counts zero; the count is still checked.
	if errors.As(err, &ee) && ee.ExitCode() == 1 && strings.TrimSpace(s.out) != "" {
		err = nil
	}
	if err != nil {
		return s, fmt.Errorf("%s: %w\n%s", strings.Join(short(argv), " "), err, tail(errb.String()))
	}
	return s, nil
}

// short abbreviates long file lists in a command line for messages.
func short(argv []string) []string {
	var out []string
	files := 0
	for _, a := range argv {
		if strings.HasSuffix(a, ".gz") || strings.HasSuffix(a, ".log") {
			files++
			if files > 1 {
				continue
			}
		}
		out = append(out, a)
	}
	if files > 1 {
		out = append(out, fmt.Sprintf("... (%d files)", files))
	}
	return out
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}

// verify checks one tool's answer against the reference.
func verify(q *query, tool string, s sample, ds *dataset) error {
	if q == nil {
		return nil
	}
	if q.top {
		if err := checkTop(parseTop(s.out, "packets"), ds.Ref); err != nil {
			return fmt.Errorf("WRONG ANSWER: %s on %q: %w\noutput:\n%s", tool, q.title, err, tail(s.out))
		}
		return nil
	}
	n, err := parseCount(s.out)
	if err != nil {
		return fmt.Errorf("WRONG ANSWER: %s on %q: %w", tool, q.title, err)
	}
	if want := q.expect(ds.Ref); n != want {
		return fmt.Errorf("WRONG ANSWER: %s on %q counted %d, reference %d", tool, q.title, n, want)
	}
	return nil
}

// measure runs each command once to check its answer, then o.runs times
// round-robin, and returns the results.
func measure(ctx context.Context, o options, ds *dataset, q *query, name string, cores int,
	cmds map[string][]string, logf func(string, ...any)) ([]*result, error) {
	tools := make([]string, 0, len(cmds))
	for t := range cmds {
		tools = append(tools, t)
	}
	sort.Strings(tools)
	res := map[string]*result{}
	for _, t := range tools {
		res[t] = &result{query: name, tool: t, cores: cores}
	}
	// Every run is checked; the data was just generated or read, so the
	// page cache is warm without a separate warm-up run.
	for range o.runs {
		for _, t := range tools {
			s, err := execute(ctx, cmds[t])
			if err != nil {
				return nil, err
			}
			if err := verify(q, t, s, ds); err != nil {
				if !o.keepOn {
					return nil, err
				}
				logf("%v", err)
				res[t].wrong = err.Error()
			}
			res[t].samples = append(res[t].samples, s)
		}
	}
	var out []*result
	for _, t := range tools {
		r := res[t]
		logf("%-9s %d core(s) %-13s median %7.2fs  %7.1f MB/s  max RSS %6.0f MB", name, cores, t,
			r.median().Seconds(), mb(ds.RawBytes)/r.median().Seconds(), float64(r.maxRSS())/1024)
		out = append(out, r)
	}
	return out, nil
}

func run(ctx context.Context, o options) error {
	logf := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	o.repoRoot = root
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return err
	}
	tb, err := setupTools(ctx, o, logf)
	if err != nil {
		return err
	}
	ds, err := prepare(ctx, o.work, o.sizeMB, o.level, logf)
	if err != nil {
		return err
	}
	logf("data: %d objects, %d records, %.0f MB text, %.0f MB gzip; reference: selective %d, addr %d, cidr %d",
		ds.Objects, ds.Records, mb(ds.RawBytes), mb(ds.GzBytes), ds.Ref.Selective, ds.Ref.Addr, ds.Ref.CIDR)
	rep := &report{opts: o, ds: ds, tb: tb, started: time.Now()}
	for _, cores := range o.cores {
		rs, err := measure(ctx, o, ds, nil, "limit", cores, tb.limitCommands(ds, cores, o.tools), logf)
		if err != nil {
			return err
		}
		rep.results = append(rep.results, rs...)
		for _, q := range queries() {
			if !o.queries[q.name] {
				continue
			}
			rs, err := measure(ctx, o, ds, &q, q.name, cores, tb.commands(q, ds, cores, o.tools), logf)
			if err != nil {
				return err
			}
			rep.results = append(rep.results, rs...)
		}
	}
	if o.memory {
		if err := rep.measureMemory(ctx, logf); err != nil {
			return err
		}
	}
	if o.profile != "" && tb.flowq != "" {
		if err := rep.profile(ctx, logf); err != nil {
			logf("profile: %v", err)
		}
	}
	text := rep.markdown()
	fmt.Print(text)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
			return err
		}
	}
	for _, r := range rep.results {
		if r.wrong != "" {
			return fmt.Errorf("wrong answers (see WRONG in the report)")
		}
	}
	return nil
}

// repoRoot is the parent of the bench module.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if !strings.HasSuffix(mod, filepath.Join("bench", "go.mod")) {
		return "", fmt.Errorf("run e2e from the bench directory (go env GOMOD = %q)", mod)
	}
	return filepath.Dir(filepath.Dir(mod)), nil
}
