package lambdahttp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// page stands in for flowq serve: it echoes the request and writes rows
// one at a time, each after the test says so.
func page(next <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		w.WriteHeader(http.StatusAccepted)
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s?%s host=%s cookie=%s body=%s\n", r.Method, r.URL.Path, r.URL.RawQuery, r.Host, r.Header.Get("Cookie"), body)
		for i := range 3 {
			if next != nil {
				<-next
			}
			fmt.Fprintf(w, "row %d\n", i)
			w.(http.Flusher).Flush()
		}
	})
}

var urlEvent = events.LambdaFunctionURLRequest{RawPath: "/search", RawQueryString: "q=dstport%3D22",
	Headers: map[string]string{"host": "abc.lambda-url.us-east-1.on.aws"}, Cookies: []string{"a=b"},
	Body: base64.StdEncoding.EncodeToString([]byte("x=1")), IsBase64Encoded: true,
	RequestContext: events.LambdaFunctionURLRequestContext{HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "POST", SourceIP: "10.0.0.1"}}}

// TestFunctionURLStreams: the status, headers and the first row arrive
// while the handler is still waiting to write the next.
func TestFunctionURLStreams(t *testing.T) {
	next := make(chan struct{})
	resp, err := FunctionURL(page(next))(context.Background(), urlEvent)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Equal(t, "text/plain", resp.Headers["Content-Type"])
	assert.Equal(t, []string{"s=1"}, resp.Cookies)
	buf := make([]byte, 4096)
	var got bytes.Buffer
	for i := range 3 {
		for !bytes.Contains(got.Bytes(), fmt.Appendf(nil, "host=abc.lambda-url.us-east-1.on.aws cookie=a=b body=x=1\n")) {
			n, err := resp.Body.Read(buf)
			require.NoError(t, err)
			got.Write(buf[:n])
		}
		assert.NotContains(t, got.String(), fmt.Sprintf("row %d", i), "row %d comes only once the handler writes it", i)
		next <- struct{}{}
		for !bytes.Contains(got.Bytes(), fmt.Appendf(nil, "row %d\n", i)) {
			n, err := resp.Body.Read(buf)
			require.NoError(t, err)
			got.Write(buf[:n])
		}
	}
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "POST /search?q=dstport%3D22 host=abc.lambda-url.us-east-1.on.aws cookie=a=b body=x=1\nrow 0\nrow 1\nrow 2\n", got.String()+string(rest))
}

// TestFunctionURLThroughTheRuntime: through aws-lambda-go's JSON path the
// reply is the streaming prelude (status, headers, cookies), eight zero
// bytes, then the body.
func TestFunctionURLThroughTheRuntime(t *testing.T) {
	payload, err := json.Marshal(urlEvent)
	require.NoError(t, err)
	out, err := lambda.NewHandler(FunctionURL(page(nil))).Invoke(context.Background(), payload)
	require.NoError(t, err)
	prelude, body, ok := bytes.Cut(out, make([]byte, 8))
	require.True(t, ok)
	var p struct {
		StatusCode int               `json:"statusCode"`
		Headers    map[string]string `json:"headers"`
		Cookies    []string          `json:"cookies"`
	}
	require.NoError(t, json.Unmarshal(prelude, &p))
	assert.Equal(t, http.StatusAccepted, p.StatusCode)
	assert.Equal(t, []string{"s=1"}, p.Cookies)
	assert.Contains(t, string(body), "row 2\n")
}

func TestAPIGatewayBuffered(t *testing.T) {
	ev := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/search",
		MultiValueQueryStringParameters: map[string][]string{"q": {"action = REJECT"}},
		Headers:                         map[string]string{"Host": "api.internal"}}
	resp, err := APIGateway(page(nil))(context.Background(), ev)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	body, err := base64.StdEncoding.DecodeString(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "GET /search?q=action+%3D+REJECT host=api.internal cookie= body=\nrow 0\nrow 1\nrow 2\n", string(body))
}
