// Package manifest records the evidence of one search: every object and
// folder the scan considered and what became of it (pruned, read, skipped,
// failed, and why), with its size, ETag or SHA-256, modification time and
// counts; the enrichment files used, with their hashes and dates; the
// query, the window and flowq's version. Two runs on the same inputs give
// the same manifest apart from its times (Started, Finished).
//
// A Collector gathers scan.ObjectReports (its Add is scan.Options.OnObject)
// and is safe for concurrent use; Build sorts them and hashes local files.
package manifest
