package enrich

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/gaissmai/bart"
)

// ipRangesFile is the shape of AWS's ip-ranges.json.
type ipRangesFile struct {
	SyncToken  string `json:"syncToken"`
	CreateDate string `json:"createDate"` // 2026-11-20-22-13-04, UTC
	Prefixes   []struct {
		Prefix  string `json:"ip_prefix"`
		Region  string `json:"region"`
		Service string `json:"service"`
	} `json:"prefixes"`
	IPv6Prefixes []struct {
		Prefix  string `json:"ipv6_prefix"`
		Region  string `json:"region"`
		Service string `json:"service"`
	} `json:"ipv6_prefixes"`
}

// awsPrefix is what the table holds for a prefix: the services of it and
// of every prefix covering it, and the regions AWS gives it, each a sorted
// list joined with flowlog.ListSep.
type awsPrefix struct {
	services, regions string
}

// awsTable finds the AWS prefix of an address. Read-only once built.
type awsTable struct {
	t         bart.Table[awsPrefix]
	created   time.Time
	syncToken string
	prefixes  int
}

// parseIPRanges reads ip-ranges.json.
func parseIPRanges(data []byte) (*awsTable, error) {
	var f ipRangesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("ip-ranges.json: %w", err)
	}
	if len(f.Prefixes)+len(f.IPv6Prefixes) == 0 {
		return nil, errors.New("ip-ranges.json: no prefixes (is this AWS's ip-ranges.json?)")
	}
	at := &awsTable{syncToken: f.SyncToken}
	if f.CreateDate != "" {
		t, err := time.Parse("2006-01-02-15-04-05", f.CreateDate)
		if err != nil {
			return nil, fmt.Errorf("ip-ranges.json: createDate %q: %w", f.CreateDate, err)
		}
		at.created = t.UTC()
	}
	own := map[netip.Prefix]*[2][]string{} // services, regions listed at the prefix itself
	add := func(i int, p, region, service string) error {
		pfx, err := netip.ParsePrefix(p)
		if err != nil || service == "" {
			return fmt.Errorf("ip-ranges.json: prefix %d (%q): not a prefix with a service", i+1, p)
		}
		pfx = pfx.Masked()
		e := own[pfx]
		if e == nil {
			e = &[2][]string{}
			own[pfx] = e
		}
		e[0] = append(e[0], service)
		e[1] = append(e[1], region)
		return nil
	}
	for i, p := range f.Prefixes {
		if err := add(i, p.Prefix, p.Region, p.Service); err != nil {
			return nil, err
		}
	}
	for i, p := range f.IPv6Prefixes {
		if err := add(len(f.Prefixes)+i, p.Prefix, p.Region, p.Service); err != nil {
			return nil, err
		}
	}
	at.build(own)
	return at, nil
}

// build fills the table: each prefix gets its own services and those of
// every prefix that covers it, so the longest match answers with all.
func (at *awsTable) build(own map[netip.Prefix]*[2][]string) {
	var mine bart.Table[*[2][]string]
	for p, e := range own {
		mine.Insert(p, e)
	}
	for p, e := range own {
		services := slices.Clone(e[0])
		for sp, se := range mine.Supernets(p) {
			if sp != p {
				services = append(services, se[0]...)
			}
		}
		at.t.Insert(p, awsPrefix{services: joinList(services), regions: joinList(e[1])})
	}
	at.prefixes = len(own)
}

// joinList sorts, dedupes and joins items for a List field.
func joinList(items []string) string {
	items = slices.DeleteFunc(slices.Clone(items), func(s string) bool { return s == "" })
	slices.Sort(items)
	return strings.Join(slices.Compact(items), string(flowlog.ListSep))
}

// lookup returns the entry of the longest prefix holding a.
func (at *awsTable) lookup(a netip.Addr) (awsPrefix, bool) {
	return at.t.Lookup(a.Unmap())
}

func (at *awsTable) fields() []flowlog.Derived {
	field := func(name string, addr flowlog.Field, part func(awsPrefix) string) flowlog.Derived {
		return flowlog.Derived{Name: name, Needs: flowlog.SetOf(addr), List: true,
			Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
				a, ok := r.Addr(addr)
				if !ok {
					return dst, false
				}
				e, ok := at.lookup(a)
				if !ok {
					return dst, false
				}
				return append(dst, part(e)...), true
			}}
	}
	services := func(e awsPrefix) string { return e.services }
	regions := func(e awsPrefix) string { return e.regions }
	return []flowlog.Derived{
		field("src_aws_service", flowlog.SrcAddr, services),
		field("dst_aws_service", flowlog.DstAddr, services),
		field("src_aws_region", flowlog.SrcAddr, regions),
		field("dst_aws_region", flowlog.DstAddr, regions),
	}
}
