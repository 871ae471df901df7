package scan

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Matcher is what scan needs of a filter; *filter.Filter satisfies it. A
// nil Matcher matches every record. Match is called concurrently from
// several workers, so it must be safe for concurrent use.
type Matcher interface {
	Match(*flowlog.Record) bool
	Fields() flowlog.FieldSet
}

// Ranger is implemented by Matchers that know bounds every matching
// record's value satisfies (lo <= value <= hi; start and end in Unix
// seconds). Scan uses Range(flowlog.Start) and Range(flowlog.End) to prune
// folders and objects by time.
type Ranger interface {
	Range(flowlog.Field) (lo, hi int64, ok bool)
}

// Literaler is implemented by Matchers that know bytes the line of every
// matching record holds (*filter.Filter does: `action = REJECT` needs
// REJECT). Each text object's Reader then passes over the plain lines that
// lack them without splitting them (flowlog.Literal): they count as
// records, but the fields the filter reads are not decoded, so a bad value
// there is not reported. Options.CheckEveryLine decodes them too.
type Literaler interface {
	Literal() (flowlog.Literal, bool)
}

// Valuer is implemented by Matchers that know the set of values a text
// field takes in every matching record (*filter.Filter does). Scan uses
// Values(flowlog.Region) to prune the folders and objects of other
// regions: a record's region is that of its flow log, and so of its
// folder. (Account folders are not pruned this way: a record's account-id
// is the owner of its interface, which can differ from the folder's.)
type Valuer interface {
	Values(flowlog.Field) ([]string, bool)
}

const (
	startField = flowlog.Start
	endField   = flowlog.End
)

// Options describe one scan. The zero value (plus Sources) scans everything
// in order with a sensible number of workers.
type Options struct {
	// Sources are local paths (a file or a directory walked recursively),
	// "-" for Stdin, or "s3://bucket/prefix" (a key prefix, like aws s3 ls).
	Sources []string
	// Locations are sources given as values — a caller's own Source with a
	// prefix — read after Sources.
	Locations []Location
	// Resolvers turn Sources strings that scan does not know (a CloudWatch
	// Logs group: cwlogs.Resolver) into Locations; tried first, in order.
	Resolvers []Resolver
	// Planned are objects a Plan selected, read as they are without
	// listing (a fan-out worker reads its shard this way), after Locations.
	// They are not counted as listed: the plan counted them.
	Planned []Planned
	// Filter selects records; nil matches all.
	Filter Matcher
	// Since and Until select records whose [start, end] overlaps
	// [Since, Until); zero means unbounded. They prune folders and objects
	// and are checked exactly on every record. Records without start or end
	// are kept when their object is read.
	Since, Until time.Time
	// Accounts and Regions, if not empty, prune the folders and objects of
	// other accounts and regions (by the layout and the file names; objects
	// with other names are read). A filter on region prunes the same way.
	Accounts, Regions []string
	// Format is used for headerless input (CloudWatch Logs exports,
	// Firehose); nil means the VPC default format.
	Format *flowlog.Format
	// Fields are decoded for matches, in addition to what Filter reads.
	Fields flowlog.FieldSet
	// Schema computes the derived fields that Filter and Fields name
	// (enrichment, or a program's own), in the workers: each record gets
	// them before it is filtered, and matches carry them. Nil: none.
	Schema *flowlog.Schema
	// Project says matches need only the Filter's fields and Fields: Parquet
	// objects then read only those columns, and the other fields of a
	// Parquet match are null ("-"). Text is unaffected.
	Project bool
	// Workers bounds the objects read at once; 0 means GOMAXPROCS for local
	// sources and 8×GOMAXPROCS (at least 32) when any source is on S3.
	Workers int
	// Unordered lets matches arrive as workers find them. By default
	// objects come in key or path order and records in file order, so two
	// runs give identical output.
	Unordered bool
	// Strict stops the scan at the first problem (object, prefix or line).
	Strict bool
	// Limit stops the scan after this many matches (0 = no limit).
	Limit int64
	// S3 configures the S3 client.
	S3 S3Options
	// OnError is called, never concurrently, for each problem: an object
	// that cannot be read, a prefix that cannot be listed, a malformed line
	// (each an *ObjectError), and each object passed over as not a flow log
	// (a *SkipError, which does not make the result incomplete). Problems
	// with objects come from the goroutine that calls emit, after the
	// records found before them, so in ordered mode they come in object
	// and line order on every run; folder problems come as the walk meets
	// them. In strict mode the first problem is reported at once.
	OnError func(error)
	// Progress, if not nil, is called every ProgressInterval (never
	// concurrently) with a snapshot of the statistics.
	Progress func(Stats)
	// ProgressInterval is how often Progress is called; 0 means 250 ms.
	ProgressInterval time.Duration
	// Inflate chooses how gzip is inflated: InflateAuto (""), InflateGo
	// or InflateLibdeflate (see ResolveInflate).
	Inflate string
	// CheckEveryLine decodes the fields the filter reads on every line,
	// so that one that does not decode is reported as malformed even on a
	// line the filter's literal rules out (see Literaler). It is slower.
	CheckEveryLine bool
	// OnObject, if not nil, hears what became of every object and folder
	// the scan considered (ObjectReport), never concurrently, in no
	// particular order: for evidence manifests.
	OnObject func(ObjectReport)
	// Stdin is read for the source "-"; nil means os.Stdin.
	Stdin io.Reader
}

