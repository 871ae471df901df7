package gen

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/netip"
	"strings"
)

// role is what an interface serves; it picks its listening ports.
type role uint8

const (
	roleWeb role = iota
	roleDB
	roleBastion
	roleWindows
	roleDNS
	roleApp
	roleCache
	roleNAT
	numRoles
)

// rolePorts lists the ports each role listens on, most used first.
var rolePorts = [numRoles][]int{
	roleWeb:     {443, 80},
	roleDB:      {5432, 3306},
	roleBastion: {22},
	roleWindows: {3389, 445},
	roleDNS:     {53},
	roleApp:     {8080, 8443, 9090},
	roleCache:   {6379, 11211},
	roleNAT:     {443},
}

// scanPorts are the ports internet scanners probe (and get rejected on).
var scanPorts = []int{22, 3389, 23, 445, 5432, 1433, 3306, 8080, 80, 443, 5900, 6379, 25, 8443}

// awsServices are pkt-*-aws-service values for external peers.
var awsServices = []string{"AMAZON", "S3", "DYNAMODB", "EC2", "CLOUDFRONT", "ROUTE53"}

// iface is one network interface of a world.
type iface struct {
	id, instance, subnet, az string
	ip4, ip6                 netip.Addr
	role                     role
	idx                      int
	ecs                      bool
	ecsTask, ecsContainer    string
}

// conn is a long-lived connection from a client to an interface's
// service; it shows up interval after interval with the same ports.
type conn struct {
	client    netip.Addr
	iface     int
	port, eph int
}

