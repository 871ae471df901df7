package gen

import (
	"math/rand/v2"
	"net/netip"

	"github.com/flowq/flowq/flowlog"
)

// flow is one record before it is written in a format.
type flow struct {
	ifc              *iface
	accountID        string
	src, dst         netip.Addr
	pktSrc, pktDst   netip.Addr
	srcPort, dstPort int
	proto            int
	packets, bytes   int64
	start, end       int64
	action           int64 // flowlog.Action* code; 0 for TGW records
	status           int64 // flowlog.LogStatus* code
	tcpFlags         int
	egress           bool
	srcSvc, dstSvc   string
	trafficPath      int
	rejectReason     string
	encryption       int
	attach, pair     int // TGW attachment indexes
	lostNoRoute      int64
}

// objGen generates the records of one object. It is not safe for
// concurrent use.
type objGen struct {
	cfg     *Config
	w       *world
	r       *rand.Rand
	ifaceZ  *rand.Zipf
	clientZ *rand.Zipf
	extZ    *rand.Zipf
	ext6Z   *rand.Zipf
	scanZ   *rand.Zipf
	// The records of one interface come in batches sharing a flush time,
	// as AWS writes them.
	cur     *iface
	left    int
	flush   int64
	lo      int64 // window start, Unix seconds
	span    int64 // window length in seconds
	agg     int64 // aggregation interval in seconds
	tgw     bool
	pending []flow
}

func newObjGen(cfg *Config, w *world, window int64, seed uint64) *objGen {
	r := rand.New(rand.NewPCG(seed, uint64(window)))
	return &objGen{
		cfg: cfg, w: w, r: r,
		ifaceZ:  rand.NewZipf(r, 1.3, 2, uint64(len(w.ifaces)-1)),
		clientZ: rand.NewZipf(r, 1.2, 3, uint64(len(w.clients)-1)),
		extZ:    rand.NewZipf(r, 1.1, 5, uint64(len(w.external)-1)),
		ext6Z:   rand.NewZipf(r, 1.1, 5, uint64(len(w.external6)-1)),
		scanZ:   rand.NewZipf(r, 1.4, 2, uint64(len(w.scanners)-1)),
		lo:      window,
		span:    int64(cfg.ObjectEvery.Seconds()),
		agg:     int64(cfg.AggregationInterval.Seconds()),
		tgw:     cfg.Format.Has(flowlog.TGWID) || cfg.Format.Has(flowlog.ResourceType),
	}
}

// ephemeral returns a client port in the Linux ephemeral range.
func (g *objGen) ephemeral() int { return 32768 + g.r.IntN(28232) }

// times sets end inside the window and start up to the aggregation
// interval earlier; short is for one-packet probes.
//
// An interface flushes its records a few times per window, so end times
// cluster as they do in real objects.
func (g *objGen) times(f *flow, short bool) {
	f.end = max(g.lo, g.flush-g.r.Int64N(4))
	var d int64
	switch {
	case short:
		d = g.r.Int64N(3)
	case g.r.IntN(4) == 0:
		d = g.r.Int64N(g.agg + 60)
	default:
		d = g.r.Int64N(60)
	}
	f.start = f.end - d
}

// packets returns a heavy-tailed packet count.
func (g *objGen) packetCount() int64 {
	x := g.r.ExpFloat64() * 8
	if g.cfg.Mix {
		x *= 4 // busier flows
	}
	if g.r.IntN(20) == 0 {
		x *= 50
	}
	return 1 + int64(x)
}

var packetSizes = []int64{52, 60, 64, 76, 88, 120, 576, 1400, 1500}

