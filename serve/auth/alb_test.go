package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testARN   = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/flowq/50dc6c495c0c9188"
	testKeyID = "6d9ae0d2-3b1c-4c2f-9a7e-0c5b7f1e2a3d"
)

// albKeys serves PEM public keys by key ID, as the regional ALB endpoint
// does, and counts the requests.
type albKeys struct {
	keys    map[string]*ecdsa.PrivateKey
	fetches atomic.Int64
	srv     *httptest.Server
}

func newALBKeys(t testing.TB) *albKeys {
	t.Helper()
	k := &albKeys{keys: map[string]*ecdsa.PrivateKey{}}
	for _, kid := range []string{testKeyID, "other-key"} {
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		k.keys[kid] = priv
	}
	k.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.fetches.Add(1)
		priv, ok := k.keys[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok || r.URL.RawQuery != "" {
			http.NotFound(w, r)
			return
		}
		der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = pem.Encode(w, &pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}))
	t.Cleanup(k.srv.Close)
	return k
}

// albToken builds an x-amzn-oidc-data token the way an ALB does: base64url
// segments with '=' padding, signed over the padded segments with ES256.
func albToken(t testing.TB, priv *ecdsa.PrivateKey, header, claims map[string]any) string {
	t.Helper()
	seg := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return base64.URLEncoding.EncodeToString(b)
	}
	signing := seg(header) + "." + seg(claims)
	sig, err := jwt.SigningMethodES256.Sign(signing, priv)
	require.NoError(t, err)
	return signing + "." + base64.URLEncoding.EncodeToString(sig)
}

func TestALB(t *testing.T) {
	keys := newALBKeys(t)
	now := time.Unix(1_800_000_000, 0)
	a, err := NewALB(ALBConfig{
		LoadBalancerARN: testARN,
		KeyURL:          keys.srv.URL,
		Trusted:         []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
		HTTPClient:      keys.srv.Client(),
		Now:             func() time.Time { return now },
	})
	require.NoError(t, err)
	h := a.Wrap(whoami)

	header := func(edit func(map[string]any)) map[string]any {
		m := map[string]any{"alg": "ES256", "typ": "JWT", "kid": testKeyID, "signer": testARN,
			"iss": "https://idp.example.com", "client": "client-1", "exp": now.Add(2 * time.Minute).Unix()}
		if edit != nil {
			edit(m)
		}
		return m
	}
	claims := map[string]any{"sub": "u-123", "email": "alice@example.com", "name": "Alice",
		"groups": []string{"helpdesk"}, "exp": now.Add(time.Hour).Unix()}
	good := keys.keys[testKeyID]
	attacker, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)

	valid := albToken(t, good, header(nil), claims)
	require.Contains(t, valid, "=", "the test token must carry padding, as ALB's do")
	payloadSwapped := func() string {
		parts := strings.Split(valid, ".")
		other := strings.Split(albToken(t, good, header(nil), map[string]any{"sub": "admin"}), ".")
		return parts[0] + "." + other[1] + "." + parts[2]
	}()

	tests := []struct {
		name     string
		peer     string
		token    string
		wantCode int
	}{
		{"valid token", "10.0.3.4:5000", valid, http.StatusOK},
		{"no token", "10.0.3.4:5000", "", http.StatusUnauthorized},
		{"untrusted peer with a valid token", "192.0.2.1:5000", valid, http.StatusForbidden},
		{"wrong signer", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) {
			m["signer"] = strings.Replace(testARN, "123456789012", "999999999999", 1)
		}), claims), http.StatusUnauthorized},
		{"no signer", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { delete(m, "signer") }), claims), http.StatusUnauthorized},
		{"expired in header", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) {
			m["exp"] = now.Add(-time.Second).Unix()
		}), claims), http.StatusUnauthorized},
		{"exp in header as a string", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) {
			m["exp"] = strconv.FormatInt(now.Add(time.Minute).Unix(), 10)
		}), claims), http.StatusOK},
		{"expired in header as a string", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) {
			m["exp"] = strconv.FormatInt(now.Add(-time.Minute).Unix(), 10)
		}), claims), http.StatusUnauthorized},
		{"exp in header not a time", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["exp"] = "soon" }), claims), http.StatusUnauthorized},
		{"no exp in header", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { delete(m, "exp") }), claims), http.StatusUnauthorized},
		{"expired in claims", "10.0.3.4:5000", albToken(t, good, header(nil), map[string]any{"sub": "u-123", "exp": now.Add(-time.Minute).Unix()}), http.StatusUnauthorized},
		{"signed by another key", "10.0.3.4:5000", albToken(t, attacker, header(nil), claims), http.StatusUnauthorized},
		{"signed by the ALB's other key", "10.0.3.4:5000", albToken(t, keys.keys["other-key"], header(nil), claims), http.StatusUnauthorized},
		{"naming the ALB's other key", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["kid"] = "other-key" }), claims), http.StatusUnauthorized},
		{"padding stripped (the signature covers it)", "10.0.3.4:5000", strings.ReplaceAll(valid, "=", ""), http.StatusUnauthorized},
		{"payload swapped under a valid signature", "10.0.3.4:5000", payloadSwapped, http.StatusUnauthorized},
		{"unknown kid", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["kid"] = "no-such-key" }), claims), http.StatusUnauthorized},
		{"kid with a path", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["kid"] = "../" + testKeyID }), claims), http.StatusUnauthorized},
		{"kid with a query", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["kid"] = testKeyID + "?x=1" }), claims), http.StatusUnauthorized},
		{"kid with a host", "10.0.3.4:5000", albToken(t, good, header(func(m map[string]any) { m["kid"] = "@evil.example/" + testKeyID }), claims), http.StatusUnauthorized},
		{"alg none", "10.0.3.4:5000", unsignedToken(t, header(func(m map[string]any) { m["alg"] = "none" }), claims), http.StatusUnauthorized},
		{"HS256 with the public key", "10.0.3.4:5000", hmacToken(t, header(func(m map[string]any) { m["alg"] = "HS256" }), claims, []byte("secret")), http.StatusUnauthorized},
		{"no sub", "10.0.3.4:5000", albToken(t, good, header(nil), map[string]any{"email": "x@example.com"}), http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/search", nil)
			r.RemoteAddr = tt.peer
			if tt.token != "" {
				r.Header.Set("x-amzn-oidc-data", tt.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			require.Equal(t, tt.wantCode, rec.Code, rec.Body.String())
			if tt.wantCode == http.StatusOK {
				assert.Equal(t, Identity{Subject: "u-123", Name: "Alice", Email: "alice@example.com", Groups: []string{"helpdesk"}},
					decodeWhoami(t, rec.Result()).Identity)
			}
		})
	}
	// Keys were fetched for the good kid (once, then cached), "other-key"
	// and "no-such-key" only: malformed kids never reach the key server.
	assert.Equal(t, int64(3), keys.fetches.Load())
}

