// Package gen generates realistic, deterministic AWS VPC (and Transit
// Gateway) flow logs for tests, benchmarks and the bundled sample tree.
//
// A Config describes one flow log: its owner accounts and regions, format,
// S3 delivery layout (plain, hourly, Hive, Hive + hourly), time range and
// volume. WriteTree writes it as a copied bucket: one gzip object per
// account, region and 5-minute window, named as AWS names them
// ({account}_vpcflowlogs_{region}_{fl-id}_{YYYYMMDDTHHmmZ}_{hash}.log.gz),
// each starting with a header line. Records end inside their object's
// window and start up to one aggregation interval earlier, so records near
// midnight start on the previous UTC day.
//
// The traffic is skewed the way real traffic is: a few busy interfaces,
// Zipf-distributed talkers and ports (443, 80, 22, 3389, 5432, 53, ...),
// request/reply record pairs, scanners being rejected, NODATA and SKIPDATA
// lines, IPv6 and optional malformed lines. It repeats a lot, so it
// compresses about as well as real flow logs (6–10:1).
//
// Output is a pure function of the Config: the same Config gives the same
// bytes, whatever the number of workers. Events add hand-written records
// ("stories") at chosen times, for examples and end-to-end tests.
//
// For in-memory use, New returns a Generator whose AppendObject and Text
// methods produce uncompressed text without touching the disk.
package gen
