package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/flowq/flowq/scan"
	"github.com/spf13/pflag"

	"github.com/flowq/flowq/output"
)

// options are the parsed command line.
type options struct {
	filter  string
	sources []string

	since, until, tz  string
	accounts, regions []string
	format            string

	output     string      // as given; "" = by terminal
	mode       output.Mode // output, parsed
	fields     []string
	withSource bool
	count      bool
	limit      int64

	enrich   []string // --enrich files
	manifest string

	groupBy []string
	sortBy  string
	top     int

	workers    int
	strict     bool
	unordered  bool
	explain    bool
	stats      bool
	progress   string
	cpuProfile string
	inflate    string
	// checkEveryLine is scan.Options.CheckEveryLine.
	checkEveryLine bool

	profile, endpoint, s3Region string
	logStreamPrefix             string
	pathStyle, noSign           bool

	lambda       string // fan out to this worker function (lambda.go)
	lambdaShards int    // at least this many shards
	lambdaJobs   int    // shards in flight

	help, version bool
}

// flagGroup is a titled set of flags for --help.
type flagGroup struct {
	title string
	set   *pflag.FlagSet
}

func newFlagGroups(o *options) []flagGroup {
	sel := pflag.NewFlagSet("select", pflag.ContinueOnError)
	sel.StringVar(&o.since, "since", "", "records active at or after `TIME` (2026-01-15, '2026-01-15 09:00', RFC 3339, Unix seconds, or 2h/7d ago)")
	sel.StringVar(&o.until, "until", "", "records active before `TIME` (same forms as --since)")
	sel.StringVar(&o.tz, "tz", "UTC", "`ZONE` for times without an offset and for printed times (Asia/Tokyo, Local)")
	sel.StringSliceVar(&o.accounts, "account", nil, "only these AWS `ACCOUNT`s (repeat or comma-separate)")
	sel.StringSliceVar(&o.regions, "region", nil, "only these `REGION`s (repeat or comma-separate)")
	sel.StringVar(&o.format, "format", "", "`FORMAT` of input without a header line, as ${field} ${field} ... (CloudWatch exports, Firehose)")
	sel.Int64Var(&o.limit, "limit", 0, "stop after `N` matching records (with --group-by: print the first N groups)")

	out := pflag.NewFlagSet("output", pflag.ContinueOnError)
	out.StringVarP(&o.output, "output", "o", "", "`MODE`: raw (lines as AWS wrote them), table, json, csv (default: table on a terminal, raw in a pipe)")
	out.StringSliceVar(&o.fields, "fields", nil, "`FIELDS` to show: extra table columns; the columns of csv; the keys of json ('all' = every field)")
	out.BoolVar(&o.withSource, "with-source", false, "show where each record came from (object or file, and line)")
	out.BoolVarP(&o.count, "count", "c", false, "print only the number of matching records")
	out.StringSliceVarP(&o.groupBy, "group-by", "g", nil, "aggregate matches by `FIELDS` (records, packets, bytes, first start, last end per group); day and hour group by start, in --tz; addr and port by either side")
	out.StringArrayVar(&o.enrich, "enrich", nil, "load `FILE` once for more fields: AWS ip-ranges.json, an ENI inventory (aws ec2 describe-network-interfaces) or a .mmdb (country, ASN); repeat for more")
	out.StringVar(&o.sortBy, "sort", "", "sort groups by `KEY`: records, packets, bytes, first, last, or a group field (default records)")
	out.IntVar(&o.top, "top", 0, "show only the first `N` groups")

	run := pflag.NewFlagSet("run", pflag.ContinueOnError)
	run.IntVarP(&o.workers, "workers", "j", 0, "`N` objects read at once (default: CPU count locally, more for S3)")
	run.BoolVar(&o.strict, "strict", false, "stop at the first unreadable object or malformed line")
	run.BoolVar(&o.unordered, "unordered", false, "print matches as found (faster; order varies between runs)")
	run.BoolVar(&o.explain, "explain", false, "show how the filter was understood and what would be read, then stop")
	run.BoolVar(&o.stats, "stats", false, "print a summary (objects, bytes, records, matches, errors, time) on stderr")
	run.StringVar(&o.progress, "progress", "auto", "progress line on stderr: `WHEN` = auto (stderr is a terminal), always or never")
	run.StringVar(&o.inflate, "inflate", "", "gzip `INFLATER`: auto (libdeflate where it loads), go, or libdeflate (default: $FLOWQ_INFLATE, else auto)")
	run.BoolVar(&o.checkEveryLine, "check-every-line", false, "decode the filter's fields on every line, so that a bad value is reported even on a line without the filter's literal (slower)")
	run.StringVar(&o.manifest, "manifest", "", "write an evidence manifest to `FILE` (JSON): every object considered and what became of it, the enrichment files, the query")
	run.StringVar(&o.cpuProfile, "cpuprofile", "", "write a Go CPU profile of the search to `FILE` (for go tool pprof)")

	aws := pflag.NewFlagSet("s3", pflag.ContinueOnError)
	aws.StringVar(&o.profile, "profile", "", "AWS shared config `PROFILE` (default: AWS_PROFILE or default)")
	aws.StringVar(&o.endpoint, "endpoint-url", "", "S3-compatible endpoint `URL` (AWS_ENDPOINT_URL_S3 works too)")
	aws.BoolVar(&o.pathStyle, "path-style", false, "path-style S3 addressing (most S3-compatible stores)")
	aws.BoolVar(&o.noSign, "no-sign-request", false, "send unsigned requests (public buckets)")
	aws.StringVar(&o.s3Region, "s3-region", "", "`REGION` of the bucket (default: found automatically)")
	aws.StringVar(&o.logStreamPrefix, "log-stream-prefix", "", "read only the log streams whose names start with `PREFIX` (CloudWatch Logs)")

	fan := pflag.NewFlagSet("lambda", pflag.ContinueOnError)
	fan.StringVar(&o.lambda, "lambda", "", "fan the scan out to the flowq-lambda worker `FUNCTION` (name or ARN; AWS_ENDPOINT_URL_LAMBDA works)")
	fan.IntVar(&o.lambdaJobs, "lambda-concurrency", 16, "`N` worker invocations at once")
	fan.IntVar(&o.lambdaShards, "lambda-shards", 0, "cut the objects into at least `N` shards (default: by size, 256 MiB each)")

	misc := pflag.NewFlagSet("misc", pflag.ContinueOnError)
	misc.BoolVarP(&o.help, "help", "h", false, "show this help")
	misc.BoolVar(&o.version, "version", false, "show the version")

	return []flagGroup{
		{"Selecting records", sel}, {"Output", out}, {"Running", run}, {"AWS (S3, CloudWatch Logs)", aws}, {"AWS Lambda fan-out", fan}, {"Other", misc},
	}
}

