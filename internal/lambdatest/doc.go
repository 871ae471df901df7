// Package lambdatest serves AWS Lambda's Invoke REST API on loopback
// (POST /2015-03-31/functions/NAME/invocations) in front of a handler run
// through aws-lambda-go's own JSON path, so that the real SDK's Invoke —
// pointed at it with AWS_ENDPOINT_URL_LAMBDA — drives a worker in a
// test, with throttling injected on demand. It is the stand-in where the
// Runtime Interface Emulator is absent; it does not emulate Lambda's
// runtime API loop, its limits or its concurrency model.
package lambdatest