// world is the stable network of one account and region: its interfaces
// and the peers they talk to. It is derived from the seed alone, so every
// object of the account and region sees the same hosts.
type world struct {
	account, region string
	vpc, tgw        string
	ifaces          []iface
	byIP            map[netip.Addr]int
	clients         []netip.Addr // internal peers (other subnets, on-prem)
	external        []netip.Addr // internet hosts talked to or from
	external6       []netip.Addr
	scanners        []netip.Addr
	attachments     []string
	conns           []conn  // long-lived connections (pools, keep-alive)
	connsOf         [][]int // indexes into conns, per interface
	peerAccounts    []string
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// mix combines two 64-bit values (splitmix64 finaliser).
func mix(a, b uint64) uint64 {
	z := a ^ (b + 0x9e3779b97f4a7c15 + a<<6 + a>>2)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// hexID returns prefix and digits hex digits; 17-digit IDs start with 0
// as current AWS resource IDs do.
func hexID(r *rand.Rand, prefix string, digits int) string {
	b := []byte(prefix)
	for i := range digits {
		if i == 0 && digits == 17 {
			b = append(b, '0')
			continue
		}
		b = append(b, "0123456789abcdef"[r.IntN(16)])
	}
	return string(b)
}

// newWorld builds the network of account/region for seed. Account index
// ai gives each account its own 10.ai.0.0/16 block.
func newWorld(seed int64, account, region string, ai, n int) *world {
	r := rand.New(rand.NewPCG(uint64(seed), hashString(account+"/"+region)))
	w := &world{account: account, region: region, byIP: make(map[netip.Addr]int)}
	w.vpc = hexID(r, "vpc-", 17)
	w.tgw = hexID(r, "tgw-", 17)
	azs := []string{azID(region, 1), azID(region, 2), azID(region, 4)}
	subnets := make([]string, 6)
	for i := range subnets {
		subnets[i] = hexID(r, "subnet-", 17)
	}
	roleWeights := []role{roleWeb, roleWeb, roleWeb, roleApp, roleApp, roleDB, roleDB, roleBastion, roleWindows, roleDNS, roleCache, roleNAT}
	for i := range n {
		sn := r.IntN(len(subnets))
		ip4 := netip.AddrFrom4([4]byte{10, byte(ai), byte(sn), byte(10 + i%240)})
		if _, dup := w.byIP[ip4]; dup {
			ip4 = netip.AddrFrom4([4]byte{10, byte(ai), byte(100 + i/240), byte(10 + i%240)})
		}
		var ip6 [16]byte
		copy(ip6[:], []byte{0x26, 0x00, 0x1f, 0x18, 0x0a, byte(ai), byte(sn), 0x00})
		for j := 8; j < 16; j++ {
			ip6[j] = byte(r.Uint32())
		}
		f := iface{
			id:     hexID(r, "eni-", 17),
			subnet: subnets[sn],
			az:     azs[sn%len(azs)],
			ip4:    ip4,
			ip6:    netip.AddrFrom16(ip6),
			role:   roleWeights[r.IntN(len(roleWeights))],
			idx:    i,
		}
		if f.role == roleNAT {
			f.instance = "-"
		} else {
			f.instance = hexID(r, "i-", 17)
		}
		if f.role == roleApp && r.IntN(2) == 0 {
			f.ecs = true
			f.ecsTask = fmt.Sprintf("%032x", r.Uint64())[:32]
			f.ecsContainer = fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
		}
		w.byIP[ip4] = len(w.ifaces)
		w.ifaces = append(w.ifaces, f)
	}
	for range 300 {
		w.clients = append(w.clients, netip.AddrFrom4([4]byte{10, byte(ai + r.IntN(3)), byte(r.IntN(8)), byte(1 + r.IntN(254))}))
	}
	for range 3000 {
		w.external = append(w.external, publicIPv4(r))
	}
	for range 400 {
		var b [16]byte
		copy(b[:], []byte{0x20, 0x01, 0x0d, 0xb8})
		for j := 4; j < 16; j++ {
			b[j] = byte(r.Uint32())
		}
		w.external6 = append(w.external6, netip.AddrFrom16(b))
	}
	for range 500 {
		w.scanners = append(w.scanners, publicIPv4(r))
	}
	for range 400 {
		i := r.IntN(len(w.ifaces))
		ports := rolePorts[w.ifaces[i].role]
		w.conns = append(w.conns, conn{client: w.clients[r.IntN(len(w.clients))], iface: i,
			port: ports[0], eph: 32768 + r.IntN(28232)})
	}
	w.connsOf = make([][]int, len(w.ifaces))
	for i, c := range w.conns {
		w.connsOf[c.iface] = append(w.connsOf[c.iface], i)
	}
	for range 4 {
		w.attachments = append(w.attachments, hexID(r, "tgw-attach-", 17))
	}
	w.peerAccounts = []string{account, fmt.Sprintf("%012d", r.Int64N(1e12)), fmt.Sprintf("%012d", r.Int64N(1e12))}
	return w
}

// publicIPv4 returns a random address outside private and reserved blocks.
func publicIPv4(r *rand.Rand) netip.Addr {
	for {
		a := byte(1 + r.IntN(222))
		if a == 10 || a == 127 || a == 172 || a == 192 || a == 100 || a == 169 {
			continue
		}
		return netip.AddrFrom4([4]byte{a, byte(r.IntN(256)), byte(r.IntN(256)), byte(1 + r.IntN(254))})
	}
}

// azID returns an AZ ID such as use1-az1 or apne1-az4 for a region code.
func azID(region string, n int) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return fmt.Sprintf("%s-az%d", region, n)
	}
	dir, ok := compass[parts[1]]
	if !ok {
		dir = parts[1][:1]
	}
	return fmt.Sprintf("%s%s%s-az%d", parts[0], dir, parts[2], n)
}

var compass = map[string]string{"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
	"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw"}

// ifaceFor returns the interface owning addr, or one derived from it.
func (w *world) ifaceFor(addr netip.Addr) *iface {
	if i, ok := w.byIP[addr]; ok {
		return &w.ifaces[i]
	}
	b := addr.As16()
	return &w.ifaces[hashString(string(b[:]))%uint64(len(w.ifaces))]
}