func unsignedToken(t *testing.T, header, claims map[string]any) string {
	t.Helper()
	parts := strings.Split(albToken(t, mustKey(t), header, claims), ".")
	return parts[0] + "." + parts[1] + "."
}

func hmacToken(t *testing.T, header, claims map[string]any, key []byte) string {
	t.Helper()
	parts := strings.Split(albToken(t, mustKey(t), header, claims), ".")
	sig, err := jwt.SigningMethodHS256.Sign(parts[0]+"."+parts[1], key)
	require.NoError(t, err)
	return parts[0] + "." + parts[1] + "." + base64.URLEncoding.EncodeToString(sig)
}

func mustKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return k
}

func TestNewALBConfig(t *testing.T) {
	a, err := NewALB(ALBConfig{LoadBalancerARN: testARN})
	require.NoError(t, err)
	assert.Equal(t, "https://public-keys.auth.elb.ap-northeast-1.amazonaws.com/", a.(*alb).cfg.KeyURL)
	a, err = NewALB(ALBConfig{LoadBalancerARN: "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/flowq/50dc6c495c0c9188"})
	require.NoError(t, err)
	assert.Equal(t, "https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1/", a.(*alb).cfg.KeyURL)

	for name, cfg := range map[string]ALBConfig{
		"no ARN":              {},
		"not an ALB ARN":      {LoadBalancerARN: "arn:aws:s3:::bucket"},
		"network LB ARN":      {LoadBalancerARN: strings.Replace(testARN, "/app/", "/net/", 1)},
		"region with a slash": {LoadBalancerARN: testARN, Region: "ap-northeast-1.evil.example/x"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewALB(cfg)
			assert.Error(t, err)
		})
	}
}

func TestALBConcurrentRequestsShareTheKeyCache(t *testing.T) {
	keys := newALBKeys(t)
	now := time.Unix(1_800_000_000, 0)
	a, err := NewALB(ALBConfig{LoadBalancerARN: testARN, KeyURL: keys.srv.URL,
		HTTPClient: keys.srv.Client(), Now: func() time.Time { return now }})
	require.NoError(t, err)
	token := albToken(t, keys.keys[testKeyID],
		map[string]any{"alg": "ES256", "kid": testKeyID, "signer": testARN, "exp": now.Add(time.Minute).Unix()},
		map[string]any{"sub": "u-1"})
	h := a.Wrap(whoami)
	const n = 16
	codes := make(chan int, n)
	for range n {
		go func() {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set(ALBHeader, token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			codes <- rec.Code
		}()
	}
	for range n {
		assert.Equal(t, http.StatusOK, <-codes)
	}
	assert.LessOrEqual(t, keys.fetches.Load(), int64(n))
	before := keys.fetches.Load()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(ALBHeader, token)
	h.ServeHTTP(httptest.NewRecorder(), r)
	assert.Equal(t, before, keys.fetches.Load(), "a cached key is not fetched again")
}
