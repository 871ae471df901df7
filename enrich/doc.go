// Package enrich turns files a user brings — AWS's ip-ranges.json, ENI
// inventories (the JSON of `aws ec2 describe-network-interfaces`) and
// MaxMind-format .mmdb databases — into derived fields
// (flowlog.Derived) that filters test, columns print and groups key on
// like AWS's own fields.
//
// Load reads each file once, detects its kind from its content (never from
// its name) and builds a read-only lookup table: a prefix table
// (github.com/gaissmai/bart) for ip-ranges.json, maps for ENIs, the
// memory-mapped database for .mmdb with a cache of decoded records. A
// Set and its fields are safe for concurrent use by any number of scan
// workers; a lookup allocates nothing once the field's buffer has grown
// (the mmdb cache allocates once per distinct database record).
//
// Fields, by kind of file:
//
//	ip-ranges.json  src_aws_service, dst_aws_service (lists: every service
//	                of every prefix covering the address, "AMAZON,EC2,S3"),
//	                src_aws_region, dst_aws_region (the longest prefix's)
//	ENI inventory   eni_name, eni_description, eni_type, eni_instance,
//	                eni_owner (of interface_id); src_eni, src_eni_name, …,
//	                dst_eni, dst_eni_name, … (of the interface that owns
//	                srcaddr or dstaddr)
//	.mmdb country   src_country, dst_country (ISO 3166 codes)
//	.mmdb ASN       src_asn, dst_asn, src_as_org, dst_as_org
//
// Each kind may be given more than once (two accounts' inventories); two
// files that define the same field are an error, except ENI inventories,
// which are merged.
package enrich
