package serve

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/scan"
)

// searchParams are the URL parameters that make up a search; together
// they are the whole search, so a link shares it.
var searchParams = []string{"src", "dst", "port", "protocol", "action", "account", "region",
	"since", "until", "tz", "q", "sort"}

// search is one parsed and checked request: the form as given, a message
// per field in error, and what to run.
type search struct {
	form   url.Values        // the search parameters as given (and lang)
	errs   map[string]string // field → message, in the page's language
	query  string            // the composed filter
	filter *filter.Filter
	tz     *time.Location
	since  time.Time
	until  time.Time
	// accounts and regions are the scan's scope: the user's choice, or
	// what the server and the user's grant allow.
	accounts, regions []string
	// enforce says accounts is a grant or the server's scope, checked on
	// every record (by the account of its folder), not only a pruning.
	enforce bool
	denied  bool   // an account outside the grant was asked for
	sort    string // "", "time" or "-time"
}

// ok reports whether the search may run.
func (s *search) ok() bool { return len(s.errs) == 0 }

// empty reports whether no search parameter was given (the bare form).
func (s *search) empty() bool {
	for _, p := range searchParams {
		if s.form.Get(p) != "" {
			return false
		}
	}
	return true
}

// parseSearch reads the search parameters of r and checks them, with
// messages in lang. granted is the accounts the user may search (nil:
// all).
func (srv *Server) parseSearch(r *http.Request, l lang, granted []string) *search {
	q := r.URL.Query()
	s := &search{form: url.Values{}, errs: map[string]string{}}
	for _, p := range append(searchParams, "lang") {
		if v := strings.TrimSpace(q.Get(p)); v != "" {
			s.form.Set(p, v)
		}
	}
	s.parseZone(srv.cfg.Zone, l)
	now := srv.cfg.Now()
	s.since = s.parseTime("since", now, l)
	s.until = s.parseTime("until", now, l)
	if !s.since.IsZero() && !s.until.IsZero() && !s.since.Before(s.until) {
		s.errs["until"] = l.T("err.until")
	}
	s.compose(l, srv.cfg.Schema)
	s.scope(srv.cfg, granted, l)
	switch v := s.form.Get("sort"); v {
	case "", "time", "-time":
		s.sort = v
	default:
		s.errs["sort"] = l.T("err.sort")
	}
	return s
}

func (s *search) parseZone(def *time.Location, l lang) {
	s.tz = def
	name := s.form.Get("tz")
	if name == "" {
		return
	}
	if strings.EqualFold(name, "utc") {
		s.tz = time.UTC
		return
	}
	tz, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		s.errs["tz"] = l.T("err.tz")
		return
	}
	s.tz = tz
}

func (s *search) parseTime(field string, now time.Time, l lang) time.Time {
	v := s.form.Get(field)
	if v == "" {
		return time.Time{}
	}
	t, err := filter.ParseTime(v, s.tz, now)
	if err != nil {
		s.errs[field] = l.T("err.time")
		return time.Time{}
	}
	return t
}

// scope checks the account and region asked for against what the server
// and the user's grant allow, and sets the scan's scope.
func (s *search) scope(cfg Config, granted []string, l lang) {
	s.accounts = allowedAccounts(cfg.Accounts, granted)
	s.enforce = s.accounts != nil
	if s.enforce && len(s.accounts) == 0 {
		s.errs["account"] = l.T("err.account.none")
		s.denied = true
		return
	}
	if a := s.form.Get("account"); a != "" {
		switch {
		case scan.CheckAccount(a) != nil:
			s.errs["account"] = l.T("err.account")
		case s.accounts != nil && !slices.Contains(s.accounts, a):
			s.errs["account"] = l.T("err.account.denied")
			s.denied = true
		default:
			s.accounts = []string{a}
		}
	}
	s.regions = cfg.Regions
	if rg := s.form.Get("region"); rg != "" {
		switch {
		case scan.CheckRegion(rg) != nil:
			s.errs["region"] = l.T("err.region")
		case len(cfg.Regions) > 0 && !slices.Contains(cfg.Regions, rg):
			s.errs["region"] = l.T("err.region.denied")
		default:
			s.regions = []string{rg}
		}
	}
}

// allowedAccounts intersects the server's accounts with a grant; nil
// means every account.
func allowedAccounts(server, granted []string) []string {
	switch {
	case granted == nil:
		return server
	case len(server) == 0:
		return granted
	}
	out := []string{}
	for _, a := range granted {
		if slices.Contains(server, a) {
			out = append(out, a)
		}
	}
	return out
}

// command is the flowq command line that runs the same search, for users
// to learn from and to run themselves.
func (s *search) command() string {
	b := []string{"flowq", shellQuote(s.query), "SOURCE…"}
	for _, p := range []struct{ flag, v string }{{"--since", s.form.Get("since")}, {"--until", s.form.Get("until")},
		{"--tz", s.tz.String()}, {"--account", strings.Join(s.accounts, ",")}, {"--region", strings.Join(s.regions, ",")}} {
		if p.v != "" && !(p.flag == "--tz" && p.v == "UTC") {
			b = append(b, p.flag, shellQuote(p.v))
		}
	}
	return strings.Join(b, " ")
}

// coverageCommand is the flowq coverage command line of the search's
// window and scope, which lists every gap and SKIPDATA stretch.
func (s *search) coverageCommand() string {
	return strings.Replace(s.command(), "flowq "+shellQuote(s.query)+" ", "flowq coverage ", 1)
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " '\"$*()<>|&;`\\!?[]{}~#") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// link returns path with the search's parameters, with the given ones
// replaced (an empty value removes a parameter).
func (s *search) link(path string, set ...string) string {
	v := url.Values{}
	for k, vs := range s.form {
		v[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// scanOptions are the scan of the search, before the caller sets what is
// printed.
func (srv *Server) scanOptions(s *search) scan.Options {
	c := srv.cfg
	opts := scan.Options{Sources: c.Sources, Locations: c.Locations, Format: c.Format, S3: c.S3, Workers: c.Workers,
		Filter: s.matcher(), Since: s.since, Until: s.until, Schema: c.Schema,
		Accounts: s.accounts, Regions: s.regions}
	if c.Resolvers != nil {
		opts.Resolvers = c.Resolvers(s.filter)
	}
	return opts
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
