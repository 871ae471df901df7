package enrich

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"

	"github.com/flowq/flowq/flowlog"
)

// eniFile is the shape of `aws ec2 describe-network-interfaces` output.
type eniFile struct {
	NetworkInterfaces []eniJSON
}

// eniJSON is one interface, as EC2 describes it, and as AWS Config's
// configuration items do (the same names in camelCase, which
// encoding/json matches without regard to case).
type eniJSON struct {
	NetworkInterfaceID string `json:"NetworkInterfaceId"`
	Description        string
	InterfaceType      string
	OwnerID            string `json:"OwnerId"`
	VpcID              string `json:"VpcId"`
	Attachment         *struct {
		InstanceID string `json:"InstanceId"`
	}
	PrivateIPAddresses []struct {
		PrivateIPAddress string `json:"PrivateIpAddress"`
	} `json:"PrivateIpAddresses"`
	IPv6Addresses []struct {
		IPv6Address string `json:"Ipv6Address"`
	} `json:"Ipv6Addresses"`
	TagSet []struct{ Key, Value string }
}

// iface is what the fields tell of one interface.
type iface struct {
	id, name, description, kind, instance, owner, vpc string
}

// eniTable finds interfaces by id and by address. Read-only once built.
type eniTable struct {
	ifaces []iface
	byID   map[string]int
	byAddr map[netip.Addr][]int // several: the same private address in several VPCs
}

// parseENIs reads one inventory.
func parseENIs(data []byte) (*eniTable, error) {
	var f eniFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("ENI inventory: %w", err)
	}
	if f.NetworkInterfaces == nil {
		return nil, errors.New("ENI inventory: no NetworkInterfaces list (is this the output of aws ec2 describe-network-interfaces?)")
	}
	return eniTableOf(f.NetworkInterfaces)
}

// eniTableOf indexes interfaces.
func eniTableOf(list []eniJSON) (*eniTable, error) {
	t := &eniTable{byID: map[string]int{}, byAddr: map[netip.Addr][]int{}}
	for i, n := range list {
		if n.NetworkInterfaceID == "" {
			return nil, fmt.Errorf("ENI inventory: interface %d has no NetworkInterfaceId", i+1)
		}
		in := iface{id: n.NetworkInterfaceID, description: n.Description, kind: n.InterfaceType, owner: n.OwnerID, vpc: n.VpcID}
		if n.Attachment != nil {
			in.instance = n.Attachment.InstanceID
		}
		for _, tag := range n.TagSet {
			if tag.Key == "Name" {
				in.name = tag.Value
			}
		}
		var addrs []netip.Addr
		for _, a := range n.PrivateIPAddresses {
			p, err := netip.ParseAddr(a.PrivateIPAddress)
			if err != nil {
				return nil, fmt.Errorf("ENI inventory: %s: PrivateIpAddress %q: %w", in.id, a.PrivateIPAddress, err)
			}
			addrs = append(addrs, p)
		}
		for _, a := range n.IPv6Addresses {
			p, err := netip.ParseAddr(a.IPv6Address)
			if err != nil {
				return nil, fmt.Errorf("ENI inventory: %s: Ipv6Address %q: %w", in.id, a.IPv6Address, err)
			}
			addrs = append(addrs, p)
		}
		t.add(in, addrs)
	}
	return t, nil
}

// add records an interface (the first of an id wins: inventories of the
// same account taken twice say the same).
func (t *eniTable) add(in iface, addrs []netip.Addr) {
	if _, dup := t.byID[in.id]; dup {
		return
	}
	i := len(t.ifaces)
	t.ifaces = append(t.ifaces, in)
	t.byID[in.id] = i
	for _, a := range addrs {
		t.byAddr[a.Unmap()] = append(t.byAddr[a.Unmap()], i)
	}
}

// mergeENIs joins inventories into one table.
func mergeENIs(ts []*eniTable) *eniTable {
	if len(ts) == 1 {
		return ts[0]
	}
	out := &eniTable{byID: map[string]int{}, byAddr: map[netip.Addr][]int{}}
	for _, t := range ts {
		addrs := make([][]netip.Addr, len(t.ifaces))
		for a, is := range t.byAddr {
			for _, i := range is {
				addrs[i] = append(addrs[i], a)
			}
		}
		for i, in := range t.ifaces {
			out.add(in, addrs[i])
		}
	}
	return out
}

// ofAddr returns the interface holding address a, using the record's VPC
// when the address is in several; nil when none or still ambiguous (no
// answer rather than a guess).
func (t *eniTable) ofAddr(a netip.Addr, r *flowlog.Record) *iface {
	is := t.byAddr[a.Unmap()]
	switch len(is) {
	case 0:
		return nil
	case 1:
		return &t.ifaces[is[0]]
	}
	vpc := r.Text(flowlog.VPCID)
	var found *iface
	for _, i := range is {
		if vpc != nil && t.ifaces[i].vpc == string(vpc) {
			if found != nil {
				return nil
			}
			found = &t.ifaces[i]
		}
	}
	return found
}

func (t *eniTable) ofID(r *flowlog.Record) *iface {
	id := r.Text(flowlog.InterfaceID)
	if id == nil {
		return nil
	}
	i, ok := t.byID[string(id)]
	if !ok {
		return nil
	}
	return &t.ifaces[i]
}

// eniAttrs are the parts of an interface a field can show.
var eniAttrs = []struct {
	suffix string
	part   func(*iface) string
}{
	{"name", func(i *iface) string { return i.name }},
	{"description", func(i *iface) string { return i.description }},
	{"type", func(i *iface) string { return i.kind }},
	{"instance", func(i *iface) string { return i.instance }},
	{"owner", func(i *iface) string { return i.owner }},
}

func (t *eniTable) fields() []flowlog.Derived {
	field := func(name string, needs flowlog.FieldSet, find func(*flowlog.Record) *iface, part func(*iface) string) flowlog.Derived {
		return flowlog.Derived{Name: name, Needs: needs, Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			in := find(r)
			if in == nil {
				return dst, false
			}
			v := part(in)
			return append(dst, v...), v != ""
		}}
	}
	var out []flowlog.Derived
	for _, a := range eniAttrs {
		out = append(out, field("eni_"+a.suffix, flowlog.SetOf(flowlog.InterfaceID), t.ofID, a.part))
	}
	for _, side := range []struct {
		name string
		addr flowlog.Field
	}{{"src", flowlog.SrcAddr}, {"dst", flowlog.DstAddr}} {
		find := func(r *flowlog.Record) *iface {
			a, ok := r.Addr(side.addr)
			if !ok {
				return nil
			}
			return t.ofAddr(a, r)
		}
		needs := flowlog.SetOf(side.addr, flowlog.VPCID)
		out = append(out, field(side.name+"_eni", needs, find, func(i *iface) string { return i.id }))
		for _, a := range eniAttrs {
			out = append(out, field(side.name+"_eni_"+a.suffix, needs, find, a.part))
		}
	}
	return out
}
