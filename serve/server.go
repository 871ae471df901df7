package serve

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/flowq/flowq/serve/auth"
)

//go:embed web
var webFS embed.FS

// Server is the help-desk page. It is safe for concurrent use.
type Server struct {
	cfg     Config
	tmpl    *template.Template
	sem     chan struct{} // one token per running search
	audit   *auditLog
	enrich  enrichment // the Schema's enrichment fields, read only
	handler http.Handler
	// remote says Config.Scan was given: scans run elsewhere, which do not
	// report the objects they read, so coverage is not measured.
	remote bool
}

// New returns the page for cfg.
func New(cfg Config) (*Server, error) {
	remote := cfg.Scan != nil
	cfg = cfg.withDefaults()
	if len(cfg.Sources)+len(cfg.Locations) == 0 {
		return nil, errors.New("serve: no sources")
	}
	tmpl, err := template.New("").Funcs(templateFuncs).ParseFS(webFS, "web/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, tmpl: tmpl, sem: make(chan struct{}, cfg.MaxSearches), audit: newAuditLog(cfg.Audit),
		enrich: newEnrichment(cfg.Schema, cfg.Enrich), remote: remote}
	s.handler = s.routes()
	return s, nil
}

// routes puts every route of the page behind the authenticator, and the
// whole under cross-origin protection and the security headers.
func (s *Server) routes() http.Handler {
	static, _ := fs.Sub(webFS, "web/static")
	page := http.NewServeMux()
	page.HandleFunc("GET /{$}", s.searchPage)
	page.HandleFunc("GET /search", s.searchPage)
	page.HandleFunc("GET /events", s.events)
	page.HandleFunc("GET /record", s.record)
	page.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	outer := http.NewServeMux()
	s.cfg.Auth.Mount(outer)
	outer.Handle("/", s.cfg.Auth.Wrap(page))
	return secure(http.NewCrossOriginProtection().Handler(outer))
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// contentSecurityPolicy allows only the page's own script, style and
// images, no framing, and forms to this origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// secure sets the security headers on every response: search URLs hold
// addresses (no referrer), answers must not be cached, and nothing from a
// log may run as script.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// identity is who is asking, and the accounts they may search (nil: all);
// ok is false when they may search none at all.
func (s *Server) identity(r *http.Request) (auth.Identity, []string, bool) {
	id, _ := auth.IdentityFrom(r.Context())
	if s.cfg.Grants == nil {
		return id, nil, true
	}
	all, accounts := s.cfg.Grants.Accounts(id)
	if all {
		return id, nil, true
	}
	return id, accounts, len(accounts) > 0
}

// acquire takes a search slot, or reports that none is free.
func (s *Server) acquire() (release func(), ok bool) {
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, true
	default:
		return nil, false
	}
}
