// Package nat follows an instance's traffic through a NAT gateway. A
// NAT gateway's interface logs each flow twice: in from the instance
// (srcaddr the instance, dstaddr the gateway's private address) and out to
// the destination (srcaddr the gateway, its source port translated). Where
// the format has pkt-dstaddr, the inbound leg names the real destination
// and ties the instance's flow to the gateway; the outbound leg is then the
// gateway's flow to that destination and port in the same time. Without
// pkt-* fields, the outbound leg is found by correlation: the same
// destination and port, overlapping time, and the same packets and bytes
// (NAT changes neither). Each pairing says how sure it is (Confidence).
package nat
