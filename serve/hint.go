package serve

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// hint explains a blocked flow from what the logs show of its pair.
type hint struct {
	Text    []string
	Pair    string // a search for the flows in the opposite direction
	Partial bool
}

// pairWindow is how far before and after a record its pair is looked for:
// one aggregation interval at most.
const pairWindow = 10 * time.Minute

// pairHint looks, for a REJECT, for flows in the opposite direction
// (same addresses and ports swapped, same protocol) in the same window,
// and says which case the logs show: the reply to an accepted request
// (a network ACL, since security groups are stateful), a refused request
// (a security group or a network ACL), or both directions refused. It
// never claims more: with no pair, it does not say which rule it was.
func (srv *Server) pairHint(ctx context.Context, l lang, s *search, rec *flowlog.Record) *hint {
	if rec.Action() != flowlog.ActionReject {
		return nil
	}
	q, ok := reverseQuery(rec)
	if !ok {
		return nil
	}
	f, err := filter.Compile(q, filter.Options{})
	if err != nil {
		return nil
	}
	start, _ := rec.Time(flowlog.Start)
	end, _ := rec.Time(flowlog.End)
	rs := *s
	rs.filter, rs.query = f, q
	opts := srv.scanOptions(&rs)
	opts.Since, opts.Until = start.Add(-pairWindow), end.Add(pairWindow)
	opts.Fields = flowlog.SetOf(flowlog.Action)
	var accepted, rejected int64
	o := srv.run(ctx, opts, func(m scan.Match) error {
		if m.Record.Action() == flowlog.ActionAccept {
			accepted++
		} else {
			rejected++
		}
		return nil
	}, nil)
	h := &hint{Partial: o.stats.Incomplete() || o.timedOut || o.capped || o.err != nil}
	rs.form = cloneValues(s.form)
	for _, p := range []string{"src", "dst", "port", "protocol", "action"} {
		rs.form.Del(p)
	}
	rs.form.Set("q", q)
	rs.form.Set("since", opts.Since.In(s.tz).Format(time.DateTime))
	rs.form.Set("until", opts.Until.In(s.tz).Format(time.DateTime))
	h.Pair = rs.link("/search")
	switch {
	case accepted > 0:
		h.Text = append(h.Text, fmt.Sprintf(l.T("hint.reply"), strconv.FormatInt(accepted, 10)))
	case rejected > 0:
		h.Text = append(h.Text, fmt.Sprintf(l.T("hint.both"), strconv.FormatInt(rejected, 10)))
	default:
		h.Text = append(h.Text, l.T("hint.request"))
	}
	if reason := rec.Text(flowlog.RejectReason); len(reason) > 0 && string(reason) != "-" {
		h.Text = append(h.Text, fmt.Sprintf(l.T("hint.reason"), valueText(s.tz, rec, flowlog.RejectReason)))
	}
	if h.Partial {
		h.Text = append(h.Text, l.T("hint.partial"))
	}
	return h
}

// reverseQuery is the filter for flows opposite to rec: its destination
// sending from its destination port back to its source and source port.
func reverseQuery(rec *flowlog.Record) (string, bool) {
	src, ok1 := rec.Addr(flowlog.SrcAddr)
	dst, ok2 := rec.Addr(flowlog.DstAddr)
	sp, ok3 := rec.Int(flowlog.SrcPort)
	dp, ok4 := rec.Int(flowlog.DstPort)
	proto, ok5 := rec.Int(flowlog.Protocol)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return "", false
	}
	return fmt.Sprintf("srcaddr = %s and dstaddr = %s and srcport = %d and dstport = %d and protocol = %d",
		dst, src, dp, sp, proto), true
}
