package main

import (
	"github.com/flowq/flowq/cwlogs"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
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

// readsLogGroup reports whether any source is a log group.
func readsLogGroup(sources []string) bool {
	for _, s := range sources {
		if cwlogs.IsName(s) {
			return true
		}
	}
	return false
}
