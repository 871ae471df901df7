package lambdahttp

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/events"
)

// FunctionURL returns a handler for lambda.Start that serves a Function
// URL request with h and streams its response: the status and headers
// as soon as h writes them, the body as h writes it. h runs on its own
// goroutine until it returns; the context is the invocation's.
func FunctionURL(h http.Handler) func(context.Context, events.LambdaFunctionURLRequest) (*events.LambdaFunctionURLStreamingResponse, error) {
	return func(ctx context.Context, ev events.LambdaFunctionURLRequest) (*events.LambdaFunctionURLStreamingResponse, error) {
		req, err := newRequest(ctx, ev.RequestContext.HTTP.Method, ev.RawPath, ev.RawQueryString, ev.Headers, ev.Cookies,
			ev.Body, ev.IsBase64Encoded, ev.RequestContext.HTTP.SourceIP)
		if err != nil {
			return nil, err
		}
		pr, pw := io.Pipe()
		w := &streamWriter{header: http.Header{}, body: pw, started: make(chan struct{})}
		go func() {
			defer func() {
				w.start(http.StatusOK)
				pw.Close()
			}()
			h.ServeHTTP(w, req)
		}()
		<-w.started
		return &events.LambdaFunctionURLStreamingResponse{StatusCode: w.status, Headers: flat(w.sent),
			Cookies: w.sent.Values("Set-Cookie"), Body: pr}, nil
	}
}

// streamWriter is an http.ResponseWriter whose body goes down a pipe,
// and whose status and headers are fixed at the first write.
type streamWriter struct {
	header  http.Header
	body    *io.PipeWriter
	once    sync.Once
	status  int
	sent    http.Header // the headers as they were at the first write
	started chan struct{}
}

func (w *streamWriter) Header() http.Header { return w.header }

func (w *streamWriter) WriteHeader(code int) { w.start(code) }

func (w *streamWriter) start(code int) {
	w.once.Do(func() { w.status, w.sent = code, w.header.Clone(); close(w.started) })
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.start(http.StatusOK)
	return w.body.Write(p)
}

// Flush does nothing: every write already goes out.
func (w *streamWriter) Flush() {}

// APIGateway returns a handler for lambda.Start that serves an API
// Gateway REST API (proxy integration) request with h, buffered: REST
// APIs return a response whole.
func APIGateway(h http.Handler) func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		q := url.Values{}
		for k, vs := range ev.MultiValueQueryStringParameters {
			for _, v := range vs {
				q.Add(k, v)
			}
		}
		if len(q) == 0 {
			for k, v := range ev.QueryStringParameters {
				q.Set(k, v)
			}
		}
		headers := map[string]string{}
		for k, v := range ev.Headers {
			headers[k] = v
		}
		for k, vs := range ev.MultiValueHeaders {
			headers[k] = strings.Join(vs, ",")
		}
		req, err := newRequest(ctx, ev.HTTPMethod, ev.Path, q.Encode(), headers, nil, ev.Body, ev.IsBase64Encoded,
			ev.RequestContext.Identity.SourceIP)
		if err != nil {
			return events.APIGatewayProxyResponse{}, err
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return events.APIGatewayProxyResponse{StatusCode: rec.Code, MultiValueHeaders: rec.Header(),
			Body: base64.StdEncoding.EncodeToString(rec.Body.Bytes()), IsBase64Encoded: true}, nil
	}
}

// newRequest builds the net/http request an event describes.
func newRequest(ctx context.Context, method, path, rawQuery string, headers map[string]string, cookies []string,
	body string, b64 bool, sourceIP string) (*http.Request, error) {
	var data []byte
	if b64 {
		var err error
		if data, err = base64.StdEncoding.DecodeString(body); err != nil {
			return nil, fmt.Errorf("lambdahttp: body: %w", err)
		}
	} else {
		data = []byte(body)
	}
	if method == "" {
		method = http.MethodGet
	}
	u := &url.URL{Path: path, RawQuery: rawQuery}
	req, err := http.NewRequestWithContext(ctx, method, u.RequestURI(), strings.NewReader(string(data)))
	if err != nil {
		return nil, fmt.Errorf("lambdahttp: %w", err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.Header.Add("Cookie", c)
	}
	req.Host = req.Header.Get("Host")
	req.RemoteAddr = sourceIP
	return req, nil
}

// flat joins repeated headers, as Function URL responses carry one value
// each (cookies travel apart).
func flat(h http.Header) map[string]string {
	out := map[string]string{}
	for k, vs := range h {
		if k != "Set-Cookie" {
			out[k] = strings.Join(vs, ",")
		}
	}
	return out
}
