// Package exprcmp compares flowq's filter with github.com/expr-lang/expr
// evaluating the same predicate on the same flow log records. It lives in
// the bench module so that flowq itself does not depend on expr.
//
//	cd bench && go test ./exprcmp -run XXX -bench . -count 5
package exprcmp

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
)

// The same predicate in both languages.
const (
	flowqSrc = "srcaddr = '172.32.21.19' AND dstport = 443 AND protocol = 6"
	exprSrc  = `srcaddr == "172.32.21.19" && dstport == 443 && protocol == 6`
)

// Env is what an expr user would evaluate against: the record's fields as
// Go values.
type Env struct {
	SrcAddr  string `expr:"srcaddr"`
	DstPort  int    `expr:"dstport"`
	Protocol int    `expr:"protocol"`
}

// n distinct records: enough to defeat branch prediction, few enough to
// stay in cache as a Reader's single reused Record does.
const n = 64

func records(tb testing.TB) []*flowlog.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range n {
		src := "172.32.21.19"
		if rng.IntN(2) == 0 {
			src = fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256))
		}
		fmt.Fprintf(&sb, "2 123456789010 eni-0a1b2c3d %s 10.0.0.%d %d %d %d 10 840 %d %d ACCEPT OK\n",
			src, rng.IntN(256), 1024+rng.IntN(60000), []int{443, 22, 80, 5432}[rng.IntN(4)],
			[]int{6, 6, 17}[rng.IntN(3)], 1612137600+i, 1612137660+i)
	}
	rd := flowlog.NewReader(strings.NewReader(sb.String()), flowlog.ReaderOptions{
		OnMalformed: func(pe *flowlog.ParseError) { tb.Fatal(pe) }})
	var out []*flowlog.Record
	for rd.Scan() {
		out = append(out, rd.Record().Clone())
	}
	return out
}

// fill converts a record into an expr environment, as an expr user must.
// The address becomes a string, which allocates.
func fill(e *Env, r *flowlog.Record) {
	e.SrcAddr = string(r.Raw(flowlog.SrcAddr))
	p, _ := r.Int(flowlog.DstPort)
	e.DstPort = int(p)
	pr, _ := r.Int(flowlog.Protocol)
	e.Protocol = int(pr)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs match over the records and reports CPU time per op as well:
// the shared machine is often oversubscribed, which inflates wall time.
func loop(b *testing.B, match func(i int) bool) {
	b.ReportAllocs()
	hits, i := 0, 0
	cpu0 := cpuTime()
	for b.Loop() {
		if match(i & (n - 1)) {
			hits++
		}
		i++
	}
	if i > 0 {
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(i), "cpu-ns/op")
	}
	if hits == 0 {
		b.Fatal("nothing matched")
	}
}

// TestSameAnswers checks that both engines agree on every record.
func TestSameAnswers(t *testing.T) {
	f := filter.MustCompile(flowqSrc)
	prog, err := expr.Compile(exprSrc, expr.Env(&Env{}), expr.AsBool())
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, r := range records(t) {
		var e Env
		fill(&e, r)
		out, err := expr.Run(prog, &e)
		if err != nil {
			t.Fatal(err)
		}
		if out.(bool) != f.Match(r) {
			t.Fatalf("expr says %v, flowq says %v on %s", out, f.Match(r), r)
		}
		if f.Match(r) {
			hits++
		}
	}
	if hits == 0 {
		t.Fatal("no record matches: the comparison would be vacuous")
	}
}

// BenchmarkPredicate: flowq's compiled filter on decoded records, expr on
// environments prepared beforehand (its evaluation alone), and expr with
// the per-record conversion a real user pays.
func BenchmarkPredicate(b *testing.B) {
	recs := records(b)
	f := filter.MustCompile(flowqSrc)
	prog, err := expr.Compile(exprSrc, expr.Env(&Env{}), expr.AsBool())
	if err != nil {
		b.Fatal(err)
	}
	envs := make([]Env, n)
	for i, r := range recs {
		fill(&envs[i], r)
	}
	b.Run("flowq", func(b *testing.B) {
		loop(b, func(i int) bool { return f.Match(recs[i]) })
	})
	b.Run("expr-eval-only", func(b *testing.B) {
		var machine vm.VM
		loop(b, func(i int) bool {
			out, err := machine.Run(prog, &envs[i])
			return err == nil && out.(bool)
		})
	})
	b.Run("expr-with-fill", func(b *testing.B) {
		var machine vm.VM
		var env Env
		loop(b, func(i int) bool {
			fill(&env, recs[i])
			out, err := machine.Run(prog, &env)
			return err == nil && out.(bool)
		})
	})
}
