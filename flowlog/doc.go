// Package flowlog is the record model of flowq: the registry of every AWS
// VPC and Transit Gateway flow log field (versions 2 to 11), formats
// compiled from `${field}` strings or header lines, and a streaming,
// zero-allocation Reader that splits each line and decodes only the fields
// its caller needs.
//
// A line is space-separated tokens; "-" is null for every field and stays
// distinct from zero. Addresses decode to netip.Addr, ports and counts to
// integers, start and end to Unix seconds (millisecond values are scaled),
// action, log-status, flow-direction and type to small enum codes, and v11
// tag values are percent-decoded on access. The raw line stays available,
// so a caller can print exactly what AWS wrote, and Record.AppendTo writes a
// record back in any format.
//
// Malformed lines go to ReaderOptions.OnMalformed as *ParseError values
// naming the line, column, field and offending text; the Reader then
// carries on, and its Err reports only what ended the stream.
//
// Lines are split on separator bitmaps: 64 bytes at a time with AVX-512
// (and VPCOMPRESSB for the token boundaries, where the CPU has VBMI2) or
// AVX2, chosen once at start with golang.org/x/sys/cpu, else eight bytes
// at a time in a general register; `-tags purego` builds only the latter.
// Every implementation gives the same tokens (split_test.go,
// fastpath_test.go). A parse splits only up to the last column it decodes
// (after counting every column); the record splits the rest when asked.
//
// Given a Literal (bytes every wanted record's line holds, such as a
// filter's REJECT), a Reader on a CPU with AVX-512 or AVX2 passes over
// the plain lines without it in one pass, a line at a time, without
// splitting them (skip_amd64.s); skipPlainGo is the reference both are
// held to (skip_test.go, literal_test.go).
//
// Beyond what AWS wrote, a record can carry an Origin (its object, and the
// partition values its key gives: account-id and region, which stand in
// for fields the format lacks) and the values of derived fields that a
// Schema computes (enrichment from a lookup table, or a program's own).
// A Batch packs detached copies of records so that they can cross to
// another goroutine without being parsed again.
//
// Formats, Origins, Schemas and the field registry are immutable and safe
// for concurrent use. A Reader and the Records it returns belong to one
// goroutine; a Record's slices are valid until the next Scan (Clone keeps
// one).
package flowlog
