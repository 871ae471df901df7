package cwlogs

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/flowq/flowq/scan"
)

// Source is one log group, as a scan.Source whose objects are its log
// streams (keys are stream names). Safe for concurrent use.
type Source struct {
	group   Group
	region  string // the group's
	opts    Options
	client  *cloudwatchlogs.Client
	filters *limiter // FilterLogEvents
	lists   *limiter // DescribeLogStreams
	count   *counter
}

// New makes the Source of a log group; it sends no request.
func New(ctx context.Context, g Group, opts Options) (*Source, error) {
	region := g.Region
	if region == "" {
		region = opts.Region
	}
	count := &counter{}
	c, err := newClient(ctx, opts, region, count)
	if err != nil {
		return nil, err
	}
	return &Source{group: g, region: c.Options().Region, opts: opts, client: c, count: count,
		filters: newLimiter(opts.RequestsPerSecond), lists: newLimiter(opts.RequestsPerSecond)}, nil
}

// Location returns the whole group as a place for scan.Options.Locations.
func (s *Source) Location() scan.Location { return scan.Location{Source: s} }

// Name returns how people see a stream (its ARN, or cwlogs:GROUP:STREAM)
// or a slice (the group, "@", and its span).
func (s *Source) Name(key string) string {
	if sl, ok := parseSlice(key); ok {
		return sl.name(s.groupName())
	}
	return s.group.streamName(key)
}

// Partition gives every stream the group's region (from its ARN, or the
// configured one), as a partition value: records of formats without a
// region field then have the group's. The account is not given: a group
// can receive another account's flow logs.
func (s *Source) Partition(string) (account, region string) { return "", s.region }

// Remote says reads cross a network: scan runs more workers and retries a
// stream whose read fails from its start.
func (s *Source) Remote() bool { return true }

// List returns the group's streams (with the stream prefix), in name
// order, as objects of unknown size; prefix narrows them further. None if
// the scope's regions leave out the group's. Streams are not pruned by
// time: their first and last event times are updated only eventually.
func (s *Source) List(ctx context.Context, prefix string, scope scan.Scope) (scan.Listing, error) {
	var l scan.Listing
	if len(scope.Regions) > 0 && !slices.Contains(scope.Regions, s.region) {
		return l, nil // the scan wants other regions
	}
	in := &cloudwatchlogs.DescribeLogStreamsInput{}
	s.setGroup(&in.LogGroupName, &in.LogGroupIdentifier)
	if p := s.opts.StreamPrefix + prefix; p != "" {
		in.LogStreamNamePrefix = aws.String(p)
	}
	if cuts, ok := slicesOf(scope, time.Now()); ok && !s.opts.ByStream {
		return s.listSlices(ctx, in, cuts)
	}
	pages := cloudwatchlogs.NewDescribeLogStreamsPaginator(s.client, in)
	for pages.HasMorePages() {
		if err := s.lists.wait(ctx); err != nil {
			return l, err
		}
		out, err := pages.NextPage(ctx)
		if err != nil {
			return l, fmt.Errorf("%s: DescribeLogStreams: %w", s.groupName(), err)
		}
		for _, ls := range out.LogStreams {
			l.Objects = append(l.Objects, scan.Object{Key: aws.ToString(ls.LogStreamName), Size: -1})
		}
	}
	return l, nil
}

// listSlices checks with one DescribeLogStreams request that the group
// exists and has streams (with the prefix), and returns the slices.
func (s *Source) listSlices(ctx context.Context, in *cloudwatchlogs.DescribeLogStreamsInput, cuts []slice) (scan.Listing, error) {
	var l scan.Listing
	if err := s.lists.wait(ctx); err != nil {
		return l, err
	}
	in.Limit = aws.Int32(1)
	out, err := s.client.DescribeLogStreams(ctx, in)
	if err != nil {
		return l, fmt.Errorf("%s: DescribeLogStreams: %w", s.groupName(), err)
	}
	if len(out.LogStreams) == 0 {
		return l, nil
	}
	for _, sl := range cuts {
		l.Objects = append(l.Objects, scan.Object{Key: sl.key(), Size: -1})
	}
	return l, nil
}

// Open reads one stream's events, or one slice's of every stream, in the
// scope's time window.
func (s *Source) Open(ctx context.Context, obj scan.Object, scope scan.Scope) (io.ReadCloser, error) {
	in := &cloudwatchlogs.FilterLogEventsInput{}
	s.setGroup(&in.LogGroupName, &in.LogGroupIdentifier)
	lo, hi, hasLo, hasHi := scope.Window.StartBounds()
	if hasLo {
		in.StartTime = aws.Int64(max(lo, 0) * 1000)
	}
	if hasHi {
		in.EndTime = aws.Int64(hi*1000 + 999)
	}
	if sl, ok := parseSlice(obj.Key); ok {
		in.StartTime, in.EndTime = aws.Int64(sl.from), aws.Int64(sl.to)
		if sl.open {
			in.EndTime = nil
		}
		if s.opts.StreamPrefix != "" {
			in.LogStreamNamePrefix = aws.String(s.opts.StreamPrefix)
		}
	} else {
		in.LogStreamNames = []string{obj.Key}
	}
	if s.opts.FilterPattern != "" {
		in.FilterPattern = aws.String(s.opts.FilterPattern)
	}
	if s.opts.PageLimit > 0 {
		in.Limit = aws.Int32(s.opts.PageLimit)
	}
	return newStreamReader(ctx, s, obj.Key, in), nil
}

// setGroup names the group in a request: by ARN when given, else by name.
func (s *Source) setGroup(name, ident **string) {
	if s.group.ARN != "" {
		*ident = aws.String(s.group.ARN)
		return
	}
	*name = aws.String(s.group.Name)
}

func (s *Source) groupName() string {
	if s.group.ARN != "" {
		return s.group.ARN
	}
	return Prefix + s.group.Name
}
