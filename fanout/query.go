package fanout

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// Mode is what a worker returns.
type Mode string

const (
	Records Mode = "records" // the matching records
	Count   Mode = "count"   // only Stats.Matched
	Groups  Mode = "groups"  // a partial aggregation
)

// Query is a search as it travels to the workers: the same text the
// command line was given, so that each worker compiles the same filter.
type Query struct {
	Filter string `json:"filter"`
	// Lists are the files the filter names (IN @name), as the coordinator
	// read them: workers read no file of the coordinator's.
	Lists map[string][]byte `json:"lists,omitempty"`
	// Zone is the IANA name of the zone for times without an offset and
	// for -g day/hour ("" is UTC). Not "Local": workers have another.
	Zone   string    `json:"zone,omitempty"`
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	Format string    `json:"format,omitempty"` // for headerless input
	// Fields are decoded for matches (names), and Project reads only
	// those of Parquet objects, as scan.Options says.
	Fields  []string `json:"fields,omitempty"`
	Project bool     `json:"project,omitempty"`
	Mode    Mode     `json:"mode"`
	GroupBy []string `json:"group_by,omitempty"`
	Limit   int64    `json:"limit,omitempty"`
	Inflate string   `json:"inflate,omitempty"`
	// CheckEveryLine is scan.Options.CheckEveryLine.
	CheckEveryLine bool `json:"check_every_line,omitempty"`
	S3             S3   `json:"s3,omitzero"`
}

// S3 are the S3 settings a worker takes from the coordinator; the
// endpoint and credentials are the worker's own (its environment, its
// role).
type S3 struct {
	Region        string `json:"region,omitempty"`
	PathStyle     bool   `json:"path_style,omitempty"`
	NoSignRequest bool   `json:"no_sign_request,omitempty"`
}

// FieldNames names the fields of fs for Query.Fields.
func FieldNames(schema *flowlog.Schema, fs flowlog.FieldSet) []string {
	var names []string
	for _, f := range fs.Fields() {
		names = append(names, schema.Name(f))
	}
	return names
}

// zone resolves Query.Zone.
func (q *Query) zone() (*time.Location, error) {
	switch q.Zone {
	case "", "UTC":
		return time.UTC, nil
	case "Local":
		return nil, errors.New("fanout: the zone Local differs between machines: name a zone")
	}
	return time.LoadLocation(q.Zone)
}

// ListReader returns a filter.Options.ReadList that reads files as
// os.ReadFile does and keeps what it read in q.Lists, for the workers.
func (q *Query) ListReader() func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		b, err := os.ReadFile(name)
		if err == nil {
			if q.Lists == nil {
				q.Lists = map[string][]byte{}
			}
			q.Lists[name] = b
		}
		return b, err
	}
}

// compiled is a Query made ready to scan: scan options without sources,
// and the aggregation that Groups fills.
type compiled struct {
	opts scan.Options
	agg  *output.Aggregation
	keys []output.Key
}

// newAggregation returns an empty aggregation like c.agg, for a partial.
func (c *compiled) newAggregation() *output.Aggregation {
	return output.NewAggregationOf(c.opts.Schema, c.keys...)
}

// compile builds what a worker scans with, exactly as cmd/flowq builds it
// for a local scan of the same flags.
func (q *Query) compile() (*compiled, error) {
	tz, err := q.zone()
	if err != nil {
		return nil, err
	}
	f, err := filter.Compile(q.Filter, filter.Options{Location: tz, ReadList: q.readList})
	if err != nil {
		return nil, fmt.Errorf("invalid filter: %w", err)
	}
	c := &compiled{opts: scan.Options{Filter: f, Since: q.Since, Until: q.Until, Limit: q.Limit,
		Project: q.Project, Inflate: q.Inflate, CheckEveryLine: q.CheckEveryLine,
		S3: scan.S3Options{Region: q.S3.Region, PathStyle: q.S3.PathStyle, NoSignRequest: q.S3.NoSignRequest}}}
	if q.Format != "" {
		if c.opts.Format, err = flowlog.ParseFormat(q.Format); err != nil {
			return nil, fmt.Errorf("format: %w", err)
		}
	}
	if q.Mode == Groups {
		return c, c.groups(q, tz)
	}
	for _, name := range q.Fields {
		fld, ok := flowlog.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("fields: unknown field %q", name)
		}
		c.opts.Fields.Add(fld)
	}
	return c, nil
}

// groups sets up the aggregation as cmd/flowq's -g does: the time fields
// of the zone, the keys, and only the fields they read.
func (c *compiled) groups(q *Query, tz *time.Location) error {
	schema, err := NewGroupSchema(tz)
	if err != nil {
		return err
	}
	keys, err := output.KeysOf(schema, q.GroupBy...)
	if err != nil {
		return fmt.Errorf("group by: %w", err)
	}
	c.agg, c.keys = output.NewAggregationOf(schema, keys...), keys
	c.opts.Schema, c.opts.Fields, c.opts.Project, c.opts.Limit = schema, c.agg.Fields(), true, 0
	return nil
}

// NewGroupSchema is the schema group-by keys resolve in: the time fields
// day and hour in zone tz. Coordinator and workers must use the same.
func NewGroupSchema(tz *time.Location) (*flowlog.Schema, error) {
	return flowlog.NewSchema(output.TimeFields(tz)...)
}

func (q *Query) readList(name string) ([]byte, error) {
	b, ok := q.Lists[name]
	if !ok {
		return nil, fmt.Errorf("list %q was not sent with the query", name)
	}
	return b, nil
}
