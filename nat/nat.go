package nat

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// Confidence is how sure a pairing is.
type Confidence int

const (
	Low    Confidence = iota + 1 // same destination, port and time only
	Medium                       // same packets and bytes too, but so are other flows
	High                         // the only flow with the same packets and bytes
	Exact                        // pkt-dstaddr on the gateway's interface ties the flows
)

func (c Confidence) String() string {
	return [...]string{"", "low", "medium", "high", "exact"}[c]
}

// Evidence is one record and where it was read.
type Evidence struct {
	Record *flowlog.Record // a clone, kept
	Source string
	Line   int64
}

// Candidate is a gateway's outbound flow that may carry the instance's.
type Candidate struct {
	Leg        Evidence
	Confidence Confidence
	Why        string
}

// Trace is one of the instance's flows and what it became beyond the NAT.
type Trace struct {
	Flow    Evidence  // on the instance's interface: Addr to a public address
	Inbound *Evidence // the gateway's record of the same packets (needs pkt-dstaddr), if logged
	Gateway netip.Addr
	Legs    []Candidate // best first
}

// Options describe one trace.
type Options struct {
	Scan scan.Options // sources, window...; Filter and Fields are set here
	Addr netip.Addr   // the instance's private address
}

// Slack widens "overlapping in time", as in package reject.
const Slack = 60 * time.Second

// Run traces the flows from opts.Addr to public addresses. It reads the
// sources twice: the instance's flows, then the candidates.
func Run(ctx context.Context, opts Options) ([]Trace, scan.Stats, error) {
	if slices.Contains(opts.Scan.Sources, "-") {
		return nil, scan.Stats{}, fmt.Errorf("nat: the sources are read twice: name files or folders, not standard input")
	}
	first := opts.Scan
	f, err := filter.Compile(fmt.Sprintf("srcaddr = %s", opts.Addr), filter.Options{})
	if err != nil {
		return nil, scan.Stats{}, err
	}
	first.Filter, first.Fields = f, flowlog.AllFields()
	var flows, inbound []Evidence
	st, err := scan.Run(ctx, first, func(m scan.Match) error {
		e := Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line}
		dst, _ := e.Record.Addr(flowlog.DstAddr)
		pktDst, hasPkt := e.Record.Addr(flowlog.PktDstAddr)
		switch {
		case hasPkt && pktDst != dst && public(pktDst):
			inbound = append(inbound, e)
		case public(dst):
			flows = append(flows, e)
		}
		return nil
	})
	if err != nil || len(flows) == 0 {
		return nil, st, err
	}
	cands := &candidates{addr: opts.Addr, dests: map[dest]bool{}}
	for _, fl := range flows {
		cands.dests[destOf(fl.Record)] = true
	}
	second := opts.Scan
	second.Filter, second.Fields, second.Limit = cands, flowlog.AllFields(), 0
	var legs []Evidence
	st2, err := scan.Run(ctx, second, func(m scan.Match) error {
		legs = append(legs, Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line})
		return nil
	})
	st.Merge(st2)
	if err != nil {
		return nil, st, err
	}
	out := make([]Trace, 0, len(flows))
	for _, fl := range flows {
		out = append(out, trace(fl, inbound, legs))
	}
	return out, st, nil
}

