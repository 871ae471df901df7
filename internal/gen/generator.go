package gen

import (
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Object is one planned S3 object of a flow log.
type Object struct {
	// Key is the object key relative to the bucket root, with the
	// configured prefix: "AWSLogs/123456789012/vpcflowlogs/...".
	Key             string
	Account, Region string
	// Window is the 5-minute window named in the key; every record of
	// the object ends inside it.
	Window time.Time
	// Lines is the number of generated lines, header excluded (events
	// not included).
	Lines int

	world *world
	seed  uint64
}

// Stats counts what one object or tree holds.
type Stats struct {
	Records   int64 // valid records (OK, NODATA, SKIPDATA and events)
	NoData    int64 // NODATA and SKIPDATA records among Records
	Malformed int64 // deliberately malformed lines
	RawBytes  int64 // uncompressed text, header included
}

// Generator produces the objects of one Config. It is immutable after New
// and safe for concurrent use.
type Generator struct {
	cfg     Config
	objects []Object
}

// New checks cfg, fills in its defaults and plans the objects.
func New(cfg Config) (*Generator, error) {
	cfg = cfg.Defaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	g := &Generator{cfg: cfg}
	for ai, acct := range cfg.Accounts {
		for _, region := range cfg.Regions {
			w := newWorld(cfg.Seed, acct, region, ai, cfg.Interfaces)
			for t := cfg.Start; t.Before(cfg.Start.Add(cfg.Duration)); t = t.Add(cfg.ObjectEvery) {
				g.objects = append(g.objects, g.plan(w, t))
			}
		}
	}
	return g, nil
}

// Config returns the configuration with its defaults filled in.
func (g *Generator) Config() Config { return g.cfg }

// Objects returns the planned objects in generation order.
func (g *Generator) Objects() []Object { return slices.Clone(g.objects) }

func (g *Generator) plan(w *world, t time.Time) Object {
	c := &g.cfg
	seed := mix(mix(uint64(c.Seed), hashString(w.account+"/"+w.region+"/"+c.FlowLogID)), uint64(t.Unix()))
	n := c.RecordsPerObject * (75 + int(seed%51)) / 100
	return Object{Key: g.key(w.account, w.region, t, seed), Account: w.account, Region: w.region,
		Window: t, Lines: n, world: w, seed: seed}
}

// key builds the S3 key of an object (FLOWLOGS.md §5.1, §5.2).
func (g *Generator) key(acct, region string, t time.Time, seed uint64) string {
	c := &g.cfg
	var dir string
	y, m, d, h := t.Format("2006"), t.Format("01"), t.Format("02"), t.Format("15")
	switch c.Layout {
	case Plain, Hourly:
		dir = path.Join("AWSLogs", acct, "vpcflowlogs", region, y, m, d)
		if c.Layout == Hourly {
			dir = path.Join(dir, h)
		}
	default:
		svc := "aws-service=vpcflowlogs"
		if c.LegacyHiveService {
			svc = "service=vpcflowlogs"
		}
		dir = path.Join("AWSLogs", "aws-account-id="+acct, svc, "aws-region="+region,
			"year="+y, "month="+m, "day="+d)
		if c.Layout == HiveHourly {
			dir = path.Join(dir, "hour="+h)
		}
	}
	ext := ".log.gz"
	if c.Uncompressed {
		ext = ".log"
	}
	name := fmt.Sprintf("%s_vpcflowlogs_%s_%s_%s_%08x%s", acct, region, c.FlowLogID,
		t.Format("20060102T1504Z"), uint32(mix(seed, 0x5eed)), ext)
	return path.Join(strings.Trim(c.Prefix, "/"), dir, name)
}

// AppendObject appends the uncompressed text of o (header line first) to
// dst and returns the extended slice and what it holds.
func (g *Generator) AppendObject(dst []byte, o Object) ([]byte, Stats) {
	return g.appendLines(dst, o, o.Lines, true)
}

// Text returns a header line and n records of the first account and
// region, all ending in the first window; for tests and benchmarks that
// need text in memory.
func (g *Generator) Text(n int) []byte {
	b, _ := g.appendLines(make([]byte, 0, n*128), g.objects[0], n, true)
	return b
}

func (g *Generator) appendLines(dst []byte, o Object, n int, header bool) ([]byte, Stats) {
	c := &g.cfg
	og := newObjGen(c, o.world, o.Window.Unix(), o.seed)
	evs := g.eventsIn(o)
	start := len(dst)
	if header {
		dst = append(dst, c.Format.Header()...)
		dst = append(dst, '\n')
	}
	var st Stats
	badR := rand.New(rand.NewPCG(o.seed, 0xbad))
	m, k := len(evs), 0 // event k goes before line k*n/m
	for i := range n {
		for k < m && k*n/m <= i {
			dst = og.appendFlow(dst, c.Format, &evs[k])
			dst = append(dst, '\n')
			k++
			st.Records++
		}
		f := og.next()
		lineStart := len(dst)
		dst = og.appendFlow(dst, c.Format, &f)
		if c.MalformedFraction > 0 && badR.Float64() < c.MalformedFraction {
			dst = mangle(dst, lineStart, c.Format, badR)
			st.Malformed++
		} else {
			st.Records++
			if f.status != flowlog.LogStatusOK {
				st.NoData++
			}
		}
		dst = append(dst, '\n')
	}
	for ; k < m; k++ {
		dst = og.appendFlow(dst, c.Format, &evs[k])
		dst = append(dst, '\n')
		st.Records++
	}
	st.RawBytes = int64(len(dst) - start)
	return dst, st
}

// mangle damages the line dst[lineStart:] so that a parser must reject
// it: a missing column, an extra one, or a word in a port column.
func mangle(dst []byte, lineStart int, fm *flowlog.Format, r *rand.Rand) []byte {
	line := dst[lineStart:]
	switch k := r.IntN(3); {
	case k == 0 && fm.Len() > 1:
		if sp := strings.LastIndexByte(string(line), ' '); sp > 0 {
			return dst[:lineStart+sp]
		}
	case k == 1 && fm.Has(flowlog.DstPort):
		col := fm.Index(flowlog.DstPort)
		toks := strings.Split(string(line), " ")
		toks[col] = "http"
		return append(dst[:lineStart], strings.Join(toks, " ")...)
	}
	return append(dst, " -"...)
}

// eventsIn returns the event records that belong to object o, in time
// order.
func (g *Generator) eventsIn(o Object) []flow {
	var out []flow
	lo, hi := o.Window, o.Window.Add(g.cfg.ObjectEvery)
	for _, e := range g.cfg.Events {
		acct, region := e.Account, e.Region
		if acct == "" {
			acct = g.cfg.Accounts[0]
		}
		if region == "" {
			region = g.cfg.Regions[0]
		}
		if acct != o.Account || region != o.Region {
			continue
		}
		count, every := max(e.Count, 1), e.Every
		if every <= 0 {
			every = time.Minute
		}
		for k := range count {
			at := e.At.Add(time.Duration(k) * every)
			if at.Before(lo) || !at.Before(hi) {
				continue
			}
			out = append(out, eventFlow(o.world, e, at))
		}
	}
	slices.SortStableFunc(out, func(a, b flow) int { return int(a.end - b.end) })
	return out
}

func eventFlow(w *world, e Event, at time.Time) flow {
	f := flow{accountID: w.account, status: flowlog.LogStatusOK, src: e.SrcAddr, dst: e.DstAddr,
		pktSrc: e.SrcAddr, pktDst: e.DstAddr, srcPort: e.SrcPort, dstPort: e.DstPort,
		proto: e.Protocol, packets: e.Packets, bytes: e.Bytes, end: at.Unix(), tcpFlags: 2}
	f.start = f.end - int64(e.Duration.Seconds())
	if f.proto == 0 {
		f.proto = 6
	}
	if f.packets == 0 {
		f.packets = 1
	}
	if f.bytes == 0 {
		f.bytes = 40 * f.packets
	}
	f.action, _ = flowlog.EnumCode(flowlog.Action, e.Action)
	f.ifc = w.ifaceFor(e.DstAddr)
	if _, ok := w.byIP[e.DstAddr]; !ok {
		if _, ok := w.byIP[e.SrcAddr]; ok {
			f.ifc = w.ifaceFor(e.SrcAddr)
			f.egress = true
		}
	}
	if e.InterfaceID != "" {
		c := *f.ifc
		c.id = e.InterfaceID
		f.ifc = &c
	}
	return f
}
