package enrich

import "strings"

// About explains an enrichment field in one line of plain English, for
// people reading a record ("AWS services of the destination address, by
// the prefixes ip-ranges.json lists for it"); "" for a name that is not
// one of the fields Load makes. It keeps no state.
func About(name string) string {
	side, rest, ok := strings.Cut(name, "_")
	if !ok {
		return ""
	}
	of := map[string]string{"src": "the source address", "dst": "the destination address"}[side]
	switch {
	case side == "eni":
		if what := eniAbout[rest]; what != "" {
			return what + " of the interface that logged the flow (interface_id), from the ENI inventory."
		}
	case of == "":
	case rest == "aws_service":
		return "AWS services of " + of + ": every service ip-ranges.json lists for the prefixes holding it."
	case rest == "aws_region":
		return "AWS region of " + of + ", by the longest prefix of ip-ranges.json holding it."
	case rest == "country":
		return "Country of " + of + " (ISO 3166 code), from the .mmdb database."
	case rest == "asn":
		return "Autonomous system (network operator's number) of " + of + ", from the .mmdb database."
	case rest == "as_org":
		return "Organization of the autonomous system of " + of + ", from the .mmdb database."
	case rest == "eni":
		return "The network interface that owns " + of + ", from the ENI inventory."
	case strings.HasPrefix(rest, "eni_"):
		if what := eniAbout[strings.TrimPrefix(rest, "eni_")]; what != "" {
			return what + " of the interface that owns " + of + ", from the ENI inventory."
		}
	}
	return ""
}

// eniAbout names the attributes of an interface an inventory gives.
var eniAbout = map[string]string{
	"name": "Name tag", "description": "Description", "type": "Type (interface, nat_gateway, lambda…)",
	"instance": "EC2 instance", "owner": "Owning AWS account",
}
