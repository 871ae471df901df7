package scan

import (
	"errors"
	"net"
	"strings"
	"syscall"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
)

// AccessKind says why S3 would not answer, in terms a person can act on.
type AccessKind uint8

// The kinds of AccessError.
const (
	NoCredentials  AccessKind = iota + 1 // none could be found or refreshed
	BadCredentials                       // S3 rejected them: a wrong key or secret, an expired token
	Denied                               // they may not do this: the IAM or bucket policy
	NoBucket                             // the bucket does not exist
	WrongRegion                          // the bucket is in another region than the one asked
	Unreachable                          // the endpoint cannot be reached
)

var accessText = [...]string{
	NoCredentials:  "no AWS credentials could be found",
	BadCredentials: "the AWS credentials were rejected",
	Denied:         "access denied",
	NoBucket:       "no such bucket",
	WrongRegion:    "the bucket is in another region",
	Unreachable:    "the S3 endpoint cannot be reached",
}

func (k AccessKind) String() string {
	if int(k) < len(accessText) && accessText[k] != "" {
		return accessText[k]
	}
	return "access failed"
}

// AccessError is an S3 request that failed for a reason no retry will
// fix: the credentials, the permissions, the bucket or the endpoint. Its
// text says which, plainly; Unwrap gives the SDK's error.
type AccessError struct {
	Kind AccessKind
	Code string // the S3 error code, if S3 answered ("AccessDenied")
	Err  error
}

func (e *AccessError) Error() string {
	if e.Code != "" {
		return e.Kind.String() + " (" + e.Code + ")"
	}
	if e.Kind == Unreachable {
		return e.Kind.String() + ": " + rootCause(e.Err)
	}
	return e.Kind.String()
}

func (e *AccessError) Unwrap() error { return e.Err }

// rootCause is the innermost message of err, the part that says what
// happened without the layers of the SDK.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// classifyS3 turns an S3 error that no retry will fix into an
// *AccessError; other errors are returned as they are.
func classifyS3(err error) error {
	var se *v4.SigningError
	var api smithy.APIError
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), strings.Contains(err.Error(), "get identity: "):
		// The SDK reports a credential chain that found nothing as plain
		// wrapped text ("get identity: get credentials: ..."), no type.
		return &AccessError{Kind: NoCredentials, Err: err}
	case errors.As(err, &api):
		if k, ok := accessCodes[api.ErrorCode()]; ok {
			return &AccessError{Kind: k, Code: api.ErrorCode(), Err: err}
		}
	case errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &dns) && dns.IsNotFound,
		errors.As(err, &op) && op.Op == "dial":
		return &AccessError{Kind: Unreachable, Err: err}
	}
	return err
}

// accessCodes are the S3 error codes that say an AccessKind; read-only.
var accessCodes = map[string]AccessKind{
	"InvalidAccessKeyId": BadCredentials, "SignatureDoesNotMatch": BadCredentials,
	"ExpiredToken": BadCredentials, "InvalidToken": BadCredentials, "TokenRefreshRequired": BadCredentials,
	"AccessDenied": Denied, "AllAccessDisabled": Denied, "AccountProblem": Denied,
	"NoSuchBucket": NoBucket, "PermanentRedirect": WrongRegion, "AuthorizationHeaderMalformed": WrongRegion,
}

// AccessFailure returns, when a scan read no object and every problem it
// met was S3 refusing access, the first of those problems: the scan is a
// failure to say plainly, not an empty answer. Otherwise it returns nil.
func (s Stats) AccessFailure() *AccessError {
	if s.ObjectsRead > 0 || len(s.Errors) == 0 {
		return nil
	}
	var first *AccessError
	for _, e := range s.Errors {
		var ae *AccessError
		if !errors.As(e.Err, &ae) {
			return nil
		}
		if first == nil {
			first = ae
		}
	}
	return first
}
