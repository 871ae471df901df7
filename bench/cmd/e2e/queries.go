package main

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// query is one question asked of every tool that can answer it. Field
// positions in the grep/awk forms are those of the VPC default format.
type query struct {
	name   string
	title  string
	flowq  []string // flowq arguments before the source
	grep   string   // grep -E / rg pattern ("" = not a grep-like query)
	fixed  bool     // grep -w -F instead of -E
	awk    string   // awk program printing a count, or "key sum" rows
	where  string   // SQL WHERE clause for DuckDB
	sql    string   // full SQL (for aggregations); {src} is the read_csv call
	top    bool     // answer is top-10 rows, not a count
	expect func(reference) int64
}

func queries() []query {
	n := needle.String()
	return []query{
		{name: "selective", title: "dstport = 443 and action = REJECT",
			flowq:  []string{"-c", "dstport = 443 and action = REJECT"},
			grep:   `^([^ ]+ ){6}443 ([^ ]+ ){5}REJECT `,
			awk:    `$7 == 443 && $13 == "REJECT" { n++ } END { print n+0 }`,
			where:  `dstport = 443 AND action = 'REJECT'`,
			expect: func(r reference) int64 { return r.Selective }},
		{name: "addr", title: "addr = " + n,
			flowq: []string{"-c", "addr = " + n},
			grep:  n, fixed: true,
			awk:    fmt.Sprintf(`$4 == %q || $5 == %q { n++ } END { print n+0 }`, n, n),
			where:  fmt.Sprintf(`srcaddr = '%s' OR dstaddr = '%s'`, n, n),
			expect: func(r reference) int64 { return r.Addr }},
		{name: "cidr", title: "srcaddr in 10.0.0.0/8",
			flowq:  []string{"-c", "srcaddr in 10.0.0.0/8"},
			grep:   `^([^ ]+ ){3}10\.`,
			awk:    `$4 ~ /^10\./ { n++ } END { print n+0 }`,
			where:  `srcaddr LIKE '10.%'`,
			expect: func(r reference) int64 { return r.CIDR }},
		{name: "top", title: "top 10 dstaddr by packets where dstport = 443",
			flowq: []string{"-o", "csv", "--group-by", "dstaddr", "--sort", "packets", "--top", "10", "dstport = 443"},
			awk:   `$7 == 443 { s[$5] += $9 } END { for (k in s) print k, s[k] }`,
			sql:   `SELECT dstaddr, sum(packets) AS p FROM {src} WHERE dstport = 443 GROUP BY dstaddr ORDER BY p DESC LIMIT 10`,
			top:   true},
	}
}

// cpuList is the taskset core list for n cores: "0", "0,1", ...
func cpuList(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return strings.Join(s, ",")
}

// pinned prefixes argv with taskset and, for Go programs, GOMAXPROCS.
func pinned(cores int, goProc bool, argv ...string) []string {
	out := []string{"taskset", "-c", cpuList(cores)}
	if goProc {
		out = append(out, "env", "GOMAXPROCS="+strconv.Itoa(cores))
	}
	return append(out, argv...)
}

// commands returns, per tool, the command answering q on cores cores.
func (tb *toolbox) commands(q query, ds *dataset, cores int, tools map[string]bool) map[string][]string {
	cmds := map[string][]string{}
	files := ds.GzFiles
	if tools["flowq"] && tb.flowq != "" {
		args := append([]string{tb.flowq, "-j", strconv.Itoa(cores)}, q.flowq...)
		cmds["flowq"] = pinned(cores, true, append(args, ds.GzDir)...)
	}
	if tools["flowq-go"] && tb.flowq != "" {
		args := append([]string{"env", "FLOWQ_INFLATE=go", tb.flowq, "-j", strconv.Itoa(cores)}, q.flowq...)
		cmds["flowq-go"] = pinned(cores, true, append(args, ds.GzDir)...)
	}
	if q.grep != "" && tools["zcat-grep"] {
		mode := "-E"
		if q.fixed {
			mode = "-wF"
		}
		script := fmt.Sprintf(`p=$1; shift; zcat -- "$@" | LC_ALL=C grep -c %s -e "$p"`, mode)
		cmds["zcat-grep"] = pinned(cores, false, append([]string{"sh", "-c", script, "sh", q.grep}, files...)...)
	}
	if q.grep != "" && tools["rg"] && tb.have["rg"] {
		mode := "-e"
		args := []string{"rg", "-z", "-c", "--no-filename", "-j", strconv.Itoa(cores)}
		if q.fixed {
			args = append(args, "-w", "-F")
		}
		cmds["rg"] = pinned(cores, false, append(append(args, mode, q.grep), files...)...)
	}
	if tools["zcat-awk"] && (cores == 1 || q.top) {
		script := `p=$1; shift; zcat -- "$@" | LC_ALL=C awk "$p"`
		if q.top {
			script += ` | sort -k2,2nr | head -10`
		}
		cmds["zcat-awk"] = pinned(cores, false, append([]string{"sh", "-c", script, "sh", q.awk}, files...)...)
	}
	if tools["duckdb"] && tb.have["duckdb"] {
		src := fmt.Sprintf(`read_csv('%s', delim=' ', header=true, nullstr='-')`, filepath.Join(ds.GzDir, "**", "*.log.gz"))
		sql := q.sql
		if sql == "" {
			sql = "SELECT count(*) FROM {src} WHERE " + q.where
		}
		sql = strings.ReplaceAll(sql, "{src}", src)
		cmds["duckdb"] = pinned(cores, false, "node", tb.duckJS, strconv.Itoa(cores), sql)
	}
	return cmds
}