// S3Options configure the S3 client. The zero value uses the standard AWS
// credential chain and configuration files, finds each bucket's region, and
// retries throttling and transient errors.
type S3Options struct {
	Profile       string // shared config profile; "" = AWS_PROFILE or default
	Region        string // "" = the bucket's own region, found with HeadBucket
	EndpointURL   string // S3-compatible endpoint; AWS_ENDPOINT_URL[_S3] work too
	PathStyle     bool   // path-style addressing (most S3-compatible stores)
	NoSignRequest bool   // anonymous requests, for public buckets

	// HTTPClient replaces the HTTP client (tests, proxies); nil builds one
	// whose connection pool keeps as many idle connections as there are
	// workers. AWS_CA_BUNDLE works only with the built one.
	HTTPClient *http.Client
	// MaxAttempts bounds attempts per request (default 8) and per object
	// body (default 5; a body cut mid-object restarts the object).
	MaxAttempts int
	// MaxBackoff caps the delay between attempts (default 5s).
	MaxBackoff time.Duration
}

// Match is one matching record and where it came from. Record, and every
// slice obtained from it, is valid only during the emit callback: the
// next match reuses it. To keep a record, keep Record.Clone(). Source and
// Line repeat Record.Origin().Source and Record.LineNumber().
type Match struct {
	Record *flowlog.Record
	Source string // "s3://bucket/key", a file path, or "-"
	Line   int64  // 1-based line number in the (decompressed) object; for Parquet, the row's ordinal
}

// ObjectError is a problem with one object, prefix or line.
type ObjectError struct {
	Source string // object, file or "s3://bucket/prefix"
	Line   int64  // 0 if not about one line
	Err    error
}

// Error names the source (and line) once: errors that already name it,
// such as a *flowlog.ParseError, are not prefixed again.
func (e *ObjectError) Error() string {
	if msg := e.Err.Error(); e.Source != "" && strings.Contains(msg, e.Source) {
		return msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *ObjectError) Unwrap() error { return e.Err }

// SkipError says that an object was passed over, not read: it is not a
// flow log (Err wraps ErrNotFlowLog), or it is Parquet where there is no
// random access (ErrParquet). Skips are counted in Stats.ObjectsSkipped and
// listed in Stats.Skips; they do not make a result incomplete.
type SkipError struct {
	Source string
	Err    error
}

func (e *SkipError) Error() string { return fmt.Sprintf("skipped %s: %v", e.Source, e.Err) }
func (e *SkipError) Unwrap() error { return e.Err }

// Errors scan reports inside ObjectErrors and SkipErrors.
var (
	// ErrNotFlowLog marks an object skipped because its first line is
	// neither a flow log header nor a record.
	ErrNotFlowLog = errors.New("not a flow log")
	// ErrParquet marks Parquet content where it cannot be read: from
	// standard input, or a Source that serves no byte ranges.
	ErrParquet = errors.New("parquet needs random access")
	// ErrCorrupt marks an object whose compressed data (gzip, zstd,
	// bzip2, xz) failed its integrity check or does not decode. Nothing
	// read from it is delivered: bytes decompressed before the damage was
	// found are not trusted. An object that merely ends early is not
	// corrupt: the complete lines before the cut are genuine and are
	// delivered.
	ErrCorrupt = errors.New("corrupt compressed data")
)
