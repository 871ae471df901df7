// Package cwltest runs a CloudWatch Logs server for tests, in-process on an
// httptest loopback listener, speaking the JSON 1.1 protocol the AWS SDK
// uses (POST /, X-Amz-Target: Logs_20140328.<Operation>). It serves
// FilterLogEvents and DescribeLogStreams as the API reference describes
// them: log groups by logGroupName or logGroupIdentifier (name or ARN, not
// both), pagination with nextToken (a page holds at most Limit events, at
// most 10,000 and about 1 MB; pages may be empty while a token remains),
// startTime and endTime inclusive, logStreamNamePrefix or logStreamNames
// (both is an InvalidParameterException), streams sorted by name, 50 a
// page, and the subset of filter patterns flowq emits (quoted or bare
// terms, all required, or all optional with '?'), matched as whole words.
// Anything else in a pattern is refused, so that an emitter cannot rely on
// syntax the fake does not check.
//
// Faults: ThrottlingException (400), 500s, and a response cut mid-body
// by a closed connection, for the first N requests of an operation.
// Request counters tell a test what was asked. A Server is safe for
// concurrent use; fixtures may be added while it serves.
package cwltest
