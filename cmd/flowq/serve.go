package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/internal/fanscan"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve"
	"github.com/flowq/flowq/serve/auth"
	"github.com/spf13/pflag"
)

// serveOptions are the flags of flowq serve. o holds the flags it shares
// with a search (zone, scope, format, workers, S3).
type serveOptions struct {
	o       *options
	sources []string

	listen, authMode, auditPath, grantsPath string
	maxSearches                             int
	timeout                                 time.Duration
	maxRows                                 int64

	oidc                         auth.OIDCConfig
	oidcSecretFile, sessionKeyFn string
	proxy                        auth.ProxyConfig
	alb                          auth.ALBConfig
	trusted                      string
}

// sharedFlags are the search flags flowq serve takes from the CLI's own
// definitions.
var sharedFlags = []string{"tz", "account", "region", "format", "workers", "enrich",
	"log-stream-prefix", "profile", "endpoint-url", "path-style", "no-sign-request", "s3-region", "help",
	"lambda", "lambda-concurrency", "lambda-shards"}

// parseServeArgs parses flowq serve's command line.
func parseServeArgs(args []string) (*serveOptions, *pflag.FlagSet, error) {
	so := &serveOptions{o: &options{}}
	fs := pflag.NewFlagSet("flowq serve", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, g := range newFlagGroups(so.o) {
		for _, name := range sharedFlags {
			if f := g.set.Lookup(name); f != nil {
				fs.AddFlag(f)
			}
		}
	}
	so.addFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, fs, err
	}
	so.sources = fs.Args()
	return so, fs, nil
}

func (so *serveOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&so.listen, "listen", "127.0.0.1:8080", "`ADDR`ess to serve on (host:port); a non-loopback address needs --auth")
	fs.StringVar(&so.authMode, "auth", "none", "`MODE` of sign-in: none (loopback only), oidc, proxy (oauth2-proxy headers) or alb (AWS ALB's x-amzn-oidc-data)")
	fs.StringVar(&so.grantsPath, "grants", "", "JSON `FILE` mapping users and groups to the accounts they may search (default: everyone, every account)")
	fs.StringVar(&so.auditPath, "audit-log", "-", "`FILE` to append the audit log to, as JSON lines (- = stderr)")
	fs.IntVar(&so.maxSearches, "max-searches", 4, "`N` searches at once; more are refused with a note")
	fs.DurationVar(&so.timeout, "search-timeout", time.Minute, "time limit of one search (`DURATION`); the rows found by then are shown, with a note")
	fs.Int64Var(&so.maxRows, "max-rows", 1000, "`N` rows at most per search (page and downloads), with a note")
	fs.StringVar(&so.oidc.IssuerURL, "oidc-issuer", "", "OIDC issuer `URL` (--auth oidc)")
	fs.StringVar(&so.oidc.ClientID, "oidc-client-id", "", "OIDC client `ID`")
	fs.StringVar(&so.oidcSecretFile, "oidc-client-secret-file", "", "`FILE` holding the OIDC client secret (or set FLOWQ_OIDC_CLIENT_SECRET)")
	fs.StringVar(&so.oidc.RedirectURL, "oidc-redirect-url", "", "absolute `URL` of /auth/callback as registered (default: from each request)")
	fs.StringVar(&so.oidc.GroupsClaim, "oidc-groups-claim", "", "`CLAIM` holding the user's groups (default groups)")
	fs.StringVar(&so.sessionKeyFn, "session-key-file", "", "`FILE` with at least 32 bytes signing session cookies (default: random, sessions end on restart)")
	fs.BoolVar(&so.oidc.SecureCookie, "secure-cookie", false, "mark cookies Secure (set it when users reach the page over HTTPS)")
	fs.StringVar(&so.trusted, "trusted-proxy", "", "`ADDRS` (CIDR, comma-separated) of the proxy or ALB allowed to assert identities")
	fs.StringVar(&so.proxy.UserHeader, "proxy-user-header", "", "`HEADER` with the user (default X-Forwarded-User)")
	fs.StringVar(&so.proxy.GroupsHeader, "proxy-groups-header", "", "`HEADER` with the groups (default X-Forwarded-Groups)")
	fs.StringVar(&so.alb.LoadBalancerARN, "alb-arn", "", "`ARN` of the ALB whose tokens are trusted (--auth alb)")
}

const serveUsage = `flowq serve — the help-desk search page

Usage:
  flowq serve [flags] SOURCE...

SOURCE is what the page searches: a directory, a file, or s3://bucket/prefix.
Without --auth the page is open to anyone who can reach it, so it listens only on loopback.

Example:
  flowq serve --tz Asia/Tokyo testdata/sample      # then open http://127.0.0.1:8080/

Flags:
`