// next returns the next record: a queued reply or a new conversation.
func (g *objGen) next() flow {
	if n := len(g.pending); n > 0 && (!g.cfg.Mix || n > 256 || g.r.IntN(8) == 0) {
		i := n - 1
		if g.cfg.Mix {
			i = g.r.IntN(n)
		}
		f := g.pending[i]
		g.pending[i] = g.pending[n-1]
		g.pending = g.pending[:n-1]
		return f
	}
	if g.cfg.NoDataFraction > 0 && g.r.Float64() < g.cfg.NoDataFraction*1.1 {
		return g.noData()
	}
	if g.left <= 0 {
		g.cur = &g.w.ifaces[g.ifaceZ.Uint64()]
		g.left = 4 + g.r.IntN(40)
		g.flush = g.lo + g.r.Int64N(g.span)
	}
	g.left--
	if g.tgw {
		return g.tgwFlow()
	}
	return g.vpcFlow()
}

func (g *objGen) noData() flow {
	ifc := &g.w.ifaces[g.r.IntN(len(g.w.ifaces))]
	f := flow{ifc: ifc, accountID: g.w.account, status: flowlog.LogStatusNoData}
	if g.r.IntN(11) == 0 {
		f.status = flowlog.LogStatusSkipData
	}
	f.end = g.lo + g.r.Int64N(g.span)
	f.start = f.end - 30 - g.r.Int64N(g.agg-30)
	return f
}

// vpcFlow picks a conversation on a skewed interface and queues the reply.
func (g *objGen) vpcFlow() flow {
	ifc := g.cur
	f := flow{ifc: ifc, accountID: g.w.account, status: flowlog.LogStatusOK, action: flowlog.ActionAccept, proto: 6}
	v6 := g.cfg.IPv6Fraction > 0 && g.r.Float64() < g.cfg.IPv6Fraction
	local := ifc.ip4
	if v6 {
		local = ifc.ip6
	}
	ports := rolePorts[ifc.role]
	port := ports[0]
	if len(ports) > 1 && g.r.IntN(4) == 0 {
		port = ports[1+g.r.IntN(len(ports)-1)]
	}
	reply := true
	switch p := g.r.IntN(100); {
	case p < 30 && !v6 && len(g.w.connsOf[ifc.idx]) > 0: // a long-lived connection
		cs := g.w.connsOf[ifc.idx]
		c := &g.w.conns[cs[min(g.r.IntN(len(cs)), g.r.IntN(len(cs)))]]
		f.src, f.dst, f.srcPort, f.dstPort = c.client, ifc.ip4, c.eph, c.port
	case p < 45: // internal client -> this interface's service
		f.src, f.dst = g.client(), local
		if v6 {
			f.src = g.w.external6[g.ext6Z.Uint64()]
		}
		f.srcPort, f.dstPort = g.ephemeral(), port
	case p < 62: // this interface -> internet HTTPS (or NAT egress)
		f.src, f.dst = local, g.ext(v6)
		f.srcPort, f.dstPort = g.ephemeral(), 443
		if g.r.IntN(8) == 0 {
			f.dstPort = 80
		}
		f.egress = true
		f.dstSvc = g.service()
	case p < 74: // internet -> this interface
		f.src, f.dst = g.ext(v6), local
		f.srcPort, f.dstPort = g.ephemeral(), port
		if ifc.role != roleWeb && ifc.role != roleNAT {
			f.action = flowlog.ActionReject
			reply = false
		}
	case p < 88: // scanner probes, rejected
		f.src, f.dst = g.w.scanners[g.scanZ.Uint64()], local
		if v6 {
			f.src = g.ext(true)
		}
		f.srcPort, f.dstPort = g.ephemeral(), scanPorts[g.r.IntN(len(scanPorts))]
		f.action = flowlog.ActionReject
		if g.r.IntN(20) == 0 {
			f.rejectReason = "BPA"
		}
		reply = false
	case p < 96: // DNS to an internal resolver
		f.src, f.dst = local, g.w.ifaces[len(g.w.ifaces)/2].ip4
		if v6 {
			f.dst = g.w.ifaces[len(g.w.ifaces)/2].ip6
		}
		f.srcPort, f.dstPort, f.proto = g.ephemeral(), 53, 17
		f.egress = true
	default: // ICMP
		f.src, f.dst = g.ext(v6), local
		f.proto = 1
		if v6 {
			f.proto = 58
		}
	}
	g.times(&f, f.action == flowlog.ActionReject)
	f.packets = g.packetCount()
	if f.action == flowlog.ActionReject {
		f.packets = 1 + int64(g.r.IntN(3))
		f.tcpFlags = 2
	} else {
		f.tcpFlags = []int{3, 19, 18, 2, 1, 0}[g.r.IntN(6)]
	}
	f.bytes = g.bytesOf(f.packets)
	if f.proto != 6 {
		f.tcpFlags = -1
	}
	f.pktSrc, f.pktDst = f.src, f.dst
	if f.egress {
		f.trafficPath = 2
		if f.dst.Is4() && f.dst.As4()[0] == 10 {
			f.trafficPath = 1
		}
	}
	f.encryption = g.r.IntN(3)
	if reply {
		g.pending = append(g.pending, g.replyOf(f))
	}
	return f
}