// parseArgs parses the command line. A usage problem comes back as an
// error whose text is meant for the user.
func parseArgs(args []string) (*options, []flagGroup, error) {
	o := &options{}
	groups := newFlagGroups(o)
	fs := pflag.NewFlagSet("flowq", pflag.ContinueOnError)
	fs.SetInterspersed(true)
	fs.SetOutput(io.Discard)
	for _, g := range groups {
		fs.AddFlagSet(g.set)
	}
	if err := fs.Parse(args); err != nil {
		return nil, groups, err
	}
	if o.help || o.version {
		return o, groups, nil
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return nil, groups, fmt.Errorf("missing FILTER (use '' or true to match every record)")
	}
	o.filter, o.sources = rest[0], rest[1:]
	if o.output != "" {
		var err error
		if o.mode, err = output.ParseMode(o.output); err != nil {
			return nil, groups, fmt.Errorf("--output %w", err)
		}
	}
	switch o.progress {
	case "auto", "always", "never":
	default:
		return nil, groups, fmt.Errorf("--progress %q: use auto, always or never", o.progress)
	}
	if o.top < 0 || o.limit < 0 || o.workers < 0 {
		return nil, groups, fmt.Errorf("--top, --limit and --workers take a number of 0 or more")
	}
	for _, acct := range o.accounts {
		if err := scan.CheckAccount(acct); err != nil {
			return nil, groups, fmt.Errorf("--account %w", err)
		}
	}
	for _, region := range o.regions {
		if err := scan.CheckRegion(region); err != nil {
			return nil, groups, fmt.Errorf("--region %w", err)
		}
	}
	return o, groups, nil
}

const usageHead = `flowq — search AWS VPC flow logs where they lie (S3, copied buckets, .log.gz files)

Usage:
  flowq [flags] FILTER [SOURCE...]
  flowq serve [flags] SOURCE...                   (the help-desk search page; flowq serve --help)
  flowq explain-reject [flags] FILTER SOURCE...   (why each REJECT: network ACL, security group, unpaired)
  flowq coverage [flags] SOURCE...                (delivery gaps, SKIPDATA and NODATA in the window)
  flowq trace-nat ADDR [flags] SOURCE...          (an instance's flows through a NAT gateway)

FILTER is a SQL WHERE clause over flow log fields ('' or true matches all).
SOURCE is a file, a directory (walked recursively), - for stdin, s3://bucket/prefix, or a
CloudWatch Logs group: its ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME) or cwlogs:NAME.
With no SOURCE, flowq reads stdin when it is not a terminal.

Examples:
  flowq 'srcaddr = 10.1.2.3 and dstport = 5432 and action = REJECT' s3://logs/AWSLogs/ --since 2026-01-15 --tz Asia/Tokyo
  flowq "action = 'REJECT' AND protocol = 6" ./copied-bucket/ -o table
  flowq -c 'addr in 10.0.0.0/8 and port = 22' flows.log.gz
  flowq -g dstaddr --sort packets --top 10 'dstport = 443' s3://logs/AWSLogs/ --since 7d
  flowq 'srcaddr in @blocklist.txt' ./copied-bucket/ -o json --with-source
  flowq 'action = REJECT' cwlogs:/aws/vpc/flowlogs --since 1h --fields log_stream,event_id
  zcat export.gz | flowq --format '${srcaddr} ${dstaddr} ${dstport} ${action}' 'dstport = 22'
`

const usageTail = `
Exit status: 0 records matched, 1 none matched, 2 an error (including objects or lines that could
not be read: the partial result is still printed), 130 interrupted.
`

func printUsage(w io.Writer, groups []flagGroup) {
	fmt.Fprint(w, usageHead)
	for _, g := range groups {
		fmt.Fprintf(w, "\n%s:\n%s", g.title, g.set.FlagUsages())
	}
	fmt.Fprint(w, usageTail)
}

// version is set by the linker (-ldflags "-X main.version=..."); otherwise
// the module version from the build information is used.
var version = ""

func versionString() string {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return "flowq " + strings.TrimSpace(v)
}
