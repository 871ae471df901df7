package cwlogs_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/cwltest"
	"github.com/flowq/flowq/internal/gen"
	"github.com/flowq/flowq/internal/s3test"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/require"
)

const groupName = "/aws/vpc/flowlogs"

// fixture is one set of generated records, twice: as a copied bucket of
// gzip objects on disk, and as a log group on the fake server (one stream
// per interface, each event's timestamp its record's start).
type fixture struct {
	dir    string
	server *cwltest.Server
	events int
}

var fixtureStart = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, d time.Duration, perObject int) *fixture {
	t.Helper()
	s3test.IsolateEnv(t)
	cfg := gen.Config{Seed: 7, Start: fixtureStart, Duration: d, RecordsPerObject: perObject, Interfaces: 12,
		NoDataFraction: 0.02, IPv6Fraction: 0.1}
	g, err := gen.New(cfg)
	require.NoError(t, err)
	f := &fixture{dir: t.TempDir(), server: cwltest.New()}
	t.Cleanup(f.server.Close)
	_, err = g.WriteTree(context.Background(), f.dir)
	require.NoError(t, err)
	for _, o := range g.Objects() {
		text, _ := g.AppendObject(nil, o)
		f.putLines(t, strings.Split(strings.TrimSpace(string(text)), "\n")[1:])
	}
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", f.server.URL)
	return f
}

// putLines stores default-format lines as events of their interface's stream.
func (f *fixture) putLines(t testing.TB, lines []string) {
	byStream := map[string][]cwltest.Event{}
	for _, line := range lines {
		tok := strings.Fields(line)
		require.Len(t, tok, 14, line)
		start, err := strconv.ParseInt(tok[10], 10, 64)
		require.NoError(t, err, line)
		stream := tok[2] + "-all"
		byStream[stream] = append(byStream[stream], cwltest.Event{Time: start * 1000, Message: line})
		f.events++
	}
	for s, evs := range byStream {
		f.server.Put(groupName, s, evs...)
	}
}

// query is one search, run the same way on either source.
type query struct {
	name         string
	filter       string
	since, until time.Time
}

// result is what a search found: the matched lines in order, and counts.
type result struct {
	lines []string
	stats scan.Stats
}

func (r result) sorted() []string { return slices.Sorted(slices.Values(r.lines)) }

// run searches sources (and locations) with q; opts may set more.
func run(t testing.TB, q query, opts scan.Options) result {
	t.Helper()
	schema, err := flowlog.NewSchema(flowlog.EventFields()...)
	require.NoError(t, err)
	flt, err := filter.Compile(q.filter, filter.Options{Schema: schema})
	require.NoError(t, err)
	opts.Filter, opts.Since, opts.Until, opts.Schema = flt, q.since, q.until, schema
	var res result
	res.stats, err = scan.Run(t.Context(), opts, func(m scan.Match) error {
		res.lines = append(res.lines, string(m.Record.AppendTo(nil, flowlog.DefaultFormat())))
		return nil
	})
	require.NoError(t, err)
	return res
}

// group returns scan options reading the fixture's log group.
func group(o cwlogs.Options) scan.Options {
	if o.RequestsPerSecond == 0 {
		o.RequestsPerSecond = 10_000
	}
	return scan.Options{Sources: []string{"cwlogs:" + groupName}, Resolvers: []scan.Resolver{cwlogs.Resolver(o)}}
}
