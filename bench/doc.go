// Package bench holds flowq's benchmarks. It is its own module
// (github.com/flowq/flowq/bench) so that comparison tools and heavy
// dependencies stay out of flowq's go.mod.
//
// The micro benchmarks (go test -bench . ./...) measure each layer on
// generated data in memory: gzip decompression alone (klauspost/compress
// versus compress/gzip), line splitting, full and lazy parsing with
// flowlog.Reader, filter evaluation, and decompress + parse (+ filter) per
// object. Every benchmark reports MB/s of uncompressed text and
// allocations, and checks its answer.
//
// The end-to-end harness is cmd/e2e; see README.md for the one command
// that runs it and for recorded results.
package bench
