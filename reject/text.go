package reject

import (
	"bufio"
	"fmt"
	"io"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
)

// WriteText prints groups for people: each class with its count, each
// service with its count, and the evidence lines (the REJECT, then its
// reverse flows) with the object and line they come from, escaped.
// evidence bounds the findings shown per group (0: all).
func WriteText(w io.Writer, groups []Group, evidence int) error {
	bw := bufio.NewWriter(w)
	var class Class
	for _, g := range groups {
		if g.Class != class {
			class = g.Class
			if _, err := fmt.Fprintf(bw, "%s: %d\n", class, countClass(groups, class)); err != nil {
				return err
			}
		}
		fmt.Fprintf(bw, "  %s: %d rejected\n", g.Key(), len(g.Findings))
		for i, f := range g.Findings {
			if evidence > 0 && i == evidence {
				fmt.Fprintf(bw, "    … %d more\n", len(g.Findings)-evidence)
				break
			}
			writeEvidence(bw, "reject ", f.Reject)
			for _, e := range f.Reverse {
				label := "reverse"
				if e.Record.Action() == flowlog.ActionAccept {
					label = "request"
				}
				writeEvidence(bw, label, e)
			}
		}
	}
	return bw.Flush()
}

func countClass(groups []Group, c Class) int {
	n := 0
	for _, g := range groups {
		if g.Class == c {
			n += len(g.Findings)
		}
	}
	return n
}

func writeEvidence(w *bufio.Writer, label string, e Evidence) {
	fmt.Fprintf(w, "    %s %s:%d\n      %s\n", label, output.Visible(e.Source), e.Line, output.Visible(string(e.Record.Line())))
}
