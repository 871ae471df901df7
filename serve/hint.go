package serve

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/reject"
	"github.com/flowq/flowq/scan"
)

// hint explains a blocked flow from what the logs show of its pair.
type hint struct {
	Text    []string
	Pair    string // a search for the flows in the opposite direction
	Partial bool
}

// pairHint explains a REJECT with package reject (the logic of flowq
// explain-reject): the flows in the opposite direction on the same
// interface, overlapping it, decide whether it is the reply to an
// accepted request (a network ACL, since security groups are stateful),
// a refused request (a security group or a network ACL: the logs do not
// say which), or neither. It never claims more than that. The reverse
// flows counted are within the user's grant.
func (srv *Server) pairHint(ctx context.Context, l lang, s *search, rec *flowlog.Record, where string, line int64) *hint {
	if rec.Action() != flowlog.ActionReject {
		return nil
	}
	opts := srv.scanOptions(s)
	opts.Filter = nil
	if s.enforce {
		opts.Filter = grantedOnly{Filter: filter.MustCompile("true"), accounts: s.accounts}
	}
	opts.Regions = srv.cfg.Regions
	if fi, ok := scan.ParseFileName(where); ok { // an AWS name: its account's and region's folders hold the pair
		opts.Accounts, opts.Regions = []string{fi.Account}, []string{fi.Region}
	}
	sctx, cancel := context.WithTimeout(ctx, srv.cfg.SearchTimeout)
	defer cancel()
	f, st, err := reject.Explain(sctx, opts, reject.Evidence{Record: rec, Source: where, Line: line})
	h := &hint{Partial: err != nil || st.Incomplete()}
	if err == nil {
		h.Text = classText(l, f)
	}
	if reason := rec.Text(flowlog.RejectReason); len(reason) > 0 && string(reason) != "-" {
		h.Text = append(h.Text, fmt.Sprintf(l.T("hint.reason"), valueText(s.tz, rec, flowlog.RejectReason)))
	}
	if h.Partial {
		h.Text = append(h.Text, l.T("hint.partial"))
	}
	h.Pair = pairLink(s, rec)
	return h
}

// classText says, in l, what a finding shows and no more.
func classText(l lang, f reject.Finding) []string {
	var accepted, blocked int
	for _, e := range f.Reverse {
		if e.Record.Action() == flowlog.ActionAccept {
			accepted++
		} else {
			blocked++
		}
	}
	switch f.Class {
	case reject.ResponseRejected:
		return []string{fmt.Sprintf(l.T("hint.reply"), strconv.Itoa(accepted))}
	case reject.RequestRejected:
		out := []string{l.T("hint.request")}
		switch {
		case len(f.Reverse) == 0:
			out = append(out, l.T("hint.noreverse"))
		case blocked > 0:
			out = append(out, fmt.Sprintf(l.T("hint.both"), strconv.Itoa(blocked)))
		}
		return out
	}
	if blocked > 0 {
		return []string{l.T("hint.unpaired"), fmt.Sprintf(l.T("hint.both"), strconv.Itoa(blocked))}
	}
	return []string{l.T("hint.unpaired")}
}

// pairLink is a search for the flows opposite to rec, in the window
// reject.Explain looked in, in the search's zone.
func pairLink(s *search, rec *flowlog.Record) string {
	q, ok := reverseQuery(rec)
	if !ok {
		return ""
	}
	since, until := reject.Window(rec)
	rs := *s
	rs.form = cloneValues(s.form)
	for _, p := range []string{"src", "dst", "port", "protocol", "action"} {
		rs.form.Del(p)
	}
	rs.form.Set("q", q)
	rs.form.Set("since", since.In(s.tz).Format(time.DateTime))
	rs.form.Set("until", until.In(s.tz).Format(time.DateTime))
	return rs.link("/search")
}

// reverseQuery is the filter for flows opposite to rec on its interface:
// its destination sending from its destination port back to its source
// and source port.
func reverseQuery(rec *flowlog.Record) (string, bool) {
	src, ok1 := rec.Addr(flowlog.SrcAddr)
	dst, ok2 := rec.Addr(flowlog.DstAddr)
	sp, ok3 := rec.Int(flowlog.SrcPort)
	dp, ok4 := rec.Int(flowlog.DstPort)
	proto, ok5 := rec.Int(flowlog.Protocol)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return "", false
	}
	q := fmt.Sprintf("srcaddr = %s and dstaddr = %s and srcport = %d and dstport = %d and protocol = %d",
		dst, src, dp, sp, proto)
	if iface := rec.Text(flowlog.InterfaceID); plainID(iface) {
		q += " and interface_id = '" + string(iface) + "'"
	}
	return q, true
}

// plainID reports whether an interface's name can be quoted in a query
// as it is (eni-0a1b…, tgw-attach-…): letters, digits and dashes.
func plainID(id []byte) bool {
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return len(id) > 0
}
