package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/flowq/flowq/lambdahttp"
	"github.com/flowq/flowq/serve"
)

// page is the handler the function serves, configured from getenv, its
// audit log going to audit.
func page(ctx context.Context, getenv env, audit io.Writer) (http.Handler, error) {
	cfg, err := config(ctx, getenv, audit)
	if err != nil {
		return nil, err
	}
	return serve.New(cfg)
}

func main() {
	h, err := page(context.Background(), os.Getenv, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "flowq-page: %v\n", err)
		os.Exit(2)
	}
	lambda.Start(lambdahttp.FunctionURL(h))
}
