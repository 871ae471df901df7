// Package parquetlog reads and writes VPC and Transit Gateway flow logs in
// Apache Parquet, the layout AWS delivers to S3 with FileFormat=parquet
// (`.log.parquet` objects, gzip pages, one column per configured field,
// underscore column names: `log_status`, `account_id`, ...).
//
// A [Reader] turns the rows of one Parquet object, read through an
// io.ReaderAt, into *flowlog.Record values built with flowlog's builder
// (Record.Reset/SetInt/SetText/SetColumn/Decode), so the filter, the
// output modes and the aggregation of flowq treat them exactly like records
// parsed from text; a null value stays null ("-"). It follows flowq's
// streaming convention, a Scanner-style Scan/Record/Err where Err is only
// what ended the stream:
//
//	rd := parquetlog.NewReader(ctx, ra, size, parquetlog.Options{Fields: need, Range: f.Range})
//	defer rd.Close()
//	for rd.Scan() {
//		use(rd.Record()) // valid until the next Scan
//	}
//	err := rd.Err() // what ended the stream; nil at a clean end
//
// Rows holding a value their field cannot take are reported out of band,
// through [Options].OnMalformed, and counted in [Stats]. [Reader.All] is
// the same loop as a range-over-func iterator, and [Read] the same loop
// with a callback.
//
// A Reader only decodes the columns the caller names (projection) and uses
// the row-group and page min/max statistics to skip data that a value
// range cannot match (predicate pushdown). Its first Scan reads the footer
// and plans every row group from the statistics; later calls then fetch
// the chosen column chunks of consecutive row groups together (up to 16
// MiB at a time, merged ranges read in parallel) as the rows before them
// are used up, so that an io.ReaderAt backed by ranged S3 GETs costs a few
// requests per object, not one per row group. Memory is bounded by that
// read-ahead or by the selected part of one row group, never by the
// object. Rows are decoded 1024 at a time per column; building a record
// allocates nothing.
//
// Writer writes records as AWS does (AWS physical types, gzip codec, nullable
// columns in format order); flowq uses it in the test-data generator and in
// tests.
//
// Column mapping: a top-level leaf column whose name is a flow log field in
// either spelling (log_status, log-status; any case) maps to that field.
// Integer fields accept INT32 or INT64 physical columns of any logical width
// (Transit Gateway writes protocol as INT64) and decimal strings; text fields
// accept strings and integers. Start and end values in milliseconds are
// taken as seconds, as flowlog does (flowlog.NormalizeUnix). Columns named
// like no known field (but like a field name, flowlog.ValidName) are
// carried as text when every field is asked for (as the text reader carries
// them); other names, columns whose type cannot hold their field, nested and
// repeated columns are listed in Stats.Ignored.
//
// Nothing in this package keeps global mutable state. A Reader and a Writer
// each belong to one goroutine; Readers (and Read calls) may run
// concurrently on different objects.
package parquetlog
