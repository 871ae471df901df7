package fanout

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

// LambdaOptions configure the Lambda client. Endpoints come from the
// SDK's standard settings: AWS_ENDPOINT_URL_LAMBDA, else AWS_ENDPOINT_URL,
// else the shared config file, else AWS's.
type LambdaOptions struct {
	Profile string // shared config profile; "" = AWS_PROFILE or default
	Region  string // "" = AWS_REGION or the profile's
	// Qualifier is a version or alias of the function; "" = $LATEST.
	Qualifier string
	// Endpoint replaces the endpoint the settings give (one emulator of
	// several); "" keeps them.
	Endpoint string
	// HTTPClient replaces the SDK's (tests); nil keeps it.
	HTTPClient *http.Client
}

// LambdaInvoker invokes a function synchronously (RequestResponse)
// through the AWS SDK. The SDK's own retries are off: Run retries, with
// its own classification. Safe for concurrent use.
type LambdaInvoker struct {
	client    *lambda.Client
	function  string
	qualifier *string
}

// NewLambdaInvoker loads the AWS configuration and returns an invoker of
// function (a name, an ARN or a partial ARN).
func NewLambdaInvoker(ctx context.Context, function string, o LambdaOptions) (*LambdaInvoker, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(o.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("lambda: %w", err)
	}
	inv := &LambdaInvoker{client: lambda.NewFromConfig(cfg, func(lo *lambda.Options) {
		if o.Endpoint != "" {
			lo.BaseEndpoint = aws.String(o.Endpoint)
		}
	}), function: function}
	if o.Qualifier != "" {
		inv.qualifier = aws.String(o.Qualifier)
	}
	return inv, nil
}

// Invoke calls the function once with payload and returns its reply. A
// function error (X-Amz-Function-Error) is an *InvokeError of kind
// Function carrying the function's error payload.
func (l *LambdaInvoker) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	out, err := l.client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(l.function),
		Qualifier: l.qualifier, Payload: payload, InvocationType: types.InvocationTypeRequestResponse})
	if err != nil {
		return nil, &InvokeError{Kind: classify(ctx, err), Err: err}
	}
	if out.FunctionError != nil {
		return nil, &InvokeError{Kind: Function, Err: fmt.Errorf("%s: %s", *out.FunctionError, clipPayload(out.Payload))}
	}
	return out.Payload, nil
}

// classify says what kind of failure an Invoke error is.
func classify(ctx context.Context, err error) Failure {
	var tooMany *types.TooManyRequestsException
	var ec2 *types.EC2ThrottledException
	var notFound *types.ResourceNotFoundException
	var tooLarge *types.RequestTooLargeException
	var invalid *types.InvalidRequestContentException
	var resp *awshttp.ResponseError
	var api smithy.APIError
	switch {
	case errors.As(err, &tooMany), errors.As(err, &ec2):
		return Throttled
	case errors.As(err, &notFound), errors.As(err, &tooLarge), errors.As(err, &invalid):
		return Permanent
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return Timeout
	case errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusTooManyRequests:
		return Throttled
	case errors.As(err, &resp) && (resp.HTTPStatusCode() == http.StatusForbidden || resp.HTTPStatusCode() == http.StatusUnauthorized):
		return Permanent
	case errors.As(err, &resp) && resp.HTTPStatusCode() >= 500:
		return Function
	case errors.As(err, &api) && api.ErrorFault() == smithy.FaultClient:
		return Permanent
	}
	return Lost
}

func clipPayload(b []byte) string {
	const limit = 512
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}
