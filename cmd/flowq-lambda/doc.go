// Command flowq-lambda is flowq's fan-out worker: an AWS Lambda function
// (runtime provided.al2023) that reads one shard of a scan's objects and
// returns its matches, partial aggregation, statistics and problems (see
// package fanout). It only reads the logs bucket: its role needs
// s3:GetObject on the logs and nothing else (the coordinator lists).
//
// Build it as the runtime expects, a binary named bootstrap:
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap ./cmd/flowq-lambda
//	zip flowq-lambda.zip bootstrap
//
// Environment: FLOWQ_REPLY_BUDGET (bytes of events per reply, default
// 4 MiB), FLOWQ_WORKERS (objects read at once), and the AWS SDK's own
// (AWS_ENDPOINT_URL_S3 for an S3-compatible store).
package main
