package reject

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// Class is how a reject is explained.
type Class int

const (
	ResponseRejected Class = iota + 1 // a response, its request accepted: a network ACL
	RequestRejected                   // a request: a security group or a network ACL, undecidable
	Unpaired                          // no accepted request found
)

// String is the class as flowq prints it.
func (c Class) String() string {
	switch c {
	case ResponseRejected:
		return "response rejected after the request was accepted: a network ACL (stateless)"
	case RequestRejected:
		return "request rejected: a security group or a network ACL (undecidable from the logs)"
	case Unpaired:
		return "rejected, no pairing found"
	}
	return "unknown"
}

// Slug is a short name of the class, for JSON and columns.
func (c Class) Slug() string {
	switch c {
	case ResponseRejected:
		return "nacl-response"
	case RequestRejected:
		return "request"
	case Unpaired:
		return "unpaired"
	}
	return "unknown"
}

// Evidence is one record and where it was read.
type Evidence struct {
	Record *flowlog.Record // a clone, kept
	Source string
	Line   int64
}

// Finding is one REJECT explained.
type Finding struct {
	Class  Class
	Reject Evidence
	// Reverse are the flows in the other direction that overlap it, in
	// source and line order (the accepted request first, if any).
	Reverse []Evidence
	// Service is the service side of the flow: the server's address and
	// port, and the protocol.
	Server   netip.Addr
	Port     int64
	Protocol int64
}

// Slack widens "overlapping in time": AWS aggregates a flow over up to
// ten minutes, and the two directions of a flow can be cut into windows
// differently, so records that start or end within Slack of each other
// are taken to overlap.
const Slack = 60 * time.Second

// Options describe one analysis.
type Options struct {
	// Scan is the scan to run (sources, window, schema, workers...). Its
	// Filter and Fields are set by Run.
	Scan scan.Options
	// Filter selects the REJECTs to explain (the text of a filter, "" for
	// all); FilterOptions compile it.
	Filter        string
	FilterOptions filter.Options
}

// Run finds the REJECTs that opts selects and explains each. Problems with
// objects reach opts.Scan.OnError as in any scan; the Stats of both passes
// are merged.
func Run(ctx context.Context, opts Options) ([]Finding, scan.Stats, error) {
	if slices.Contains(opts.Scan.Sources, "-") {
		return nil, scan.Stats{}, errStdin
	}
	src := "action = REJECT"
	if strings.TrimSpace(opts.Filter) != "" {
		src = "(" + opts.Filter + ") and action = REJECT"
	}
	f, err := filter.Compile(src, opts.FilterOptions)
	if err != nil {
		return nil, scan.Stats{}, err
	}
	first := opts.Scan
	first.Filter, first.Fields = f, flowlog.AllFields()
	var rejects []Evidence
	st, err := scan.Run(ctx, first, func(m scan.Match) error {
		rejects = append(rejects, Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line})
		return nil
	})
	if err != nil || len(rejects) == 0 {
		return nil, st, err
	}
	idx := newIndex(rejects)
	second := opts.Scan
	second.Filter, second.Fields, second.Limit = idx, flowlog.AllFields(), 0
	if !second.Since.IsZero() {
		second.Since = second.Since.Add(-Slack)
	}
	if !second.Until.IsZero() {
		second.Until = second.Until.Add(Slack)
	}
	st2, err := scan.Run(ctx, second, func(m scan.Match) error {
		idx.attach(Evidence{Record: m.Record.Clone(), Source: m.Source, Line: m.Line})
		return nil
	})
	st.Merge(st2)
	if err != nil {
		return nil, st, err
	}
	return idx.findings(), st, nil
}

// tuple is a flow's 5-tuple, without the interface.
type tuple struct {
	src, dst         netip.Addr
	srcPort, dstPort int64
	proto            int64
}

func tupleOf(r *flowlog.Record) (tuple, bool) {
	var t tuple
	var ok1, ok2, ok3, ok4, ok5 bool
	t.src, ok1 = r.Addr(flowlog.SrcAddr)
	t.dst, ok2 = r.Addr(flowlog.DstAddr)
	t.srcPort, ok3 = r.Int(flowlog.SrcPort)
	t.dstPort, ok4 = r.Int(flowlog.DstPort)
	t.proto, ok5 = r.Int(flowlog.Protocol)
	return t, ok1 && ok2 && ok3 && ok4 && ok5
}

func (t tuple) reversed() tuple {
	return tuple{src: t.dst, dst: t.src, srcPort: t.dstPort, dstPort: t.srcPort, proto: t.proto}
}

// index finds, for a record, the REJECTs it is the reverse flow of. It is
// read-only while the second scan's workers call Match.
type index struct {
	rejects []Evidence
	reverse []([]Evidence)
	// byIface maps an interface to the reversed tuples of its REJECTs, and
	// those to the REJECTs' positions.
	byIface map[string]map[tuple][]int
}

func newIndex(rejects []Evidence) *index {
	x := &index{rejects: rejects, reverse: make([][]Evidence, len(rejects)), byIface: map[string]map[tuple][]int{}}
	for i, e := range rejects {
		t, ok := tupleOf(e.Record)
		if !ok {
			continue
		}
		iface := string(e.Record.Text(flowlog.InterfaceID))
		m := x.byIface[iface]
		if m == nil {
			m = map[tuple][]int{}
			x.byIface[iface] = m
		}
		m[t.reversed()] = append(m[t.reversed()], i)
	}
	return x
}

