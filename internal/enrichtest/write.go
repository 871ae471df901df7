package enrichtest

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// AWSPrefix is one entry of ip-ranges.json.
type AWSPrefix struct {
	Prefix, Region, Service string
}

// WriteIPRanges writes an ip-ranges.json made at created.
func WriteIPRanges(path string, created time.Time, prefixes []AWSPrefix) error {
	type v4 struct {
		Prefix  string `json:"ip_prefix"`
		Region  string `json:"region"`
		Service string `json:"service"`
		Border  string `json:"network_border_group"`
	}
	type v6 struct {
		Prefix  string `json:"ipv6_prefix"`
		Region  string `json:"region"`
		Service string `json:"service"`
		Border  string `json:"network_border_group"`
	}
	doc := struct {
		SyncToken  string `json:"syncToken"`
		CreateDate string `json:"createDate"`
		Prefixes   []v4   `json:"prefixes"`
		IPv6       []v6   `json:"ipv6_prefixes"`
	}{SyncToken: fmt.Sprint(created.Unix()), CreateDate: created.UTC().Format("2006-01-02-15-04-05"), Prefixes: []v4{}, IPv6: []v6{}}
	for _, p := range prefixes {
		if ip, _, err := net.ParseCIDR(p.Prefix); err == nil && ip.To4() == nil {
			doc.IPv6 = append(doc.IPv6, v6{p.Prefix, p.Region, p.Service, p.Region})
		} else {
			doc.Prefixes = append(doc.Prefixes, v4{p.Prefix, p.Region, p.Service, p.Region})
		}
	}
	return writeJSON(path, doc)
}

// ENI is one interface of an inventory.
type ENI struct {
	ID, Name, Description, Type, Instance, Owner, VPC string
	Addrs                                             []string // private IPv4
	IPv6                                              []string
}

// WriteENIs writes what `aws ec2 describe-network-interfaces` prints for
// the interfaces.
func WriteENIs(path string, enis []ENI) error {
	type m = map[string]any
	list := []m{}
	for _, e := range enis {
		n := m{"NetworkInterfaceId": e.ID, "Description": e.Description, "InterfaceType": e.Type,
			"OwnerId": e.Owner, "VpcId": e.VPC, "Status": "in-use", "RequesterManaged": false}
		if e.Instance != "" {
			n["Attachment"] = m{"InstanceId": e.Instance, "InstanceOwnerId": e.Owner, "Status": "attached"}
		}
		var addrs, ip6 []m
		for i, a := range e.Addrs {
			addrs = append(addrs, m{"PrivateIpAddress": a, "Primary": i == 0})
		}
		for _, a := range e.IPv6 {
			ip6 = append(ip6, m{"Ipv6Address": a})
		}
		if len(e.Addrs) > 0 {
			n["PrivateIpAddress"] = e.Addrs[0]
		}
		n["PrivateIpAddresses"], n["Ipv6Addresses"] = addrs, ip6
		if e.Name != "" {
			n["TagSet"] = []m{{"Key": "Name", "Value": e.Name}}
		}
		list = append(list, n)
	}
	return writeJSON(path, m{"NetworkInterfaces": list})
}

// Network is one network of an .mmdb: a country code, or an ASN and
// organization.
type Network struct {
	Prefix  string
	Country string
	ASN     uint32
	Org     string
}

// WriteMMDB writes a MaxMind DB of type dbType ("GeoLite2-Country",
// "GeoLite2-ASN") built at built. Reserved networks are allowed, so tests
// may use documentation addresses.
func WriteMMDB(path, dbType string, built time.Time, nets []Network) error {
	w, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: dbType, BuildEpoch: built.Unix(),
		IncludeReservedNetworks: true, RecordSize: 24})
	if err != nil {
		return err
	}
	for _, n := range nets {
		_, ipnet, err := net.ParseCIDR(n.Prefix)
		if err != nil {
			return err
		}
		rec := mmdbtype.Map{}
		if n.Country != "" {
			rec["country"] = mmdbtype.Map{"iso_code": mmdbtype.String(n.Country)}
		}
		if n.ASN != 0 {
			rec["autonomous_system_number"] = mmdbtype.Uint32(n.ASN)
			rec["autonomous_system_organization"] = mmdbtype.String(n.Org)
		}
		if err := w.Insert(ipnet, rec); err != nil {
			return err
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := w.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Files are the paths of a Standard set.
type Files struct {
	IPRanges, ENIs, Country, ASN string
}

// Standard writes the four files tests share into dir: invented AWS
// prefixes (198.51.100.0/24 is AMAZON with an S3 /25 and an EC2 /26 in
// it, in us-east-1; 2001:db8:aws::/48 is AMAZON), two interfaces
// (10.1.3.7's web host and a NAT gateway at 10.1.0.5), and country and
// ASN databases for 203.0.113.0/24 (JP, AS64500) and 198.51.100.0/24
// (US, AS16509). Both JSON files are dated created, the databases built.
func Standard(dir string, created, built time.Time) (Files, error) {
	f := Files{IPRanges: filepath.Join(dir, "ip-ranges.json"), ENIs: filepath.Join(dir, "enis.json"),
		Country: filepath.Join(dir, "country.mmdb"), ASN: filepath.Join(dir, "asn.mmdb")}
	err := WriteIPRanges(f.IPRanges, created, []AWSPrefix{
		{"198.51.100.0/24", "us-east-1", "AMAZON"},
		{"198.51.100.0/25", "us-east-1", "S3"},
		{"198.51.100.0/25", "us-east-1", "AMAZON"},
		{"198.51.100.0/26", "us-east-1", "EC2"},
		{"2001:db8:aa::/48", "GLOBAL", "AMAZON"},
	})
	if err == nil {
		err = WriteENIs(f.ENIs, []ENI{
			{ID: "eni-0aaa1111bbbb2222c", Name: "web-1", Description: "Primary network interface", Type: "interface",
				Instance: "i-0123456789abcdef0", Owner: "444455556666", VPC: "vpc-0a1", Addrs: []string{"10.1.3.7"}},
			{ID: "eni-0ccc3333dddd4444e", Description: "Interface for NAT Gateway nat-0abc", Type: "nat_gateway",
				Owner: "444455556666", VPC: "vpc-0a1", Addrs: []string{"10.1.0.5"}},
		})
	}
	if err == nil {
		err = WriteMMDB(f.Country, "GeoLite2-Country", built, []Network{
			{Prefix: "203.0.113.0/24", Country: "JP"}, {Prefix: "198.51.100.0/24", Country: "US"}})
	}
	if err == nil {
		err = WriteMMDB(f.ASN, "GeoLite2-ASN", built, []Network{
			{Prefix: "203.0.113.0/24", ASN: 64500, Org: "Example Net"}, {Prefix: "198.51.100.0/24", ASN: 16509, Org: "AMAZON-02"}})
	}
	return f, err
}
