package gen

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Layout is the S3 folder layout of a flow log destination
// (FLOWLOGS.md §5.1).
type Layout int

const (
	// Plain is AWSLogs/{account}/vpcflowlogs/{region}/{yyyy}/{mm}/{dd}/.
	Plain Layout = iota
	// Hourly adds an {HH}/ folder to Plain.
	Hourly
	// Hive is AWSLogs/aws-account-id={account}/aws-service=vpcflowlogs/
	// aws-region={region}/year={yyyy}/month={mm}/day={dd}/.
	Hive
	// HiveHourly adds hour={HH}/ to Hive.
	HiveHourly
)

var layoutNames = [...]string{"plain", "hourly", "hive", "hive-hourly"}

// String returns the layout name: plain, hourly, hive or hive-hourly.
func (l Layout) String() string {
	if l >= 0 && int(l) < len(layoutNames) {
		return layoutNames[l]
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// ParseLayout returns the layout named s (as Layout.String writes it).
func ParseLayout(s string) (Layout, error) {
	for i, n := range layoutNames {
		if n == s {
			return Layout(i), nil
		}
	}
	return 0, fmt.Errorf("unknown layout %q (want plain, hourly, hive or hive-hourly)", s)
}

// Config describes one generated flow log. The zero value of every field
// but Start and Duration has a usable default (see Defaults).
type Config struct {
	// Seed selects the traffic; the same Config gives the same bytes.
	Seed int64
	// Start is the first 5-minute window (truncated to 5 minutes, UTC).
	Start time.Time
	// Duration is how long the flow log runs; one object per account,
	// region and window in [Start, Start+Duration).
	Duration time.Duration
	// Accounts own the flow log (12 digits). Default: 123456789012.
	Accounts []string
	// Regions the flow log covers. Default: us-east-1.
	Regions []string
	// Layout is the S3 folder layout.
	Layout Layout
	// LegacyHiveService writes the pre-2023 "service=vpcflowlogs" segment
	// instead of "aws-service=vpcflowlogs" in Hive layouts.
	LegacyHiveService bool
	// Prefix is the optional folder before AWSLogs/ ("my-logs").
	Prefix string
	// Format of the records; nil means the VPC default (v2). Use
	// flowlog.TransitGatewayFormat() for Transit Gateway records.
	Format *flowlog.Format
	// FlowLogID names the flow log in object names. Default: derived from
	// Seed and the format.
	FlowLogID string
	// RecordsPerObject is the mean number of records per object (each
	// object gets 75–125 % of it). Default 2000.
	RecordsPerObject int
	// ObjectEvery is the delivery window. Default 5 minutes.
	ObjectEvery time.Duration
	// AggregationInterval bounds end-start of a record. Default 10 minutes.
	AggregationInterval time.Duration
	// Interfaces is the number of network interfaces per account and
	// region. Default 40.
	Interfaces int
	// IPv6Fraction of the traffic records use IPv6 addresses.
	IPv6Fraction float64
	// MalformedFraction of the lines are deliberately malformed.
	MalformedFraction float64
	// NoDataFraction of the records are NODATA (and a tenth as many
	// SKIPDATA).
	NoDataFraction float64
	// Uncompressed writes plain .log objects instead of .log.gz.
	Uncompressed bool
	// GzipLevel is the compression level (klauspost/compress/gzip).
	// Default 6, as zlib's default.
	GzipLevel int
	// Workers write objects in parallel; 0 means GOMAXPROCS. The output
	// does not depend on it.
	Workers int
	// Mix interleaves the records of many conversations, as the objects of
	// a busy flow log do: replies come later in the object rather than
	// next to their requests, byte counts vary packet by packet, flows are
	// busier, and three in four internet peers are drawn from the whole
	// address space. Such text compresses nearer AWS's 4:1 (4.5:1 at gzip
	// level 1 with 1,000 interfaces); without Mix it compresses 5.9:1. The
	// same Config still gives the same bytes.
	Mix bool
	// Events are hand-written records added to the generated traffic.
	Events []Event
}

// Event is a hand-written flow record, repeated Count times (default 1)
// every Every (default 1 minute) from At. Each repetition goes into the
// object whose window holds its end time (At + k·Every), for the event's
// account and region.
type Event struct {
	Account, Region string // empty: the first of Config.Accounts / Regions
	At              time.Time
	Count           int
	Every           time.Duration
	// Duration is end-start of each record (default 0).
	Duration         time.Duration
	SrcAddr, DstAddr netip.Addr
	SrcPort, DstPort int
	Protocol         int // default 6
	Action           string
	Packets, Bytes   int64 // defaults 1 and 40·Packets
	// InterfaceID defaults to an interface derived from DstAddr.
	InterfaceID string
}

// Defaults returns c with every zero field replaced by its default.
func (c Config) Defaults() Config {
	if len(c.Accounts) == 0 {
		c.Accounts = []string{"123456789012"}
	}
	if len(c.Regions) == 0 {
		c.Regions = []string{"us-east-1"}
	}
	if c.Format == nil {
		c.Format = flowlog.DefaultFormat()
	}
	if c.FlowLogID == "" {
		c.FlowLogID = fmt.Sprintf("fl-%017x", mix(uint64(c.Seed), hashString(c.Format.String())))
	}
	if c.RecordsPerObject <= 0 {
		c.RecordsPerObject = 2000
	}
	if c.ObjectEvery <= 0 {
		c.ObjectEvery = 5 * time.Minute
	}
	if c.AggregationInterval <= 0 {
		c.AggregationInterval = 10 * time.Minute
	}
	if c.Interfaces <= 0 {
		c.Interfaces = 40
	}
	if c.GzipLevel == 0 {
		c.GzipLevel = 6
	}
	c.Start = c.Start.UTC().Truncate(c.ObjectEvery)
	return c
}

func (c Config) validate() error {
	if c.Duration <= 0 {
		return errors.New("gen: Duration must be positive")
	}
	for _, a := range c.Accounts {
		if len(a) != 12 || !allDigits(a) {
			return fmt.Errorf("gen: account %q is not 12 digits", a)
		}
	}
	for _, f := range []float64{c.IPv6Fraction, c.MalformedFraction, c.NoDataFraction} {
		if f < 0 || f > 1 {
			return fmt.Errorf("gen: fraction %v out of [0, 1]", f)
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Formats used by the sample tree and tests, beside flowlog.DefaultFormat
// and flowlog.TransitGatewayFormat.
const (
	// FormatV5 is every v2–v5 field in AWS order (29 fields, version 5).
	FormatV5 = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}"
	// FormatV10 mixes v2 fields with ECS (v7), reject-reason (v8),
	// resource-id (v9) and encryption-status (v10) fields.
	FormatV10 = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${ecs-cluster-name} ${ecs-service-name} ${ecs-task-id} ${ecs-container-id} ${reject-reason} ${resource-id} ${encryption-status}"
	// FormatNoVersion is a custom format without version, in a custom
	// order (as the AWS NAT gateway example).
	FormatNoVersion = "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
)

// MustFormat compiles a format string and panics on error; for the
// constants above.
func MustFormat(s string) *flowlog.Format {
	f, err := flowlog.ParseFormat(s)
	if err != nil {
		panic(err)
	}
	return f
}
