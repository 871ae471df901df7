package nat

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
)

// WriteText prints traces for people: each flow of the instance, the
// gateway's inbound record when logged, and the outbound candidates with
// their confidence and why, each with its object and line (escaped).
func WriteText(w io.Writer, traces []Trace, tz *time.Location) error {
	if tz == nil {
		tz = time.UTC
	}
	bw := bufio.NewWriter(w)
	for _, t := range traces {
		r := t.Flow.Record
		fmt.Fprintf(bw, "%s\n", describe(r, tz))
		where(bw, "flow", t.Flow)
		if t.Inbound != nil {
			fmt.Fprintf(bw, "  through the NAT gateway %s (%s), named by pkt-dstaddr:\n", t.Gateway, output.Visible(string(t.Inbound.Record.Text(flowlog.InterfaceID))))
			where(bw, "inbound", *t.Inbound)
		}
		if len(t.Legs) == 0 {
			fmt.Fprintln(bw, "  no flow to the same destination and port at that time from another private address: not NAT'd, or not logged")
		}
		for _, c := range t.Legs {
			fmt.Fprintf(bw, "  %s: %s (%s)\n", c.Confidence, describe(c.Leg.Record, tz), c.Why)
			where(bw, "", c.Leg)
		}
	}
	return bw.Flush()
}

func describe(r *flowlog.Record, tz *time.Location) string {
	src, _ := r.Addr(flowlog.SrcAddr)
	dst, _ := r.Addr(flowlog.DstAddr)
	sp, _ := r.Int(flowlog.SrcPort)
	dp, _ := r.Int(flowlog.DstPort)
	pr, _ := r.Int(flowlog.Protocol)
	pk, _ := r.Int(flowlog.Packets)
	by, _ := r.Int(flowlog.Bytes)
	s, _ := r.Time(flowlog.Start)
	e, _ := r.Time(flowlog.End)
	return fmt.Sprintf("%s:%d → %s:%d %s, %d packets, %d bytes, %s–%s", src, sp, dst, dp, flowlog.ProtocolName(pr), pk, by,
		s.In(tz).Format("2006-01-02 15:04:05"), e.In(tz).Format("15:04:05 MST"))
}

func where(w *bufio.Writer, label string, e Evidence) {
	if label != "" {
		label += " "
	}
	fmt.Fprintf(w, "    %s%s:%d\n", label, output.Visible(e.Source), e.Line)
}
