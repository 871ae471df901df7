package flowlog

import "strings"

// protocolNumbers maps IANA protocol keywords (lower case) to numbers;
// read-only.
var protocolNumbers = map[string]int64{
	"hopopt": 0, "icmp": 1, "igmp": 2, "ggp": 3, "ipv4": 4, "ipip": 4, "st": 5, "tcp": 6,
	"egp": 8, "igp": 9, "udp": 17, "rdp": 27, "ipv6": 41, "ipv6-route": 43, "ipv6-frag": 44,
	"rsvp": 46, "gre": 47, "esp": 50, "ah": 51, "icmpv6": 58, "ipv6-icmp": 58, "ipv6-nonxt": 59,
	"ipv6-opts": 60, "eigrp": 88, "ospf": 89, "ospfigp": 89, "etherip": 97, "encap": 98,
	"pim": 103, "ipcomp": 108, "vrrp": 112, "l2tp": 115, "isis": 124, "sctp": 132,
	"udplite": 136, "mpls-in-ip": 137,
}

// protocolNames are the names printed for protocol numbers; read-only.
var protocolNames = map[int64]string{
	0: "HOPOPT", 1: "ICMP", 2: "IGMP", 4: "IPv4", 6: "TCP", 17: "UDP", 41: "IPv6", 46: "RSVP",
	47: "GRE", 50: "ESP", 51: "AH", 58: "ICMPv6", 88: "EIGRP", 89: "OSPF", 103: "PIM",
	112: "VRRP", 115: "L2TP", 132: "SCTP", 136: "UDPLite",
}

// ProtocolNumber returns the IANA number of a protocol keyword ("tcp",
// "icmpv6", case-insensitive).
func ProtocolNumber(name string) (int64, bool) {
	n, ok := protocolNumbers[strings.ToLower(name)]
	return n, ok
}

// ProtocolName returns a readable name for a protocol number ("TCP"), or ""
// if flowq has none.
func ProtocolName(n int64) string { return protocolNames[n] }
