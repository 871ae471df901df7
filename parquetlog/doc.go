// Package parquetlog reads and writes VPC and Transit Gateway flow logs in
// Apache Parquet, the layout AWS delivers to S3 with FileFormat=parquet
// (`.log.parquet` objects, gzip pages, one column per configured field,
// underscore column names: `log_status`, `account_id`, ...).
//
// Read turns the rows of one Parquet object into *flowlog.Record values
// built with flowlog's builder (Record.Reset/SetInt/SetAddr/SetText), so the
// filter, the output modes and the aggregation of flowq treat them exactly
// like records parsed from text; a null value stays null ("-"). Read only
// decodes the columns the caller names (projection) and uses the row-group
// and page min/max statistics to skip data that a value range cannot match
// (predicate pushdown). It plans every row group from the statistics first,
// then fetches the chosen column chunks of consecutive row groups together
// (up to 16 MiB at a time, merged ranges read in parallel), so that an
// io.ReaderAt backed by ranged S3 GETs costs a few requests per object, not
// one per row group. Memory is bounded by that read-ahead or by the selected
// part of one row group, never by the object.
//
// Writer writes records as AWS does (AWS physical types, gzip codec, nullable
// columns in format order); flowq uses it in the test-data generator and in
// tests.
//
// Column mapping: a top-level leaf column whose name is a flow log field in
// either spelling (log_status, log-status; any case) maps to that field.
// Integer fields accept INT32 or INT64 physical columns of any logical width
// (Transit Gateway writes protocol as INT64) and decimal strings; text fields
// accept strings and integers. Columns named like no known field are
// carried as text when every field is asked for (as the text reader carries
// them); columns whose type cannot hold their field, nested and repeated
// columns are listed in Stats.Ignored.
//
// Nothing in this package keeps global mutable state. A Writer belongs to
// one goroutine; Read may run concurrently on different objects.
package parquetlog
