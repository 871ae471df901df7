package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fill checks cfg and sets its defaults.
func (cfg *ALBConfig) fill() error {
	parts := strings.Split(cfg.LoadBalancerARN, ":")
	if len(parts) < 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing" || !strings.HasPrefix(parts[5], "loadbalancer/app/") {
		return fmt.Errorf("auth alb: %q is not an application load balancer ARN", cfg.LoadBalancerARN)
	}
	if cfg.Region == "" {
		cfg.Region = parts[3]
	}
	if !validRegion(cfg.Region) {
		return fmt.Errorf("auth alb: invalid region %q", cfg.Region)
	}
	if cfg.KeyURL == "" {
		cfg.KeyURL = defaultKeyURL(cfg.Region)
	}
	if !strings.HasSuffix(cfg.KeyURL, "/") {
		cfg.KeyURL += "/"
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return nil
}

// defaultKeyURL is where AWS documents the ALB public keys: a regional
// endpoint, and an S3 bucket in AWS GovCloud (US).
func defaultKeyURL(region string) string {
	if strings.HasPrefix(region, "us-gov-") {
		return "https://s3-" + region + ".amazonaws.com/aws-elb-public-keys-prod-" + region + "/"
	}
	return "https://public-keys.auth.elb." + region + ".amazonaws.com/"
}

func validRegion(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// verify checks token and returns the identity in its claims.
func (a *alb) verify(ctx context.Context, token string) (Identity, error) {
	if token == "" {
		return Identity{}, errors.New("no ALB token")
	}
	p := jwt.NewParser(jwt.WithPaddingAllowed(), jwt.WithValidMethods([]string{"ES256"}),
		jwt.WithTimeFunc(a.cfg.Now))
	claims := jwt.MapClaims{}
	_, err := p.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		kid, err := a.checkHeader(t.Header)
		if err != nil {
			return nil, err
		}
		return a.keys.get(ctx, kid)
	})
	if err != nil {
		return Identity{}, fmt.Errorf("ALB token: %w", err)
	}
	return identityFromClaims(claims, a.cfg.GroupsClaim)
}

// checkHeader pins the signer, checks the header's exp, and returns the
// validated key ID.
func (a *alb) checkHeader(h map[string]any) (string, error) {
	if signer, _ := h["signer"].(string); signer != a.cfg.LoadBalancerARN {
		return "", fmt.Errorf("signer %q is not the configured load balancer", signer)
	}
	exp, ok := headerTime(h["exp"])
	if !ok {
		return "", errors.New("no exp in token header")
	}
	if !a.cfg.Now().Before(exp) {
		return "", jwt.ErrTokenExpired
	}
	kid, _ := h["kid"].(string)
	if !validKeyID(kid) {
		return "", fmt.Errorf("invalid key ID %q", kid)
	}
	return kid, nil
}

// headerTime reads a NumericDate from a JWT header: a JSON number, or a
// string of digits (AWS documents the field as a string).
func headerTime(v any) (time.Time, bool) {
	switch v := v.(type) {
	case float64:
		return time.Unix(int64(v), 0), true
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return time.Unix(n, 0), err == nil
	}
	return time.Time{}, false
}

// validKeyID accepts the key IDs ALBs use (UUID-like: letters, digits,
// hyphens), so a kid can never add a path, query or host to the key URL.
func validKeyID(kid string) bool {
	if kid == "" || len(kid) > 128 {
		return false
	}
	for _, c := range kid {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
