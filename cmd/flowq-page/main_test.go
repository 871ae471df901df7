package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/flowq/flowq/fanout"
	"github.com/flowq/flowq/internal/lambdatest"
	"github.com/flowq/flowq/lambdahttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const story = "src=10.1.2.3&dst=10.0.1.25&port=5432&action=blocked&since=2026-01-15&tz=Asia/Tokyo"

// proxyEnv is a page on testdata/sample behind a trusted proxy at 10.0.0.0/8.
func proxyEnv(extra map[string]string) env {
	m := map[string]string{"FLOWQ_SOURCES": "../../testdata/sample", "FLOWQ_AUTH": "proxy",
		"FLOWQ_TRUSTED_PROXY": "10.0.0.0/8", "FLOWQ_TZ": "Asia/Tokyo"}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

// invoke sends one Function URL request through the Lambda runtime's
// handler path and returns the status and the streamed body.
func invoke(t *testing.T, h http.Handler, query string, headers map[string]string) (int, string) {
	t.Helper()
	ev := events.LambdaFunctionURLRequest{RawPath: "/search", RawQueryString: query,
		Headers: map[string]string{"host": "abc.lambda-url.us-east-1.on.aws"},
		RequestContext: events.LambdaFunctionURLRequestContext{HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{
			Method: "GET", SourceIP: "10.0.0.1"}}}
	for k, v := range headers {
		ev.Headers[k] = v
	}
	resp, err := lambdahttp.FunctionURL(h)(context.Background(), ev)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestPageAnswersTheStory(t *testing.T) {
	worker := lambdatest.New("flowq-worker", (&fanout.Worker{LocalFiles: true, Build: "page-test"}).Handle)
	t.Cleanup(worker.Close)
	for k, v := range map[string]string{"AWS_ENDPOINT_URL_LAMBDA": worker.URL, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_CONFIG_FILE": "/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": ""} {
		t.Setenv(k, v)
	}
	signedIn := map[string]string{"x-forwarded-user": "alice"}
	for name, extra := range map[string]map[string]string{
		"local":   nil,
		"fan-out": {"FLOWQ_LAMBDA": "flowq-worker", "FLOWQ_LAMBDA_SHARDS": "3"},
	} {
		t.Run(name, func(t *testing.T) {
			h, err := page(context.Background(), proxyEnv(extra), io.Discard)
			require.NoError(t, err)
			code, body := invoke(t, h, story, signedIn)
			require.Equal(t, http.StatusOK, code, body)
			assert.Equal(t, 8, strings.Count(body, `<tr class="reject">`), "the story's 8 rows")
			code, csv := invoke(t, h, story+"&format=csv", signedIn)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, 9, strings.Count(csv, "\n"), "a header and the story's 8 rows")
			code, _ = invoke(t, h, story, nil)
			assert.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, code, "no identity, no rows")
		})
	}
	require.Positive(t, worker.Invocations())
}

// TestPageThroughTheRuntime: the page answers through aws-lambda-go's
// JSON path, as the deployed bootstrap does.
func TestPageThroughTheRuntime(t *testing.T) {
	h, err := page(context.Background(), proxyEnv(nil), io.Discard)
	require.NoError(t, err)
	payload, err := json.Marshal(events.LambdaFunctionURLRequest{RawPath: "/search", RawQueryString: story,
		Headers: map[string]string{"host": "abc.lambda-url.us-east-1.on.aws", "x-forwarded-user": "alice"},
		RequestContext: events.LambdaFunctionURLRequestContext{HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{
			Method: "GET", SourceIP: "10.0.0.1"}}})
	require.NoError(t, err)
	out, err := lambda.NewHandler(lambdahttp.FunctionURL(h)).Invoke(context.Background(), payload)
	require.NoError(t, err)
	assert.Equal(t, 8, strings.Count(string(out), `<tr class="reject">`))
}

func TestPageRefusesToStart(t *testing.T) {
	for want, extra := range map[string]map[string]string{
		"FLOWQ_AUTH is not set":      {"FLOWQ_AUTH": ""},
		"FLOWQ_AUTH none is refused": {"FLOWQ_AUTH": "none"},
		"FLOWQ_SOURCES is empty":     {"FLOWQ_SOURCES": ""},
		"FLOWQ_TZ Local":             {"FLOWQ_TZ": "Local"},
		"FLOWQ_MAX_ROWS":             {"FLOWQ_MAX_ROWS": "many"},
		"FLOWQ_SEARCH_TIMEOUT":       {"FLOWQ_SEARCH_TIMEOUT": "soon"},
		"FLOWQ_ACCOUNTS":             {"FLOWQ_ACCOUNTS": "12"},
		"FLOWQ_TRUSTED_PROXY":        {"FLOWQ_TRUSTED_PROXY": ""},
	} {
		t.Run(want, func(t *testing.T) {
			_, err := page(context.Background(), proxyEnv(extra), io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}
