// Package scan reads VPC flow logs from local files, copied buckets and
// S3, and delivers the records a filter matches.
//
// A scan is described by Options: sources (files, directories, "-" for
// standard input, s3://bucket/prefix), a filter, a time window, accounts
// and regions. Run walks the sources in key order, prunes the folders and
// objects that cannot hold wanted records by their layout (plain, hourly,
// Hive-style with aws-service= or the older service=, anywhere below a
// prefix) and their names (account, region, flow log ID, delivery stamp),
// and reads the rest on several workers at once. Each worker sniffs the
// content (gzip, Parquet or plain text, by the magic bytes), inflates,
// parses and filters in one pass without allocating per record, and copies
// only matching lines. Parquet objects are read through random access
// (package parquetlog: the footer, then only the column chunks needed, with
// row groups outside the time window skipped) and their matches travel as
// text lines too. The calling goroutine re-parses them and calls emit,
// by default in key order and file order, so that two runs give the same
// output. Plan lists what Run would read, for --explain.
//
// Time pruning follows the delivery timing of FLOWLOGS.md §7: a file
// stamped T holds records whose end is in [T, T+5m), and a record can start
// one aggregation interval plus a minute earlier. Folders and files are
// kept when they can hold any record of the window, with 15 minutes of
// extra slack at both edges, and every record is then checked exactly.
//
// Problems with one object, prefix or line are reported through
// Options.OnError and counted in Stats, and the scan goes on; records read
// before a damaged part of a file are kept. Stats.Incomplete tells the
// caller that the answer may be missing something. Throttling and
// transient S3 errors are retried with a bounded backoff and no shared
// retry quota; a body cut mid-object restarts the object, and lines already
// delivered are not delivered again.
//
// Run and Plan are safe to call concurrently; each call owns its
// goroutines, and none is left running when it returns.
//
// # Permissions
//
// flowq only reads. It calls ListObjectsV2, GetObject and, to find a
// bucket's region when none is given, HeadBucket. The IAM policy it needs:
//
//	{
//	  "Version": "2012-10-17",
//	  "Statement": [
//	    {"Effect": "Allow", "Action": "s3:ListBucket",
//	     "Resource": "arn:aws:s3:::BUCKET"},
//	    {"Effect": "Allow", "Action": "s3:GetObject",
//	     "Resource": "arn:aws:s3:::BUCKET/PREFIX/AWSLogs/*"}
//	  ]
//	}
//
// s3:ListBucket covers both ListObjectsV2 and HeadBucket (it may be limited
// with an s3:prefix condition to the prefixes scanned). Objects encrypted
// with SSE-KMS also need kms:Decrypt on the key. Public buckets can be read
// with S3Options.NoSignRequest and no credentials.
package scan
