// Package scan reads VPC flow logs from local files, copied buckets and
// S3, and delivers the records a filter matches.
//
// A scan is described by Options: sources (files, directories, "-" for
// standard input, s3://bucket/prefix, or a caller's own Source as a
// Location), a filter, a time window, accounts and regions. Run walks the
// sources in key order, prunes the folders and objects that cannot hold
// wanted records by their layout (plain, hourly, Hive-style with
// aws-service= or the older service=, anywhere below a prefix) and their
// names (account, region, flow log ID, delivery stamp), and reads the rest
// on several workers at once. Each worker sniffs the content (gzip, Parquet,
// plain text, or a copy recompressed with zstd, bzip2 or xz, by the magic
// bytes), decompresses, parses and filters in one
// pass without allocating per record, and copies only the matching records
// out, already decoded, in a flowlog.Batch. Parquet objects are read through
// random access (package parquetlog: the footer, then only the column
// chunks needed, with row groups outside the time window skipped); their
// records travel the same way and never become text. The calling goroutine
// lends each record to emit, by default in key order and file order, so
// that two runs give the same output; it parses nothing. Plan lists what
// Run would read, for --explain.
//
// # Sources
//
// A Source lists folders and objects and opens them; a RangeSource also
// serves byte ranges (Parquet needs them) and a RemoteSource has its
// failed reads retried. The file system, standard input and S3 are Sources
// inside this package; a caller's own (an in-memory bucket, another store)
// goes in Options.Locations. Every Source is told the scan's Scope — its
// time window, accounts and regions — so that one which can prune on its
// side does; scan prunes what it lists by layout anyway.
//
// # Partition columns
//
// Each record carries a flowlog.Origin: its object's name and the account
// and region its key gives (AWSLogs/{account}/vpcflowlogs/{region}/...),
// which stand in for the account-id and region fields when the record's
// format lacks them, as Athena's partition columns do. So region =
// 'us-east-1' matches the version 2 records of the us-east-1 folders, and a
// filter that says which regions it allows (Valuer) prunes the other
// regions' folders as Options.Regions does.
//
// Time pruning follows the delivery timing of FLOWLOGS.md §7: a file
// stamped T holds records whose end is in [T, T+5m), and a record can start
// one aggregation interval plus a minute earlier. Folders and files are
// kept when they can hold any record of the window, with 15 minutes of
// extra slack at both edges, and every record is then checked exactly.
//
// Problems with one object, prefix or line are reported through
// Options.OnError and counted in Stats (one plain value, merged once per
// object), and the scan goes on; records read before a damaged part of a
// file are kept. Objects passed over as not flow logs reach OnError as a
// *SkipError. Stats.Incomplete tells the
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
