// Package lambdahttp runs a net/http handler — flowq serve's page — inside
// AWS Lambda: behind a Function URL with response streaming (InvokeMode
// RESPONSE_STREAM), so that a long search streams its rows as they are
// found rather than waiting for the end, or behind API Gateway's REST API
// (a private API, as the source document ran it), buffered. It knows
// nothing of the page: any http.Handler will do.
package lambdahttp
