// Command flowq-page is the help-desk page (package serve) as an AWS
// Lambda function (runtime provided.al2023) behind a Function URL with
// response streaming (lambdahttp.FunctionURL). It reads only: its role
// needs s3:ListBucket and s3:GetObject on the logs, and
// lambda:InvokeFunction on the flowq-lambda worker when FLOWQ_LAMBDA is
// set. It refuses to start without sign-in: a Lambda page is never
// loopback-only.
//
// Build it as the runtime expects, a binary named bootstrap:
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap ./cmd/flowq-page
//	zip flowq-page.zip bootstrap
//
// Environment (the flowq serve flag each stands for in parentheses):
//
//	FLOWQ_SOURCES            sources, space-separated (SOURCE...): s3://bucket/prefix
//	FLOWQ_TZ                 default zone (--tz)
//	FLOWQ_ACCOUNTS, FLOWQ_REGIONS  comma-separated scope (--account, --region)
//	FLOWQ_AUTH               oidc, proxy or alb (--auth); none is refused
//	FLOWQ_OIDC_ISSUER, FLOWQ_OIDC_CLIENT_ID, FLOWQ_OIDC_CLIENT_SECRET,
//	FLOWQ_OIDC_REDIRECT_URL, FLOWQ_OIDC_GROUPS_CLAIM  (--oidc-*)
//	FLOWQ_SESSION_KEY        at least 32 bytes signing session cookies, the same on
//	                         every instance (else each has its own and sign-ins break)
//	FLOWQ_SESSION_KEY_FILE   (--session-key-file); cookies are always Secure
//	FLOWQ_TRUSTED_PROXY, FLOWQ_PROXY_USER_HEADER, FLOWQ_PROXY_GROUPS_HEADER (--trusted-proxy, --proxy-*)
//	FLOWQ_ALB_ARN            (--alb-arn)
//	FLOWQ_GRANTS             grants file, in the function's package (--grants)
//	FLOWQ_MAX_ROWS, FLOWQ_MAX_SEARCHES, FLOWQ_SEARCH_TIMEOUT (--max-rows, --max-searches, --search-timeout)
//	FLOWQ_LAMBDA             the worker function searches fan out to (--lambda)
//	FLOWQ_LAMBDA_CONCURRENCY, FLOWQ_LAMBDA_SHARDS (--lambda-concurrency, --lambda-shards)
//
// The audit log goes to standard error (CloudWatch Logs).
package main
