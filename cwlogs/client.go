package cwlogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/smithy-go/logging"
)

// Options configure the client. The zero value uses the standard AWS
// credential chain and configuration files (and AWS_ENDPOINT_URL_
// CLOUDWATCH_LOGS or AWS_ENDPOINT_URL), the region of the ARN or of the
// configuration, and CloudWatch's default quotas.
type Options struct {
	Profile     string // shared config profile; "" = AWS_PROFILE or default
	Region      string // for cwlogs:NAME; "" = the configured region
	EndpointURL string // overrides the SDK's endpoint settings
	// StreamPrefix narrows the streams read (DescribeLogStreams'
	// logStreamNamePrefix).
	StreamPrefix string
	// FilterPattern, if not "", is sent with every FilterLogEvents: it
	// must only narrow what a scan's filter can match (Pattern makes one).
	FilterPattern string
	// RequestsPerSecond bounds FilterLogEvents and DescribeLogStreams
	// requests, each, across all streams; 0 means 5, the documented quota.
	RequestsPerSecond float64
	// ByStream reads each stream as an object even when the search has a
	// lower time bound, which otherwise reads the group in time slices.
	ByStream bool
	// PageLimit bounds events per page (1 to 10,000); 0: the service's.
	PageLimit int32
	// HTTPClient replaces the HTTP client (tests, proxies).
	HTTPClient *http.Client
	// MaxAttempts bounds attempts per request (default 10).
	MaxAttempts int
	// MaxBackoff caps the delay between attempts (default 5s).
	MaxBackoff time.Duration
}

const defaultRate = 5

// newClient loads the configuration (no network access) and makes the
// client for region ("" = configured), counting its requests in count.
func newClient(ctx context.Context, o Options, region string, count *counter) (*cloudwatchlogs.Client, error) {
	lo := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{}),
		config.WithRetryer(func() aws.Retryer { return newRetryer(o) })}
	if o.HTTPClient != nil {
		lo = append(lo, config.WithHTTPClient(o.HTTPClient))
	}
	if o.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(o.Profile))
	}
	if region != "" {
		lo = append(lo, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return nil, fmt.Errorf("cwlogs: aws config: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("cwlogs: no region: set AWS_REGION (or a profile's region), or name the log group by its ARN")
	}
	return cloudwatchlogs.NewFromConfig(cfg, func(co *cloudwatchlogs.Options) {
		co.HTTPClient = &countingClient{next: co.HTTPClient, c: count}
		if o.EndpointURL != "" {
			co.BaseEndpoint = aws.String(o.EndpointURL)
		}
	}), nil
}

// newRetryer is the SDK's standard retryer (which retries
// ThrottlingException and 5xx with jittered exponential backoff) without
// the shared retry quota that many streams throttled at once would drain,
// also retrying a response cut short, and not retrying a refused
// connection (nothing listens there).
func newRetryer(o Options) aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 10
		if o.MaxAttempts > 0 {
			so.MaxAttempts = o.MaxAttempts
		}
		so.MaxBackoff = 5 * time.Second
		if o.MaxBackoff > 0 {
			so.MaxBackoff = o.MaxBackoff
		}
		so.RateLimiter = ratelimit.None
		refused := retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, syscall.ECONNREFUSED) {
				return aws.FalseTernary
			}
			return aws.UnknownTernary
		})
		cut := retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return aws.TrueTernary
			}
			return aws.UnknownTernary
		})
		so.Retryables = append(append([]retry.IsErrorRetryable{refused}, so.Retryables...), cut)
	})
}