// serve runs flowq serve until ctx is done.
func (a *app) serve(ctx context.Context, args []string) int {
	so, fs, err := parseServeArgs(args)
	if err == nil && so.o.help {
		fmt.Fprint(a.stdout, serveUsage+fs.FlagUsages())
		return exitMatch
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq serve: %v\nRun 'flowq serve --help' for the flags.\n", err)
		return exitError
	}
	cfg, closeAll, err := a.serveConfig(ctx, so)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq serve: %v\n", err)
		return exitError
	}
	defer closeAll()
	srv, err := serve.New(cfg)
	if err != nil {
		fmt.Fprintf(a.stderr, "flowq serve: %v\n", err)
		return exitError
	}
	if err := a.listenAndServe(ctx, so.listen, so.authMode, srv); err != nil {
		fmt.Fprintf(a.stderr, "flowq serve: %v\n", err)
		return exitError
	}
	return exitMatch
}

// listenAndServe serves h on addr until ctx is done, then lets running
// requests finish for up to five seconds.
func (a *app) listenAndServe(ctx context.Context, addr, mode string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	fmt.Fprintf(a.stderr, "flowq serve: http://%s/ (auth: %s)\n", ln.Addr(), mode)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(shut)
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveConfig turns the flags into the page's configuration; the
// function it returns closes the audit log and the --enrich databases.
func (a *app) serveConfig(ctx context.Context, so *serveOptions) (serve.Config, func(), error) {
	cfg, closeAudit, err := a.serveConfigNoEnrich(ctx, so)
	if err != nil {
		return cfg, nil, err
	}
	// The same loading, kinds and errors as a search's --enrich.
	if cfg.Enrich, cfg.Schema, err = loadSchema(so.o.enrich, cfg.Zone); err != nil {
		closeAudit()
		return serve.Config{}, nil, err
	}
	return cfg, func() { closeAudit(); cfg.Enrich.Close() }, nil
}

// serveConfigNoEnrich is serveConfig before the --enrich files.
func (a *app) serveConfigNoEnrich(ctx context.Context, so *serveOptions) (serve.Config, func(), error) {
	o := so.o
	if len(so.sources) == 0 {
		return serve.Config{}, nil, errors.New("no SOURCE given: name the directories, files or s3://bucket/prefix to search")
	}
	if slices.Contains(so.sources, "-") {
		return serve.Config{}, nil, errors.New("the page cannot search standard input: name directories, files or s3://bucket/prefix")
	}
	if err := checkScope(o); err != nil {
		return serve.Config{}, nil, err
	}
	tz, err := loadZone(o.tz)
	if err != nil {
		return serve.Config{}, nil, err
	}
	o.sources = so.sources
	scanOpts, err := a.scanOptions(o, tz) // the S3 flags, --format, --workers as a search maps them
	if err != nil {
		return serve.Config{}, nil, err
	}
	cfg := serve.Config{Sources: so.sources, Zone: tz, Accounts: o.accounts, Regions: o.regions,
		Workers: scanOpts.Workers, S3: scanOpts.S3, Format: scanOpts.Format,
		MaxSearches: so.maxSearches, SearchTimeout: so.timeout, MaxRows: so.maxRows, Now: a.now,
		Resolvers: func(f *filter.Filter) []scan.Resolver { return logGroupResolvers(o, f, scanOpts.Format) }}
	if o.lambda != "" {
		if err := checkServeLambda(so); err != nil {
			return serve.Config{}, nil, err
		}
		if cfg.Scan, err = fanscan.PageScan(ctx, lambdaSettings(o), tz); err != nil {
			return serve.Config{}, nil, fmt.Errorf("--lambda: %w", err)
		}
	}
	if so.grantsPath != "" {
		if cfg.Grants, err = auth.LoadGrants(so.grantsPath); err != nil {
			return serve.Config{}, nil, err
		}
	}
	if cfg.Auth, err = so.authenticator(ctx); err != nil {
		return serve.Config{}, nil, err
	}
	closeAudit := func() {}
	cfg.Audit = a.stderr
	if so.auditPath != "-" && so.auditPath != "" {
		f, err := os.OpenFile(so.auditPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return serve.Config{}, nil, fmt.Errorf("--audit-log: %w", err)
		}
		cfg.Audit, closeAudit = f, func() { f.Close() }
	}
	return cfg, closeAudit, nil
}

// checkScope checks --account and --region as a search does.
func checkScope(o *options) error {
	for _, acct := range o.accounts {
		if err := scan.CheckAccount(acct); err != nil {
			return fmt.Errorf("--account %w", err)
		}
	}
	for _, region := range o.regions {
		if err := scan.CheckRegion(region); err != nil {
			return fmt.Errorf("--region %w", err)
		}
	}
	return nil
}
