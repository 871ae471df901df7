package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/flowq/flowq/internal/fanscan"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve"
	"github.com/flowq/flowq/serve/auth"
)

// env reads the environment (os.Getenv, or a map in tests).
type env func(string) string

// config builds the page's configuration from the environment, the audit
// log going to audit.
func config(ctx context.Context, getenv env, audit io.Writer) (serve.Config, error) {
	cfg := serve.Config{Sources: strings.Fields(getenv("FLOWQ_SOURCES")), Audit: audit,
		Accounts: list(getenv("FLOWQ_ACCOUNTS")), Regions: list(getenv("FLOWQ_REGIONS"))}
	if len(cfg.Sources) == 0 {
		return cfg, errors.New("FLOWQ_SOURCES is empty: name the s3://bucket/prefix to search")
	}
	if err := checkScope(cfg.Accounts, cfg.Regions); err != nil {
		return cfg, err
	}
	var err error
	if cfg.Zone, err = zone(getenv("FLOWQ_TZ")); err != nil {
		return cfg, err
	}
	if err := limits(getenv, &cfg); err != nil {
		return cfg, err
	}
	if cfg.Auth, err = authenticator(ctx, getenv); err != nil {
		return cfg, err
	}
	if g := getenv("FLOWQ_GRANTS"); g != "" {
		if cfg.Grants, err = auth.LoadGrants(g); err != nil {
			return cfg, fmt.Errorf("FLOWQ_GRANTS: %w", err)
		}
	}
	if fn := getenv("FLOWQ_LAMBDA"); fn != "" {
		s := fanscan.Settings{Function: fn}
		if s.Concurrency, err = number(getenv, "FLOWQ_LAMBDA_CONCURRENCY"); err != nil {
			return cfg, err
		}
		if s.MinShards, err = number(getenv, "FLOWQ_LAMBDA_SHARDS"); err != nil {
			return cfg, err
		}
		if cfg.Scan, err = fanscan.PageScan(ctx, s, cfg.Zone); err != nil {
			return cfg, fmt.Errorf("FLOWQ_LAMBDA: %w", err)
		}
	}
	return cfg, nil
}

// limits reads the page's limits; unset ones keep serve's defaults.
func limits(getenv env, cfg *serve.Config) error {
	var err error
	if cfg.MaxSearches, err = number(getenv, "FLOWQ_MAX_SEARCHES"); err != nil {
		return err
	}
	rows, err := number(getenv, "FLOWQ_MAX_ROWS")
	if err != nil {
		return err
	}
	cfg.MaxRows = int64(rows)
	if v := getenv("FLOWQ_SEARCH_TIMEOUT"); v != "" {
		if cfg.SearchTimeout, err = time.ParseDuration(v); err != nil || cfg.SearchTimeout <= 0 {
			return fmt.Errorf("FLOWQ_SEARCH_TIMEOUT %q: a duration such as 60s", v)
		}
	}
	return nil
}

// authenticator builds FLOWQ_AUTH's sign-in; none is refused.
func authenticator(ctx context.Context, getenv env) (auth.Authenticator, error) {
	switch mode := getenv("FLOWQ_AUTH"); mode {
	case "oidc":
		cfg := auth.OIDCConfig{IssuerURL: getenv("FLOWQ_OIDC_ISSUER"), ClientID: getenv("FLOWQ_OIDC_CLIENT_ID"),
			ClientSecret: getenv("FLOWQ_OIDC_CLIENT_SECRET"), RedirectURL: getenv("FLOWQ_OIDC_REDIRECT_URL"),
			GroupsClaim: getenv("FLOWQ_OIDC_GROUPS_CLAIM"), SecureCookie: true}
		if k := getenv("FLOWQ_SESSION_KEY"); k != "" { // the same on every instance, so a sign-in holds across them
			cfg.SessionKey = []byte(k)
		}
		if fn := getenv("FLOWQ_SESSION_KEY_FILE"); fn != "" {
			key, err := auth.ReadSessionKey(fn)
			if err != nil {
				return nil, fmt.Errorf("FLOWQ_SESSION_KEY_FILE: %w", err)
			}
			cfg.SessionKey = key
		}
		return auth.NewOIDC(ctx, cfg)
	case "proxy":
		trusted, err := auth.ParsePrefixes(getenv("FLOWQ_TRUSTED_PROXY"))
		if err != nil {
			return nil, fmt.Errorf("FLOWQ_AUTH proxy needs FLOWQ_TRUSTED_PROXY: %w", err)
		}
		return auth.NewProxy(auth.ProxyConfig{Trusted: trusted, UserHeader: getenv("FLOWQ_PROXY_USER_HEADER"),
			GroupsHeader: getenv("FLOWQ_PROXY_GROUPS_HEADER")})
	case "alb":
		cfg := auth.ALBConfig{LoadBalancerARN: getenv("FLOWQ_ALB_ARN")}
		if t := getenv("FLOWQ_TRUSTED_PROXY"); t != "" {
			trusted, err := auth.ParsePrefixes(t)
			if err != nil {
				return nil, fmt.Errorf("FLOWQ_TRUSTED_PROXY: %w", err)
			}
			cfg.Trusted = trusted
		}
		return auth.NewALB(cfg)
	case "":
		return nil, errors.New("FLOWQ_AUTH is not set: a page on Lambda is reachable beyond loopback, so it needs oidc, proxy or alb")
	case "none":
		return nil, errors.New("FLOWQ_AUTH none is refused: a page on Lambda is reachable beyond loopback, so it needs oidc, proxy or alb")
	default:
		return nil, fmt.Errorf("FLOWQ_AUTH %q: use oidc, proxy or alb", mode)
	}
}

func zone(name string) (*time.Location, error) {
	switch {
	case name == "" || strings.EqualFold(name, "utc"):
		return time.UTC, nil
	case name == "Local":
		return nil, errors.New("FLOWQ_TZ Local is the function's zone, not the users': name a zone (Asia/Tokyo)")
	}
	tz, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("FLOWQ_TZ %q: unknown time zone (use a name like Asia/Tokyo or UTC)", name)
	}
	return tz, nil
}

func checkScope(accounts, regions []string) error {
	for _, a := range accounts {
		if err := scan.CheckAccount(a); err != nil {
			return fmt.Errorf("FLOWQ_ACCOUNTS %w", err)
		}
	}
	for _, r := range regions {
		if err := scan.CheckRegion(r); err != nil {
			return fmt.Errorf("FLOWQ_REGIONS %w", err)
		}
	}
	return nil
}

// number reads a count; unset is 0 (the default).
func number(getenv env, name string) (int, error) {
	v := getenv(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q: a whole number", name, v)
	}
	return n, nil
}

// list splits a comma-separated list.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
