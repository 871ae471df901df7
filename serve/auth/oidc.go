package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures NewOIDC.
type OIDCConfig struct {
	// IssuerURL is the provider's issuer, e.g.
	// "https://login.microsoftonline.com/TENANT/v2.0"; its discovery
	// document is fetched by NewOIDC. Required.
	IssuerURL string
	// ClientID and ClientSecret identify flowq to the provider. ClientID
	// is required; ClientSecret may be empty for a public client (PKCE
	// still protects the code).
	ClientID     string
	ClientSecret string
	// RedirectURL is the absolute URL of CallbackPath as registered with
	// the provider, e.g. "https://flowq.example.com/auth/callback". Empty
	// derives it from each request's Host, with https when the request came
	// over TLS or SecureCookie is set; that trusts the Host header, which
	// is safe only because providers accept registered redirect URLs
	// alone, so set it in production.
	RedirectURL string
	// Scopes requested; default openid, profile, email. "openid" is added
	// when missing.
	Scopes []string
	// GroupsClaim names the ID token claim holding the user's groups (a
	// string or a list of strings); default "groups".
	GroupsClaim string
	// SessionKey signs the session and login cookies (HMAC-SHA256); at
	// least MinSessionKeyLen bytes. Nil generates a random key, so
	// sessions end on restart and are not shared between replicas.
	SessionKey []byte
	// SessionTTL is how long a login lasts; default 8h.
	SessionTTL time.Duration
	// SecureCookie marks the cookies Secure. Set it whenever users reach
	// the page over HTTPS (directly or through a TLS-terminating proxy).
	SecureCookie bool
	// HTTPClient talks to the provider (discovery, keys, token); nil uses
	// http.DefaultClient. Tests pass one for an in-process provider.
	HTTPClient *http.Client
	// Now is the clock for cookie expiry; nil uses time.Now.
	Now func() time.Time
}

// The cookies NewOIDC sets.
const (
	SessionCookie = "flowq_session"
	loginCookie   = "flowq_login"
	loginTTL      = 10 * time.Minute
)

type oidcAuth struct {
	cfg      OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	session  signer
	login    signer
}

// NewOIDC returns an Authenticator that signs users in with OpenID
// Connect (authorization code flow with PKCE S256, state and nonce) and
// keeps them signed in with a signed session cookie. It fetches the
// provider's discovery document with ctx. The result is immutable and
// safe for concurrent use.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (Authenticator, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	provider, err := oidc.NewProvider(cfg.clientContext(ctx), cfg.IssuerURL)
	if err != nil {
		return nil, fmt.Errorf("auth oidc: discover %s: %w", cfg.IssuerURL, err)
	}
	return &oidcAuth{
		cfg: cfg,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     provider.Endpoint(),
			Scopes:       cfg.Scopes,
			RedirectURL:  cfg.RedirectURL,
		},
		verifier: provider.VerifierContext(cfg.clientContext(context.Background()),
			&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
		session: newSigner(cfg.SessionKey, "session"),
		login:   newSigner(cfg.SessionKey, "login"),
	}, nil
}

// fill checks cfg and sets its defaults.
func (cfg *OIDCConfig) fill() error {
	if cfg.IssuerURL == "" || cfg.ClientID == "" {
		return errors.New("auth oidc: issuer URL and client ID are required")
	}
	if cfg.SessionKey == nil {
		cfg.SessionKey = make([]byte, MinSessionKeyLen)
		rand.Read(cfg.SessionKey)
	} else if len(cfg.SessionKey) < MinSessionKeyLen {
		return fmt.Errorf("auth oidc: session key has %d bytes, want at least %d", len(cfg.SessionKey), MinSessionKeyLen)
	} else {
		cfg.SessionKey = append([]byte(nil), cfg.SessionKey...)
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	} else if !contains(cfg.Scopes, oidc.ScopeOpenID) {
		cfg.Scopes = append([]string{oidc.ScopeOpenID}, cfg.Scopes...)
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	return nil
}

// clientContext makes go-oidc and oauth2 use cfg.HTTPClient.
func (cfg *OIDCConfig) clientContext(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, cfg.HTTPClient)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
