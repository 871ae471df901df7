package gen

import (
	"context"
	"net/netip"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Sample accounts, regions and story addresses of testdata/sample (see
// testdata/README.md).
const (
	SampleAccountA = "111122223333"
	SampleAccountB = "444455556666"
)

// SampleConfigs returns the flow logs of the bundled sample tree
// (testdata/sample): a default-format flow log over two accounts and two
// regions with three stories, a Hive + hourly v5 flow log across UTC
// midnight, a Transit Gateway flow log, a v10 custom format with hourly
// folders and a format without version in the pre-2023 Hive layout.
func SampleConfigs() []Config {
	a, b := SampleAccountA, SampleAccountB
	at := func(h, m int) time.Time { return time.Date(2026, 1, 14, h, m, 0, 0, time.UTC) }
	ip := netip.MustParseAddr
	main := Config{
		Seed: 2026, Start: at(15, 0), Duration: time.Hour,
		Accounts: []string{a, b}, Regions: []string{"us-east-1", "ap-northeast-1"},
		FlowLogID: "fl-0a1b2c3d4e5f60718", RecordsPerObject: 120,
		NoDataFraction: 0.02, IPv6Fraction: 0.05, Workers: 1,
		Events: []Event{
			// 1. 10.0.1.25's Postgres rejects 10.1.2.3 just after midnight
			// Tokyo time on 2026-01-15 (15:28–15:35 UTC on the 14th).
			{Account: a, Region: "ap-northeast-1", At: at(15, 28).Add(17 * time.Second), Count: 8, Every: time.Minute,
				SrcAddr: ip("10.1.2.3"), DstAddr: ip("10.0.1.25"), SrcPort: 51234, DstPort: 5432,
				Action: "REJECT", Packets: 2, Bytes: 120, Duration: 3 * time.Second},
			// 2. One host sends ~6 GB to one internet address: the top
			// talker by bytes.
			{Account: b, Region: "us-east-1", At: at(15, 40).Add(5 * time.Second), Count: 6, Every: time.Minute,
				SrcAddr: ip("10.1.3.7"), DstAddr: ip("203.0.113.50"), SrcPort: 49152, DstPort: 443,
				Action: "ACCEPT", Packets: 700000, Bytes: 1000000000, Duration: 59 * time.Second},
			// 3. An SSH brute force from 198.51.100.23 on both accounts.
			{Account: a, Region: "us-east-1", At: at(15, 10), Count: 20, Every: 30 * time.Second,
				SrcAddr: ip("198.51.100.23"), DstAddr: ip("10.0.0.10"), SrcPort: 40022, DstPort: 22,
				Action: "REJECT", Packets: 1, Bytes: 60},
			{Account: b, Region: "us-east-1", At: at(15, 12), Count: 20, Every: 30 * time.Second,
				SrcAddr: ip("198.51.100.23"), DstAddr: ip("10.1.0.10"), SrcPort: 40022, DstPort: 22,
				Action: "REJECT", Packets: 1, Bytes: 60},
		},
	}
	return []Config{
		main,
		{Seed: 2027, Start: at(23, 45), Duration: 30 * time.Minute, Accounts: []string{b}, Regions: []string{"us-east-1"},
			Layout: HiveHourly, Format: MustFormat(FormatV5), FlowLogID: "fl-0b1c2d3e4f5061728",
			RecordsPerObject: 60, NoDataFraction: 0.02, Workers: 1},
		{Seed: 2028, Start: at(15, 0), Duration: 30 * time.Minute, Accounts: []string{a}, Regions: []string{"us-east-1"},
			Format: flowlog.TransitGatewayFormat(), FlowLogID: "fl-0c1d2e3f405162738",
			RecordsPerObject: 60, Workers: 1},
		{Seed: 2029, Start: at(15, 0), Duration: 30 * time.Minute, Accounts: []string{b}, Regions: []string{"ap-northeast-1"},
			Layout: Hourly, Format: MustFormat(FormatV10), FlowLogID: "fl-0d1e2f30415263748",
			RecordsPerObject: 60, Workers: 1},
		{Seed: 2030, Start: at(15, 0), Duration: 15 * time.Minute, Accounts: []string{a}, Regions: []string{"ap-northeast-1"},
			Layout: Hive, LegacyHiveService: true, Format: MustFormat(FormatNoVersion), FlowLogID: "fl-0e1f2031425364758",
			RecordsPerObject: 60, Workers: 1},
	}
}

// WriteSample writes the sample tree (SampleConfigs) under dir and returns
// the combined manifest.
func WriteSample(ctx context.Context, dir string) (Manifest, error) {
	var all Manifest
	for _, c := range SampleConfigs() {
		m, err := WriteTree(ctx, dir, c)
		if err != nil {
			return Manifest{}, err
		}
		all.Objects = append(all.Objects, m.Objects...)
		all.Records += m.Records
		all.NoData += m.NoData
		all.Malformed += m.Malformed
		all.RawBytes += m.RawBytes
		all.StoredBytes += m.StoredBytes
	}
	return all, nil
}