// Match reports whether r is the reverse of a REJECT (scan.Matcher); it
// does not allocate.
func (x *index) Match(r *flowlog.Record) bool {
	m := x.byIface[string(r.Text(flowlog.InterfaceID))]
	if m == nil {
		return false
	}
	t, ok := tupleOf(r)
	return ok && len(m[t]) > 0
}

// Fields are what Match reads.
func (x *index) Fields() flowlog.FieldSet {
	return flowlog.SetOf(flowlog.InterfaceID, flowlog.SrcAddr, flowlog.DstAddr, flowlog.SrcPort, flowlog.DstPort, flowlog.Protocol)
}

// attach adds a reverse flow to the REJECTs it overlaps.
func (x *index) attach(e Evidence) {
	t, _ := tupleOf(e.Record)
	for _, i := range x.byIface[string(e.Record.Text(flowlog.InterfaceID))][t] {
		if overlaps(x.rejects[i].Record, e.Record) {
			x.reverse[i] = append(x.reverse[i], e)
		}
	}
}

func rejected(e Evidence) int {
	if e.Record.Action() == flowlog.ActionAccept {
		return 0
	}
	return 1
}

func overlaps(a, b *flowlog.Record) bool {
	as, ok1 := a.Int(flowlog.Start)
	ae, ok2 := a.Int(flowlog.End)
	bs, ok3 := b.Int(flowlog.Start)
	be, ok4 := b.Int(flowlog.End)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return true // no times to compare: the tuple and interface decide
	}
	slack := int64(Slack / time.Second)
	return bs <= ae+slack && as <= be+slack
}

// findings classifies every REJECT, in the order they were found.
func (x *index) findings() []Finding {
	out := make([]Finding, 0, len(x.rejects))
	for i, rej := range x.rejects {
		rev := x.reverse[i]
		slices.SortStableFunc(rev, func(a, b Evidence) int {
			return cmp.Or(cmp.Compare(rejected(a), rejected(b)), // the accepted first
				strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
		})
		out = append(out, classify(rej, rev))
	}
	return out
}

// classify explains one REJECT from its reverse flows.
func classify(rej Evidence, rev []Evidence) Finding {
	f := Finding{Reject: rej, Reverse: rev}
	t, _ := tupleOf(rej.Record)
	f.Protocol = t.proto
	role := roleOf(rej.Record, t)
	accepted := slices.ContainsFunc(rev, func(e Evidence) bool { return e.Record.Action() == flowlog.ActionAccept })
	switch {
	case role == response && accepted:
		f.Class = ResponseRejected
	case role == request:
		f.Class = RequestRejected
	default:
		f.Class = Unpaired
	}
	if role == response {
		f.Server, f.Port = t.src, t.srcPort
	} else {
		f.Server, f.Port = t.dst, t.dstPort
	}
	return f
}

type role int

const (
	unknownRole role = iota
	request
	response
)

// TCP flags as AWS logs them.
const (
	flagSYN = 0x02
	flagACK = 0x10
)

// roleOf tells a request from a response: by the TCP flags where logged,
// else by the ports (the lower is the service's).
func roleOf(r *flowlog.Record, t tuple) role {
	if flags, ok := r.Int(flowlog.TCPFlags); ok && t.proto == 6 && flags&flagSYN != 0 {
		if flags&flagACK != 0 {
			return response
		}
		return request
	}
	switch {
	case t.srcPort == 0 && t.dstPort == 0:
		return unknownRole // ICMP and others without ports
	case t.dstPort < t.srcPort:
		return request
	case t.srcPort < t.dstPort:
		return response
	}
	return unknownRole
}

// Group is the findings of one class against one service.
type Group struct {
	Class    Class
	Protocol int64
	Server   netip.Addr
	Port     int64
	Findings []Finding
}

// Key is the group's heading, "tcp 10.0.1.5 port 443".
func (g Group) Key() string {
	proto := flowlog.ProtocolName(g.Protocol)
	if proto == "" {
		proto = fmt.Sprintf("protocol %d", g.Protocol)
	}
	return fmt.Sprintf("%s %s port %d", proto, g.Server, g.Port)
}

// Groups gathers findings by class, then protocol, server and port, in
// that order; findings keep their order within a group.
func Groups(fs []Finding) []Group {
	type key struct {
		c     Class
		proto int64
		addr  netip.Addr
		port  int64
	}
	at := map[key]int{}
	var out []Group
	for _, f := range fs {
		k := key{f.Class, f.Protocol, f.Server, f.Port}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Group{Class: f.Class, Protocol: f.Protocol, Server: f.Server, Port: f.Port})
		}
		out[i].Findings = append(out[i].Findings, f)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Protocol, b.Protocol),
			a.Server.Compare(b.Server), cmp.Compare(a.Port, b.Port))
	})
	return out
}

// errStdin: standard input cannot be read twice.
var errStdin = errors.New("explaining rejects reads the sources twice (the REJECTs, then their reverse flows): name files or folders, not standard input")
