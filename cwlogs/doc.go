// Package cwlogs is a scan.Source for flow logs published to CloudWatch
// Logs: a log group, named by its ARN
// (arn:aws:logs:REGION:ACCOUNT:log-group:NAME, with or without ":*") or
// as cwlogs:NAME. A scan with a lower time bound reads the group in time
// slices (at most 16, each a scan object searching every stream, or those
// of the stream prefix); otherwise each log stream (one per network
// interface, listed with DescribeLogStreams) is one object. Events are
// read with FilterLogEvents, page by page, with the scan's time window as
// startTime and endTime and, if given, a filter pattern that only narrows
// (scan still checks every record). Pages reach scan framed as subscription
// payloads, which package cwlevent decodes, so every record carries its
// log group, stream, event ID and timestamp (flowlog.Event).
//
// It only reads: logs:DescribeLogStreams and logs:FilterLogEvents.
//
// A Source is safe for concurrent use: scan reads many streams at once,
// and one limiter shared by all of them keeps the requests per second
// within CloudWatch's quota. Throttling and 5xx are retried by the SDK
// with backoff; a response cut short is retried too.
package cwlogs
