// Package fanout spreads one scan over many processes — AWS Lambda
// invocations of cmd/flowq-lambda — and merges their answers into exactly
// what a local scan would give.
//
// The coordinator lists and prunes as scan.Plan does, cuts the selected
// objects into shards balanced by bytes (Shards), keeping key order, and
// invokes a Worker once per shard (and again per part of a reply too large
// for one response) through an Invoker, with bounded concurrency, retries
// and hedging (Run). Workers run scan.Run over their shard's objects
// (scan.Options.Planned) and reply with the matching records as the lines
// AWS wrote, with their formats, origins and line numbers, or with a
// partial output.Aggregation, plus statistics and problems. The
// coordinator re-decodes each line with flowlog's own reader, so output
// writers see the same records, in the same order, as from a local scan.
//
// Every reply part is keyed by its shard and cursor and applied once: a
// retry, a hedged duplicate or a late reply can never count anything
// twice. Workers only read: nothing is written to the logs bucket, and
// nothing is staged anywhere.
package fanout
