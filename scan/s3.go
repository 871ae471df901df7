package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

const (
	defaultMaxAttempts = 8
	defaultBodyTries   = 5
	defaultMaxBackoff  = 5 * time.Second
	fallbackRegion     = "us-east-1"
)

func (o S3Options) requestAttempts() int {
	if o.MaxAttempts > 0 {
		return o.MaxAttempts
	}
	return defaultMaxAttempts
}

func (o S3Options) bodyAttempts() int {
	if o.MaxAttempts > 0 {
		return o.MaxAttempts
	}
	return defaultBodyTries
}

func (o S3Options) maxBackoff() time.Duration {
	if o.MaxBackoff > 0 {
		return o.MaxBackoff
	}
	return defaultMaxBackoff
}

// s3Clients makes one client per bucket (each bucket in its own region)
// from one loaded configuration. Safe for concurrent use.
type s3Clients struct {
	opts    S3Options
	workers int
	// lists and gets count the HTTP requests sent, retries included.
	lists, gets atomic.Int64
	mu          sync.Mutex
	cfg         *aws.Config
	stores      map[string]*s3Store
	// transports are those built here (none if the caller gave a client).
	transports []*http.Transport
}

// close drops the idle connections of the transport built here, so that
// no connection goroutine outlives the scan.
func (c *s3Clients) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.transports {
		t.CloseIdleConnections()
	}
}

func newS3Clients(o S3Options) *s3Clients {
	return &s3Clients{opts: o, workers: 8 * runtime.GOMAXPROCS(0), stores: map[string]*s3Store{}}
}

// setWorkers sizes the connection pool of transports built from now on.
func (c *s3Clients) setWorkers(n int) {
	c.mu.Lock()
	c.workers = n
	c.mu.Unlock()
}

// store returns the store for one bucket, creating its client on first use.
func (c *s3Clients) store(ctx context.Context, bucket string) (*s3Store, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stores[bucket]; ok {
		return s, nil
	}
	if c.cfg == nil {
		cfg, err := c.load(ctx)
		if err != nil {
			return nil, fmt.Errorf("scan: aws config: %w", err)
		}
		c.cfg = &cfg
	}
	region, err := c.region(ctx, bucket)
	if err != nil {
		return nil, err
	}
	s := &s3Store{c: c.client(region), bucket: bucket}
	c.stores[bucket] = s
	return s, nil
}

// load reads the shared configuration (no network access).
func (c *s3Clients) load(ctx context.Context) (aws.Config, error) {
	o := c.opts
	var hc aws.HTTPClient = o.HTTPClient
	if o.HTTPClient == nil {
		// The SDK's pool keeps 10 idle connections per host: with more
		// workers, most requests would dial anew.
		// A BuildableClient keeps AWS_CA_BUNDLE working.
		hc = awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConnsPerHost, t.MaxIdleConns = c.workers+8, 2*(c.workers+8)
			c.transports = append(c.transports, t)
		})
	}
	lo := []func(*config.LoadOptions) error{config.WithHTTPClient(hc), config.WithLogger(logging.Nop{})}
	if o.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		lo = append(lo, config.WithRegion(o.Region))
	}
	if o.NoSignRequest {
		lo = append(lo, config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	}
	lo = append(lo, config.WithRetryer(func() aws.Retryer { return newRetryer(o) }))
	return config.LoadDefaultConfig(ctx, lo...)
}

// countingClient counts the requests the SDK sends, every attempt of
// every retry, by kind.
type countingClient struct {
	next aws.HTTPClient
	c    *s3Clients
}

func (cc *countingClient) Do(req *http.Request) (*http.Response, error) {
	switch {
	case req.Method == http.MethodGet && req.URL.Query().Has("list-type"):
		cc.c.lists.Add(1)
	case req.Method == http.MethodGet:
		cc.c.gets.Add(1)
	}
	return cc.next.Do(req)
}

// requests returns the LIST and GET requests sent so far.
func (c *s3Clients) requests() (lists, gets int64) { return c.lists.Load(), c.gets.Load() }

// newRetryer is the SDK's standard retryer without the shared retry quota
// (all workers hitting SlowDown would drain it and fail), with a bounded
// backoff, and retrying a LIST response cut short.
func newRetryer(o S3Options) aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = o.requestAttempts()
		so.MaxBackoff = o.maxBackoff()
		so.RateLimiter = ratelimit.None
		// An endpoint that refuses connections is not there (S3 itself
		// never refuses): say so at once rather than after half a minute
		// of retries. This check goes first, before the SDK's own.
		refused := retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, syscall.ECONNREFUSED) {
				return aws.FalseTernary
			}
			return aws.UnknownTernary
		})
		so.Retryables = append([]retry.IsErrorRetryable{refused}, so.Retryables...)
		so.Retryables = append(so.Retryables, retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return aws.TrueTernary
			}
			return aws.UnknownTernary
		}))
	})
}

