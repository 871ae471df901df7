package cwlogs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProvenance: every record from a log group names its group, stream
// and event ID, and its event time is its start; the stream name can be
// filtered on; a record's source is the stream and its line the event's
// place in the stream.
func TestProvenance(t *testing.T) {
	f := newFixture(t, 10*time.Minute, 100)
	eni := f.busiestStream(t)
	schema, err := flowlog.NewSchema(flowlog.EventFields()...)
	require.NoError(t, err)
	flt, err := filter.Compile("log_stream = '"+eni+"-all'", filter.Options{Schema: schema})
	require.NoError(t, err)
	fields := map[string]flowlog.Field{}
	var want flowlog.FieldSet
	for _, name := range []string{"event_time", "log_group", "log_stream", "event_id"} {
		fields[name], _ = schema.Lookup(name)
		want.Add(fields[name])
	}
	opts := group(cwlogs.Options{})
	opts.Filter, opts.Schema, opts.Fields = flt, schema, want
	ids := map[string]bool{}
	var n int64
	_, err = scan.Run(t.Context(), opts, func(m scan.Match) error {
		n++
		r := m.Record
		assert.Equal(t, groupName, string(r.Text(fields["log_group"])))
		assert.Equal(t, eni+"-all", string(r.Text(fields["log_stream"])))
		assert.Equal(t, eni, string(r.Text(flowlog.InterfaceID)))
		id := string(r.Text(fields["event_id"]))
		assert.Len(t, id, 56)
		assert.False(t, ids[id], "event IDs are unique")
		ids[id] = true
		start, ok := r.Time(flowlog.Start)
		require.True(t, ok)
		assert.Equal(t, start.UTC().Format("2006-01-02T15:04:05.000Z"), string(r.Text(fields["event_time"])))
		assert.Equal(t, "cwlogs:"+groupName+":"+eni+"-all", m.Source)
		assert.Equal(t, n, m.Line)
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n)
}

// TestARN: a group named by its ARN (with ":*" as the console shows it)
// is read by logGroupIdentifier, and sources are the streams' ARNs.
func TestARN(t *testing.T) {
	f := newFixture(t, 10*time.Minute, 50)
	want := run(t, query{}, scan.Options{Sources: []string{f.dir}})
	arn := "arn:aws:logs:us-east-1:123456789012:log-group:" + groupName
	opts := group(cwlogs.Options{})
	opts.Sources = []string{arn + ":*"}
	var sources []string
	got := run(t, query{}, opts)
	assert.Equal(t, want.sorted(), got.sorted())
	_, err := scan.Run(t.Context(), opts, func(m scan.Match) error {
		sources = append(sources, m.Source)
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, sources)
	assert.True(t, strings.HasPrefix(sources[0], arn+":log-stream:eni-"), sources[0])
}

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		want cwlogs.Group
		err  string
	}{
		{in: "cwlogs:/aws/vpc/flowlogs", want: cwlogs.Group{Name: "/aws/vpc/flowlogs"}},
		{in: "arn:aws:logs:eu-west-1:111122223333:log-group:my-logs:*",
			want: cwlogs.Group{Name: "my-logs", Region: "eu-west-1", Account: "111122223333",
				ARN: "arn:aws:logs:eu-west-1:111122223333:log-group:my-logs"}},
		{in: "arn:aws:logs:eu-west-1:111122223333:log-group:my-logs",
			want: cwlogs.Group{Name: "my-logs", Region: "eu-west-1", Account: "111122223333",
				ARN: "arn:aws:logs:eu-west-1:111122223333:log-group:my-logs"}},
		{in: "cwlogs:", err: "1 to 512"},
		{in: "cwlogs:bad:name", err: "not allowed"},
		{in: "arn:aws:logs:eu-west-1:111122223333:destination:x", err: "not a log group ARN"},
		{in: "arn:aws:logs::111122223333:log-group:x", err: "no region"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.True(t, cwlogs.IsName(tt.in))
			g, err := cwlogs.ParseName(tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, g)
		})
	}
	for _, s := range []string{"s3://b/k", "/tmp/x", "-", "arn:aws:s3:::bucket"} {
		assert.False(t, cwlogs.IsName(s), s)
	}
}

// TestRegion: records of a default-format group (no region field) have
// the group's region, so --region and a filter on region select them,
// and a scan of other regions sends no request.
func TestRegion(t *testing.T) {
	f := newFixture(t, 10*time.Minute, 50)
	want := run(t, query{}, scan.Options{Sources: []string{f.dir}})
	for _, tt := range []struct {
		name    string
		filter  string
		regions []string
		all     bool
	}{
		{"filter on region", "region = 'us-east-1'", nil, true},
		{"--region", "", []string{"us-east-1"}, true},
		{"another region", "", []string{"eu-west-1"}, false},
		{"filter on another region", "region = 'eu-west-1'", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := group(cwlogs.Options{})
			opts.Regions = tt.regions
			before := f.server.Requests("DescribeLogStreams")
			got := run(t, query{filter: tt.filter}, opts)
			if tt.all {
				assert.Equal(t, want.sorted(), got.sorted())
				return
			}
			assert.Empty(t, got.lines)
			if tt.regions != nil {
				assert.Equal(t, before, f.server.Requests("DescribeLogStreams"), "nothing asked")
			}
		})
	}
}
