package fanout

import (
	"context"
	"errors"
	"fmt"
)

// Invoker calls the worker function once: it sends a request payload and
// returns the reply payload. It must be safe for concurrent use. A
// failure should be an *InvokeError saying what kind it is; any other
// error counts as a lost reply (retried).
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Failure is the kind of an invocation's failure.
type Failure int

const (
	Lost      Failure = iota // no reply: the connection broke, or the reply was garbled
	Throttled                // 429: too many requests, or the concurrency limit
	Function                 // the function failed (an error, a crash, its own timeout)
	Timeout                  // no reply within the attempt's timeout
	Permanent                // retrying cannot help: no such function, access denied
)

func (f Failure) String() string {
	return [...]string{"lost reply", "throttled", "function error", "timed out", "permanent"}[f]
}

// InvokeError is a failed invocation.
type InvokeError struct {
	Kind Failure
	Err  error
}

func (e *InvokeError) Error() string { return fmt.Sprintf("%s: %v", e.Kind, e.Err) }
func (e *InvokeError) Unwrap() error { return e.Err }

// kindOf classifies err (nil-safe for wrapped errors).
func kindOf(err error) Failure {
	var ie *InvokeError
	switch {
	case errors.As(err, &ie):
		return ie.Kind
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	}
	return Lost
}
