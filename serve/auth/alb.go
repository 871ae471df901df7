package auth

import (
	"net/http"
	"net/netip"
	"time"
)

// ALBConfig configures NewALB.
type ALBConfig struct {
	// LoadBalancerARN is the ARN of the ALB that authenticates users, e.g.
	// "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/flowq/50dc6c495c0c9188".
	// A token whose "signer" header differs is refused. Required.
	LoadBalancerARN string
	// Region of the load balancer; empty takes it from LoadBalancerARN.
	Region string
	// KeyURL is the base URL of the ALB public keys, to which the token's
	// key ID is appended; default
	// "https://public-keys.auth.elb.REGION.amazonaws.com/", and in AWS
	// GovCloud (US) "https://s3-REGION.amazonaws.com/aws-elb-public-keys-prod-REGION/",
	// as AWS documents them. Set it for other partitions (China).
	KeyURL string
	// Trusted, when not empty, are the only TCP peers (the ALB's subnets)
	// whose requests are considered at all; others get 403.
	Trusted []netip.Prefix
	// GroupsClaim names the claim holding the user's groups; default
	// "groups".
	GroupsClaim string
	// HTTPClient fetches public keys; nil uses a client with a 10 s timeout.
	HTTPClient *http.Client
	// Now is the clock for expiry checks; nil uses time.Now.
	Now func() time.Time
}

// ALBHeader is the header in which an ALB passes the signed user claims.
const ALBHeader = "X-Amzn-Oidc-Data"

// maxKeys bounds the public-key cache; the ALB rotates keys rarely.
const maxKeys = 64

type alb struct {
	cfg  ALBConfig
	keys *keyCache
}

// NewALB returns an Authenticator that believes an AWS Application Load
// Balancer's x-amzn-oidc-data token: an ES256 JWT (with base64 padding)
// whose "signer" header must be cfg.LoadBalancerARN, whose "exp" header
// (and exp claim, if present) must lie in the future, and whose signature
// must verify with the ALB's regional public key for the token's "kid".
// Requests without a valid token get 401; from an untrusted peer, 403.
// The result is safe for concurrent use; public keys are fetched once per
// key ID and cached.
func NewALB(cfg ALBConfig) (Authenticator, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	return &alb{cfg: cfg, keys: newKeyCache(cfg.HTTPClient, cfg.KeyURL, maxKeys)}, nil
}

func (a *alb) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(a.cfg.Trusted) > 0 && !peerIn(r, a.cfg.Trusted) {
			refuse(w, http.StatusForbidden)
			return
		}
		id, err := a.verify(r.Context(), r.Header.Get(ALBHeader))
		if err != nil {
			refuse(w, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	})
}

// Mount registers nothing: the ALB owns login and logout.
func (a *alb) Mount(*http.ServeMux) {}
