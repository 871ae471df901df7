package serve

import (
	"context"
	"io"
	"time"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/flowq/flowq/serve/auth"
)

// Config describes a Server. Sources, Locations, Format, S3 and Workers
// mean what they mean in scan.Options.
type Config struct {
	Sources   []string
	Locations []scan.Location
	Format    *flowlog.Format
	S3        scan.S3Options
	Workers   int

	// Schema is the derived fields searches know (flowq's --enrich
	// fields, loaded by the caller), in the advanced box, the details
	// view and the scans; nil: AWS's fields only. Enrich describes the
	// files the enrichment fields come from (their names, kinds and
	// dates), for the details view and the date warning; nil with a
	// schema: the fields are shown without their files. Both are read
	// only, and the caller closes Enrich after the Server's last request.
	Schema *flowlog.Schema
	Enrich *enrich.Set
	// Resolvers, if not nil, name the sources scan does not know itself
	// (CloudWatch Logs log groups: cwlogs.Resolver) for each search, given
	// its filter, so that a server that can narrow what it sends by the
	// filter does. It is called once per search, concurrently.
	Resolvers func(*filter.Filter) []scan.Resolver

	// Scan, if not nil, runs each search's scan in place of scan.Run: a
	// fan-out to workers, say (cmd/flowq's --lambda). query is the text of
	// the search's filter ("true" for a record's re-read), and opts what
	// scan.Run would be given; opts.Filter is that filter with the page's
	// own checks (the grant, the record sought), so Scan must hand emit
	// only the matches opts.Filter accepts. Scan calls emit and
	// opts.Progress as scan.Run does, and is called concurrently. The
	// window's coverage is not measured through Scan.
	Scan func(ctx context.Context, query string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error)

	// Zone is the default zone of the form (nil: UTC).
	Zone *time.Location
	// Accounts and Regions, if not empty, are all the page may search.
	Accounts, Regions []string

	// MaxSearches bounds the searches running at once (default 4); one
	// more is refused with a note.
	MaxSearches int
	// SearchTimeout bounds one search (default 60 s); the rows found by
	// then are shown, with a note.
	SearchTimeout time.Duration
	// MaxRows bounds the rows of one search (default 1000), on the page
	// and in downloads, with a note.
	MaxRows int64

	// Auth guards every route; nil means auth.Open() (everyone is let
	// in), which only a loopback listener may use.
	Auth auth.Authenticator
	// Grants say which accounts each identity may search; nil lets
	// everyone search every account. The page offers only the granted
	// accounts and enforces the grant on every query and record.
	Grants *auth.Grants
	// Audit receives one JSON line per search; nil discards them.
	Audit io.Writer

	// Now is the clock for ages such as 2h (nil: time.Now).
	Now func() time.Time
	// ProgressInterval is how often the progress stream reports
	// (default 250 ms).
	ProgressInterval time.Duration
}

func (c Config) withDefaults() Config {
	if c.MaxSearches <= 0 {
		c.MaxSearches = 4
	}
	if c.SearchTimeout <= 0 {
		c.SearchTimeout = time.Minute
	}
	if c.MaxRows <= 0 {
		c.MaxRows = 1000
	}
	if c.Auth == nil {
		c.Auth = auth.Open()
	}
	if c.Audit == nil {
		c.Audit = io.Discard
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Zone == nil {
		c.Zone = time.UTC
	}
	if c.Scan == nil {
		c.Scan = func(ctx context.Context, _ string, opts scan.Options, emit func(scan.Match) error) (scan.Stats, error) {
			return scan.Run(ctx, opts, emit)
		}
	}
	if c.ProgressInterval <= 0 {
		c.ProgressInterval = 250 * time.Millisecond
	}
	return c
}
