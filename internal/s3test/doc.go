// Package s3test runs an S3-protocol server for tests: gofakes3 with its
// bolt backend (the memory backend repeats CommonPrefixes across pages),
// in-process on an httptest loopback listener, behind a fault-injecting
// http.Handler. Tests drive it through the real AWS SDK over real HTTP.
//
// Faults are rules: a kind (503 SlowDown, 500 InternalError, 403
// AccessDenied, a reset before the response, a body cut short with a clean
// close or with a reset), the operations and keys it applies to, and how
// often (the first N attempts of each distinct request, or a probability),
// plus latency on every request. Counters tell a test what was injected.
//
// Fixtures go straight into the backend (no HTTP, no fsync), so a tree of
// thousands of objects is ready in well under a second.
package s3test
