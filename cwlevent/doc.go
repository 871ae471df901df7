// Package cwlevent reads CloudWatch Logs deliveries that people copy to
// S3 or disk, and the framing flowq's own log group source uses: it turns
// a decompressed stream into flow log lines, one per log event, and keeps
// each line's provenance (log group, stream, event ID, timestamp) as a
// flowlog.Event.
//
// Two shapes are known, told apart by content (Detect):
//   - subscription payloads (Lambda, Kinesis, Firehose to S3): JSON objects
//     with messageType, logGroup, logStream and logEvents[{id, timestamp,
//     message}], one after another; CONTROL_MESSAGE payloads are skipped
//     and counted;
//   - exports (aws logs create-export-task): lines "TIMESTAMP MESSAGE",
//     the timestamp RFC 3339 UTC with milliseconds.
//
// A Decoder is an io.Reader of the lines, for flowlog.Reader. Line n of
// its output (1-based) is event n, so that a record's LineNumber finds its
// Event. It is not safe for concurrent use: one Decoder per stream.
package cwlevent