func (c *s3Clients) client(region string) *s3.Client {
	o := c.opts
	return s3.NewFromConfig(*c.cfg, func(so *s3.Options) {
		// Counted here, not in load: the configuration needs its own
		// BuildableClient to add AWS_CA_BUNDLE.
		so.HTTPClient = &countingClient{next: so.HTTPClient, c: c}
		if region != "" {
			so.Region = region
		}
		if o.EndpointURL != "" {
			so.BaseEndpoint = aws.String(o.EndpointURL)
		}
		so.UsePathStyle = o.PathStyle
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		so.DisableLogOutputChecksumValidationSkipped = true
	})
}

// region picks the region of a bucket: the one given, or the bucket's own
// (HeadBucket on AWS); against a custom endpoint, the configured region or
// us-east-1.
func (c *s3Clients) region(ctx context.Context, bucket string) (string, error) {
	if c.opts.Region != "" {
		return c.opts.Region, nil
	}
	base := c.cfg.Region
	if base == "" {
		base = fallbackRegion
	}
	if c.opts.EndpointURL != "" || c.cfg.BaseEndpoint != nil || os.Getenv("AWS_ENDPOINT_URL_S3") != "" {
		return base, nil
	}
	region, err := manager.GetBucketRegion(ctx, c.client(base), bucket)
	var nf manager.BucketNotFound
	switch {
	case errors.As(err, &nf):
		return "", fmt.Errorf("scan: s3://%s: bucket not found", bucket)
	case err != nil:
		return base, nil // no answer (a proxy, a policy): try the configured region
	}
	return region, nil
}

// s3Store reads one bucket with ListObjectsV2 and GetObject only. It is a
// RangeSource and a RemoteSource.
type s3Store struct {
	c      *s3.Client
	bucket string
}

func (s *s3Store) Name(key string) string { return "s3://" + s.bucket + "/" + key }
func (s *s3Store) Remote() bool           { return true }
func (s *s3Store) countsRequests()        {}

// List returns one level below prefix (Delimiter "/"), all pages.
func (s *s3Store) List(ctx context.Context, prefix string, _ Scope) (Listing, error) {
	in := &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: aws.String(prefix), Delimiter: aws.String("/")}
	var l Listing // its requests are counted by the client, retries included
	for {
		out, err := s.c.ListObjectsV2(ctx, in)
		if err != nil {
			return Listing{}, fmt.Errorf("list: %w", classifyS3(err))
		}
		for _, p := range out.CommonPrefixes {
			l.Dirs = append(l.Dirs, aws.ToString(p.Prefix))
		}
		for _, o := range out.Contents {
			l.Objects = append(l.Objects, Object{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ETag: aws.ToString(o.ETag), Modified: aws.ToTime(o.LastModified).UTC()})
		}
		if !aws.ToBool(out.IsTruncated) || aws.ToString(out.NextContinuationToken) == "" {
			break
		}
		in.ContinuationToken = out.NextContinuationToken
	}
	return l, nil
}

func (s *s3Store) Open(ctx context.Context, o Object, _ Scope) (io.ReadCloser, error) {
	out, err := s.c.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: aws.String(o.Key)})
	if err != nil {
		return nil, fmt.Errorf("get: %w", classifyS3(err))
	}
	return out.Body, nil
}

func (s *s3Store) OpenRange(ctx context.Context, o Object) (ReaderAtCloser, error) {
	return &s3ReaderAt{ctx: ctx, s: s, key: o.Key}, nil
}

// s3ReaderAt reads ranges of one object with ranged GETs. io.ReaderAt has
// no context, so it keeps the scan's. Safe for concurrent use.
type s3ReaderAt struct {
	ctx context.Context
	s   *s3Store
	key string
}

func (r *s3ReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	rng := fmt.Sprintf("bytes=%d-%d", off, off+int64(len(p))-1)
	out, err := r.s.c.GetObject(r.ctx, &s3.GetObjectInput{Bucket: &r.s.bucket, Key: &r.key, Range: &rng})
	if err != nil {
		return 0, fmt.Errorf("get %s: %w", rng, classifyS3(err))
	}
	defer out.Body.Close()
	n, err := io.ReadFull(out.Body, p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF // the object ends inside the range
	}
	return n, err
}

func (r *s3ReaderAt) Close() error { return nil }