// limitCommands are the baselines that answer no query.
func (tb *toolbox) limitCommands(ds *dataset, cores int, tools map[string]bool) map[string][]string {
	cmds := map[string][]string{}
	if tools["limit"] {
		cmds["limit"] = pinned(cores, true, tb.self, "limit", "-j", strconv.Itoa(cores), ds.GzDir)
		cmds["limit-stdlib"] = pinned(cores, true, tb.self, "limit", "-lib", "stdlib", "-j", strconv.Itoa(cores), ds.GzDir)
		cmds["limit-libdeflate"] = pinned(cores, true, tb.self, "limit", "-lib", "libdeflate", "-j", strconv.Itoa(cores), ds.GzDir)
	}
	if tools["cat"] && cores == 1 {
		cmds["cat"] = pinned(cores, false, append([]string{"sh", "-c", `cat -- "$@" > /dev/null; echo 0`, "sh"}, ds.RawFiles...)...)
		cmds["zcat"] = pinned(cores, false, append([]string{"sh", "-c", `zcat -- "$@" > /dev/null; echo 0`, "sh"}, ds.GzFiles...)...)
	}
	return cmds
}

// parseCount sums the integers that end the output lines (rg -c prints
// one count per file; the others print one number).
func parseCount(out string) (int64, error) {
	var n int64
	found := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(strings.ReplaceAll(line, ":", " "))
		if len(f) == 0 {
			continue
		}
		v, err := strconv.ParseInt(f[len(f)-1], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("not a count: %q", line)
		}
		n += v
		found = true
	}
	if !found {
		return 0, fmt.Errorf("no count in output %q", out)
	}
	return n, nil
}

// splitRow splits a line of space, tab or comma separated output.
func splitRow(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '"' })
}

// sumColumn returns the index of the column named name in a header line
// of out, or -1 (then the last integer of each row is the sum).
func sumColumn(out, name string) int {
	first, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	for i, t := range splitRow(first) {
		if t == name {
			return i
		}
	}
	return -1
}

// parseTop reads "address ... sum" rows in any of the tools' layouts
// (space, tab or comma separated, with or without a header line naming
// the sum column).
func parseTop(out, sumName string) []topRow {
	col := sumColumn(out, sumName)
	var rows []topRow
	for _, line := range strings.Split(out, "\n") {
		f := splitRow(line)
		var key string
		var sum int64 = -1
		for i, t := range f {
			if a, err := netip.ParseAddr(t); err == nil && key == "" {
				key = a.String()
			} else if v, err := strconv.ParseInt(t, 10, 64); err == nil && (col < 0 || i == col) {
				sum = v
			}
		}
		if key != "" && sum >= 0 {
			rows = append(rows, topRow{key, sum})
		}
	}
	return rows
}

// checkTop compares rows with the reference, allowing ties to be ordered
// either way.
func checkTop(rows []topRow, ref reference) error {
	if len(rows) != len(ref.Top) {
		return fmt.Errorf("%d rows, want %d", len(rows), len(ref.Top))
	}
	var got, want []int64
	for i, r := range rows {
		if ref.TopAll[r.Key] != r.Sum {
			return fmt.Errorf("row %d: %s = %d, reference says %d", i+1, r.Key, r.Sum, ref.TopAll[r.Key])
		}
		got, want = append(got, r.Sum), append(want, ref.Top[i].Sum)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("sums %v, want %v", got, want)
	}
	return nil
}