func public(a netip.Addr) bool {
	return a.IsValid() && a.IsGlobalUnicast() && !a.IsPrivate() && !cgnat.Contains(a)
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// dest is where a flow goes.
type dest struct {
	addr  netip.Addr
	port  int64
	proto int64
}

func destOf(r *flowlog.Record) dest {
	a, _ := r.Addr(flowlog.DstAddr)
	p, _ := r.Int(flowlog.DstPort)
	pr, _ := r.Int(flowlog.Protocol)
	return dest{a, p, pr}
}

// candidates matches other private hosts' flows to the instance's
// destinations (scan.Matcher; read-only during the scan).
type candidates struct {
	addr  netip.Addr
	dests map[dest]bool
}

func (c *candidates) Match(r *flowlog.Record) bool {
	src, ok := r.Addr(flowlog.SrcAddr)
	return ok && src != c.addr && !public(src) && c.dests[destOf(r)]
}

func (c *candidates) Fields() flowlog.FieldSet {
	return flowlog.SetOf(flowlog.SrcAddr, flowlog.DstAddr, flowlog.DstPort, flowlog.Protocol)
}

// trace pairs one flow with the gateway's legs.
func trace(fl Evidence, inbound, legs []Evidence) Trace {
	t := Trace{Flow: fl}
	d := destOf(fl.Record)
	sport, _ := fl.Record.Int(flowlog.SrcPort)
	for i, in := range inbound {
		if flowLogOf(in.Source) != flowLogOf(fl.Source) {
			continue
		}
		pktDst, _ := in.Record.Addr(flowlog.PktDstAddr)
		p, _ := in.Record.Int(flowlog.SrcPort)
		dp, _ := in.Record.Int(flowlog.DstPort)
		if pktDst == d.addr && p == sport && dp == d.port && overlaps(fl.Record, in.Record) {
			t.Inbound = &inbound[i]
			t.Gateway, _ = in.Record.Addr(flowlog.DstAddr)
			break
		}
	}
	var near []Evidence
	for _, l := range legs {
		if flowLogOf(l.Source) != flowLogOf(fl.Source) {
			continue // another flow log's copy of the same traffic
		}
		src, _ := l.Record.Addr(flowlog.SrcAddr)
		if t.Gateway.IsValid() && src != t.Gateway {
			continue
		}
		if t.Inbound != nil && string(l.Record.Text(flowlog.InterfaceID)) != string(t.Inbound.Record.Text(flowlog.InterfaceID)) {
			continue
		}
		if overlaps(fl.Record, l.Record) {
			near = append(near, l)
		}
	}
	same := func(l Evidence) bool { return sameCounts(fl.Record, l.Record) }
	equal := 0
	for _, l := range near {
		if same(l) {
			equal++
		}
	}
	for _, l := range near {
		c := Candidate{Leg: l, Confidence: Low, Why: "same destination, port and time; other packet or byte counts"}
		switch {
		case same(l) && t.Inbound != nil && equal == 1:
			c.Confidence, c.Why = Exact, "pkt-dstaddr on the gateway's interface names this destination, and this is its only flow there with the same packets and bytes"
		case same(l) && equal == 1:
			c.Confidence, c.Why = High, "the only flow to this destination and port at this time with the same packets and bytes"
		case same(l):
			c.Confidence, c.Why = Medium, fmt.Sprintf("same packets and bytes, as %d flows at this time are", equal)
		}
		t.Legs = append(t.Legs, c)
	}
	slices.SortStableFunc(t.Legs, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), strings.Compare(a.Leg.Source, b.Leg.Source), cmp.Compare(a.Leg.Line, b.Leg.Line))
	})
	return t
}

// flowLogOf is the flow log id in an AWS object name, or "".
func flowLogOf(source string) string {
	info, _ := scan.ParseFileName(path.Base(source))
	return info.FlowLogID
}

func sameCounts(a, b *flowlog.Record) bool {
	ap, ok1 := a.Int(flowlog.Packets)
	bp, ok2 := b.Int(flowlog.Packets)
	ab, ok3 := a.Int(flowlog.Bytes)
	bb, ok4 := b.Int(flowlog.Bytes)
	return ok1 && ok2 && ok3 && ok4 && ap == bp && ab == bb
}

func overlaps(a, b *flowlog.Record) bool {
	as, ok1 := a.Int(flowlog.Start)
	ae, ok2 := a.Int(flowlog.End)
	bs, ok3 := b.Int(flowlog.Start)
	be, ok4 := b.Int(flowlog.End)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return false
	}
	slack := int64(Slack / time.Second)
	return bs <= ae+slack && as <= be+slack
}
