package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// maxExplainObjects bounds the objects an explanation lists one by one.
const maxExplainObjects = 50

// Explanation is how a query was understood and what its scan would
// read, without reading a record (flowq --explain).
type Explanation struct {
	Filter  string           // the filter's canonical form; "" matches every record
	Fields  flowlog.FieldSet // the fields the filter reads
	Schema  *flowlog.Schema  // names derived fields; nil: AWS's only
	Range   func(flowlog.Field) (lo, hi int64, ok bool)
	Sources []string
	Plan    *scan.PlanResult
	Zone    *time.Location // for times; nil is UTC
}

// WriteExplanation prints e for people, times in e.Zone.
func WriteExplanation(w io.Writer, e Explanation) error {
	tz := orUTC(e.Zone)
	filter := e.Filter
	if filter == "" {
		filter = "true (every record)"
	}
	fmt.Fprintf(w, "filter:      %s\n", filter)
	fmt.Fprintf(w, "fields read: %s\n", fieldNames(e.Schema, e.Fields))
	for _, f := range []flowlog.Field{flowlog.Start, flowlog.End} {
		if lo, hi, ok := rangeOf(e.Range, f); ok {
			fmt.Fprintf(w, "%-12s %s … %s\n", f.String()+":", unixText(lo, tz), unixText(hi, tz))
		}
	}
	fmt.Fprintf(w, "window:      %s\n", windowText(e.Plan.Window, tz))
	fmt.Fprintf(w, "sources:     %s\n", strings.Join(e.Sources, " "))
	fmt.Fprintf(w, "inflate:     %s\n", inflateText(e.Plan.Inflate))
	fmt.Fprintf(w, "lines:       %s\n", linesText(e.Plan.Literal))
	_, err := io.WriteString(w, planText(e.Plan))
	return err
}

// planText lists the folders and objects a plan reads and skips.
func planText(plan *scan.PlanResult) string {
	var b strings.Builder
	var bytes int64
	for _, o := range plan.Selected {
		bytes += max(o.Size, 0)
	}
	var prunedDirs, prunedObjects int
	for _, p := range plan.Pruned {
		if p.Dir {
			prunedDirs++
		} else {
			prunedObjects++
		}
	}
	fmt.Fprintf(&b, "folders:     %d listed, %d pruned without listing\n", len(plan.Listed), prunedDirs)
	fmt.Fprintf(&b, "objects:     %d to read (%s), %d pruned\n", len(plan.Selected), HumanBytes(bytes), prunedObjects)
	for i, o := range plan.Selected {
		if i == maxExplainObjects {
			fmt.Fprintf(&b, "  ... and %d more\n", len(plan.Selected)-i)
			break
		}
		fmt.Fprintf(&b, "  read  %s (%s)\n", Visible(o.Source), HumanBytes(max(o.Size, 0)))
	}
	for i, p := range plan.Pruned {
		if i == maxExplainObjects {
			fmt.Fprintf(&b, "  ... and %d more pruned\n", len(plan.Pruned)-i)
			break
		}
		fmt.Fprintf(&b, "  skip  %s (%s)\n", Visible(p.Source), p.Reason)
	}
	return b.String()
}

func fieldNames(s *flowlog.Schema, fs flowlog.FieldSet) string {
	var names []string
	for _, f := range fs.Fields() {
		names = append(names, s.Name(f))
	}
	if names == nil {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

// unixText shows Unix seconds in tz, with UTC beside them.
func unixText(v int64, tz *time.Location) string {
	if v <= 0 || v >= 253402300799 {
		return "unbounded"
	}
	t := time.Unix(v, 0)
	local := t.In(tz).Format("2006-01-02 15:04:05 MST")
	if tz == time.UTC {
		return local
	}
	return fmt.Sprintf("%s (%s UTC)", local, t.UTC().Format("2006-01-02 15:04:05"))
}

func windowText(win scan.Window, tz *time.Location) string {
	if !win.Bounded() {
		return "unbounded (every day is read)"
	}
	lo, hi := "unbounded", "unbounded"
	if win.HasLo {
		lo = unixText(win.Lo, tz)
	}
	if win.HasHi {
		hi = unixText(win.Hi, tz)
	}
	return fmt.Sprintf("records ending at or after %s and starting at or before %s", lo, hi)
}

func rangeOf(r func(flowlog.Field) (int64, int64, bool), f flowlog.Field) (lo, hi int64, ok bool) {
	if r == nil {
		return 0, 0, false
	}
	return r(f)
}

// linesText says which text lines are split and decoded.
func linesText(l flowlog.Literal) string {
	if l.Text == "" {
		return "every line is split and the fields read are decoded"
	}
	if !flowlog.CanSkipLines() {
		return fmt.Sprintf("every line is split: without AVX2, passing over the lines without %q would not be faster", l.Text)
	}
	how := ""
	if l.Fold {
		how = ", in any case"
	}
	return fmt.Sprintf("plain lines without %q%s (which every match holds) are counted, not split; --check-every-line decodes them too", l.Text, how)
}

// inflateText says how gzip objects will be inflated.
func inflateText(name string) string {
	if name == scan.InflateLibdeflate {
		return fmt.Sprintf("libdeflate: gzip objects up to %s are inflated whole and checked before any record is used; larger ones and stdin stream (go)",
			HumanBytes(scan.WholeInflateLimit))
	}
	return "go: gzip streams through klauspost/compress; records wait for the checksum (up to 32 MiB of matches an object)"
}
