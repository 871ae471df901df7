package main

import (
	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// cwlogsOptions configure log group sources (cwlogs:NAME, or the group's
// ARN) from the flags: the shared AWS profile, the stream prefix, and a
// filter pattern that narrows what the server sends for the filter.
func cwlogsOptions(o *options, f *filter.Filter, format *flowlog.Format) cwlogs.Options {
	if format == nil {
		format = flowlog.DefaultFormat()
	}
	return cwlogs.Options{Profile: o.profile, StreamPrefix: o.logStreamPrefix, FilterPattern: cwlogs.Pattern(f, format)}
}

// logGroupResolvers name log groups for a search with filter f: the CLI's
// and the page's one way to read them.
func logGroupResolvers(o *options, f *filter.Filter, format *flowlog.Format) []scan.Resolver {
	return []scan.Resolver{cwlogs.Resolver(cwlogsOptions(o, f, format))}
}

// readsLogGroup reports whether any source is a log group.
func readsLogGroup(sources []string) bool {
	for _, s := range sources {
		if cwlogs.IsName(s) {
			return true
		}
	}
	return false
}