func (g *objGen) ext(v6 bool) netip.Addr {
	if v6 {
		return g.w.external6[g.ext6Z.Uint64()]
	}
	if g.cfg.Mix && g.r.IntN(4) != 0 {
		return publicIPv4(g.r)
	}
	return g.w.external[g.extZ.Uint64()]
}

// client returns an internal client: a few busy ones, or, with
// Config.Mix, any of them as often.
func (g *objGen) client() netip.Addr {
	if g.cfg.Mix {
		return g.w.clients[g.r.IntN(len(g.w.clients))]
	}
	return g.w.clients[g.clientZ.Uint64()]
}

// bytesOf returns the byte count of a record of n packets: n packets of
// one common size, or, with Config.Mix, of sizes that vary.
func (g *objGen) bytesOf(n int64) int64 {
	if g.cfg.Mix {
		return n*40 + g.r.Int64N(n*1460+1)
	}
	return n * packetSizes[g.r.IntN(len(packetSizes))]
}

func (g *objGen) service() string {
	if g.r.IntN(3) != 0 {
		return ""
	}
	return awsServices[g.r.IntN(len(awsServices))]
}

// replyOf returns the record of the answer direction of f.
func (g *objGen) replyOf(f flow) flow {
	r := f
	r.src, r.dst = f.dst, f.src
	r.pktSrc, r.pktDst = r.src, r.dst
	r.srcPort, r.dstPort = f.dstPort, f.srcPort
	r.srcSvc, r.dstSvc = f.dstSvc, f.srcSvc
	r.egress = !f.egress
	r.trafficPath = 0
	if r.egress {
		r.trafficPath = f.trafficPath
		if r.trafficPath == 0 {
			r.trafficPath = 1
		}
	}
	r.packets = max(1, f.packets+int64(g.r.IntN(5))-2)
	r.bytes = g.bytesOf(r.packets)
	r.end = min(f.end+int64(g.r.IntN(2)), g.lo+g.span-1)
	if r.tcpFlags == 3 {
		r.tcpFlags = 19
	}
	return r
}

// tgwFlow is a Transit Gateway record between two attached VPCs.
func (g *objGen) tgwFlow() flow {
	f := flow{accountID: g.w.account, status: flowlog.LogStatusOK, proto: 6}
	ifc := g.cur
	f.ifc = ifc
	f.attach = g.r.IntN(len(g.w.attachments))
	f.pair = (f.attach + 1 + g.r.IntN(len(g.w.attachments)-1)) % len(g.w.attachments)
	f.src = g.w.clients[g.clientZ.Uint64()]
	f.dst = ifc.ip4
	ports := rolePorts[ifc.role]
	f.srcPort, f.dstPort = g.ephemeral(), ports[0]
	if ifc.role == roleDNS {
		f.proto = 17
	}
	f.egress = g.r.IntN(2) == 0
	g.times(&f, false)
	f.packets = g.packetCount()
	f.bytes = f.packets * packetSizes[g.r.IntN(len(packetSizes))]
	f.tcpFlags = []int{3, 19, 18, 0}[g.r.IntN(4)]
	if f.proto != 6 {
		f.tcpFlags = -1
	}
	if g.r.IntN(200) == 0 {
		f.lostNoRoute = 1 + int64(g.r.IntN(4))
	}
	return f
}
