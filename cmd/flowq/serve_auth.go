package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/flowq/flowq/serve/auth"
)

// authenticator builds the --auth mode's authenticator, refusing an open
// page on an address other machines can reach.
func (so *serveOptions) authenticator(ctx context.Context) (auth.Authenticator, error) {
	switch so.authMode {
	case "none", "":
		if !auth.IsLoopback(so.listen) {
			return nil, fmt.Errorf("refusing to serve %s without authentication: anyone who reaches it would read the flow logs; use --auth oidc, proxy or alb, or listen on 127.0.0.1", so.listen)
		}
		return auth.Open(), nil
	case "oidc":
		return so.oidcAuth(ctx)
	case "proxy":
		trusted, err := auth.ParsePrefixes(so.trusted)
		if err != nil {
			return nil, fmt.Errorf("--auth proxy needs --trusted-proxy: %w", err)
		}
		so.proxy.Trusted = trusted
		return auth.NewProxy(so.proxy)
	case "alb":
		if so.trusted != "" {
			trusted, err := auth.ParsePrefixes(so.trusted)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxy: %w", err)
			}
			so.alb.Trusted = trusted
		}
		return auth.NewALB(so.alb)
	}
	return nil, fmt.Errorf("--auth %q: use none, oidc, proxy or alb", so.authMode)
}

func (so *serveOptions) oidcAuth(ctx context.Context) (auth.Authenticator, error) {
	cfg := so.oidc
	cfg.ClientSecret = os.Getenv("FLOWQ_OIDC_CLIENT_SECRET")
	if so.oidcSecretFile != "" {
		b, err := os.ReadFile(so.oidcSecretFile)
		if err != nil {
			return nil, fmt.Errorf("--oidc-client-secret-file: %w", err)
		}
		cfg.ClientSecret = strings.TrimSpace(string(b))
	}
	if so.sessionKeyFn != "" {
		key, err := auth.ReadSessionKey(so.sessionKeyFn)
		if err != nil {
			return nil, err
		}
		cfg.SessionKey = key
	}
	return auth.NewOIDC(ctx, cfg)
}
