// Package filter compiles flowq's query language — the WHERE clause
// Athena users already write for VPC Flow Logs, plus CIDRs, either-side
// fields, protocol and TCP-flag names, time literals and large address
// lists — into an immutable predicate over flowlog records.
//
// Start with Compile:
//
//	f, err := filter.Compile(`action = REJECT and dstaddr IN 10.0.0.0/8`, filter.Options{})
//	fields := f.Fields()
//	rd := flowlog.NewReader(src, flowlog.ReaderOptions{Fields: &fields, OnMalformed: report})
//	for rd.Scan() {
//		if r := rd.Record(); f.Match(r) { ... }
//	}
//	if err := rd.Err(); err != nil { ... } // the stream failed
//
// The stages are one file each: token.go and lexer.go (tokens with byte
// offsets), parser.go and ast.go (recursive descent with a nesting limit),
// compile.go and compile_lit.go (field resolution, literals parsed for the
// field's kind, NOT pushed into the leaves, AND/OR simplified), node.go and
// pred_*.go (the compiled predicates), errors.go (errors with a caret and a
// hint). The language is described in docs/query-language.md.
//
// Semantics follow SQL's three-valued logic: a test of a null field ("-",
// or a field the record's format lacks) is UNKNOWN, NOT UNKNOWN is
// UNKNOWN, and only TRUE matches. So `dstport != 443` does not match a
// NODATA record, and `dstport IS NULL` does.
//
// A Filter is safe for concurrent use; Match allocates nothing. Filter.Range
// reports the bounds the filter implies for integer and time fields (the
// time window the scanner uses to skip S3 prefixes), and Filter.Values the
// set of values it implies for string and enum fields (the regions or
// accounts whose folders are worth listing). ParseTime reads the times and
// ages people give for a time window (--since 2h).
package filter
