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
// Malformed lines are reported as *ParseError values naming the line,
// column, field and offending text; the Reader then carries on.
//
// Formats and the field registry are immutable and safe for concurrent
// use. A Reader and the Records it returns belong to one goroutine; a
// Record's slices are valid until the next Scan.
package flowlog
