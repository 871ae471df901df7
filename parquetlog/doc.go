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
// (predicate pushdown). It fetches the byte ranges it needs with a few large
// ReadAt calls per row group, so an io.ReaderAt backed by ranged S3 GETs
// stays cheap, and its memory is bounded by the selected part of one row
// group, never by the object.
//
// Writer writes records as AWS does (AWS physical types, gzip codec, nullable
// columns in format order); flowq uses it in the test-data generator and in
// tests.
//
// Column mapping: a top-level leaf column whose name is a flow log field in
// either spelling (log_status, log-status; any case) maps to that field.
// Integer fields accept INT32 or INT64 physical columns of any logical width
// (Transit Gateway writes protocol as INT64) and decimal strings; text fields
// accept strings and integers. Columns that map to no field, or whose type
// cannot hold the field, are listed in Stats.Ignored.
//
// Nothing in this package keeps global mutable state. A Writer belongs to
// one goroutine; Read may run concurrently on different objects.
package parquetlog
