package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/libdeflate"
	"github.com/flowq/flowq/parquetlog"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// streamConfig is what every worker shares: immutable during a scan.
type streamConfig struct {
	format *flowlog.Format
	decode flowlog.FieldSet // decoded while scanning: the filter's fields and start/end
	// literal lets readers pass over plain lines without it (Literaler).
	literal flowlog.Literal
	output  flowlog.FieldSet // what the caller reads from matches
	win     Window
	filter  Matcher
	// project lets Parquet reads fetch only the decode and output columns.
	project bool
	// schema computes derived fields: those the filter reads before it
	// runs (deriveFilter), the rest the caller reads for matches only.
	schema       *flowlog.Schema
	deriveFilter flowlog.FieldSet
	deriveMatch  flowlog.FieldSet
	// accounts and regions, if not nil, are checked on every record.
	accounts, regions []string
	// inflate is InflateGo or InflateLibdeflate; budget bounds the
	// buffers of whole-object inflation across workers.
	inflate string
	budget  *budget
}

// newStreamConfig works out what to decode and derive for opts.
func newStreamConfig(opts *Options) streamConfig {
	c := streamConfig{format: opts.Format, filter: opts.Filter, output: opts.Fields, project: opts.Project,
		schema: opts.Schema}
	if c.format == nil {
		c.format = flowlog.DefaultFormat()
	}
	if opts.Filter != nil {
		c.decode = opts.Filter.Fields()
	}
	if l, ok := opts.Filter.(Literaler); ok && !opts.CheckEveryLine {
		c.literal, _ = l.Literal()
	}
	c.win = window(opts.Since, opts.Until, opts.Filter)
	if c.win.Bounded() {
		c.decode.Add(startField)
		c.decode.Add(endField)
	}
	for _, f := range c.schema.Derived() {
		if c.decode.Has(f) {
			c.deriveFilter.Add(f)
		} else if c.output.Has(f) {
			c.deriveMatch.Add(f)
		}
	}
	if len(opts.Accounts) > 0 {
		c.accounts = slices.Clone(opts.Accounts)
		c.decode.Add(flowlog.AccountID)
	}
	if len(opts.Regions) > 0 {
		c.regions = slices.Clone(opts.Regions)
		c.decode.Add(flowlog.Region)
	}
	c.decode = c.decode.Union(c.schema.Needs(c.decode))
	c.output = c.output.Union(c.schema.Needs(c.output))
	if !c.deriveMatch.IsEmpty() {
		c.deriveMatch = c.deriveMatch.Union(c.deriveFilter) // Complete adds what the filter did not read
	}
	return c
}

// streamScanner scans one stream at a time: it sniffs the content,
// decompresses it, parses lines and filters records, all in the calling
// goroutine. It keeps its buffers and decompressors between streams, so one belongs to
// one worker; it is not safe for concurrent use.
type streamScanner struct {
	cfg  *streamConfig
	br   *bufio.Reader
	zr   *gzip.Reader
	zstd *zstd.Decoder // made on first use, kept for the worker's life
	// codec names the current stream's compression ("" for plain text).
	codec string
	// whole inflates gzip objects in memory (nil: streaming only). size is
	// the current object's (-1: unknown); verified says its text passed
	// its integrity checks before any record was read; gzipWhole and
	// gzipStreamed count how it was inflated, for its Stats.
	whole                   *wholeBuffers
	size                    int64
	verified                bool
	inflated                []byte       // the text of an object inflated whole, or nil
	inflatedText            bytes.Reader // over inflated, for a CloudWatch Logs delivery
	gzipWhole, gzipStreamed int64
	in                      countReader
	out                     countReader    // the text: what the flowlog.Reader reads
	rd                      flowlog.Reader // reset for every stream: its buffers are reused
	text                    io.Reader      // the current stream's text: s.br, or a decompressor over it
	// lateMalformed counts matches whose output fields did not decode.
	lateMalformed int64
	// sink, halt and suspect are the current stream's: the reader's
	// OnMalformed cannot return, so it leaves what stops the scan here.
	sink *taskSink
	// halt is what stops the stream: the first line is neither a header
	// nor a record (ErrNotFlowLog), or reporting a malformed line failed
	// (strict mode).
	halt     error
	suspect  *flowlog.ParseError // a shapeless first line, until the next line decides
	onBad    func(*flowlog.ParseError)
	onBadRow func(*flowlog.ParseError)
	cwl      cwlHook // CloudWatch Logs payloads and exports (cwlevent.go)
}

func newStreamScanner(cfg *streamConfig) *streamScanner {
	s := &streamScanner{cfg: cfg, br: bufio.NewReaderSize(nil, 256<<10)}
	s.onBad, s.onBadRow = s.malformed, s.badRow
	if cfg.inflate == InflateLibdeflate {
		if inf, err := libdeflate.New(); err == nil { // it loaded when the scan began
			s.whole = &wholeBuffers{inflater: inf, budget: cfg.budget}
		}
	}
	return s
}

// malformed is the reader's OnMalformed. Whether a stream is a flow log
// is decided by its shape, not by one value: a first line without a flow
// log's shape (the wrong number of fields, or no line end at all) makes
// it suspect, and the next line decides — another shapeless line, or
// none, and the stream is not a flow log; a record-shaped one, and the
// first line was a malformed line of a flow log. A damaged header line
// fails the object: the lines after it cannot be read with confidence.
func (s *streamScanner) malformed(pe *flowlog.ParseError) {
	switch {
	case s.halt != nil:
	case errors.Is(pe, flowlog.ErrBadHeader):
		s.halt = pe
	case shapeless(pe) && (pe.Line == 1 || s.suspect != nil):
		if s.suspect == nil {
			s.suspect = pe
			return
		}
		s.halt = notFlowLog(s.suspect)
	default:
		s.halt = s.clearSuspect()
		if s.halt == nil {
			s.halt = s.sink.malformed(pe)
		}
	}
}

// notFlowLog is the reason a stream is skipped: its first line.
func notFlowLog(first *flowlog.ParseError) error {
	return fmt.Errorf("%w: the first line is neither a header nor a record: %w", ErrNotFlowLog, first)
}

// shapeless reports whether a malformed line lacks a record's shape.
func shapeless(pe *flowlog.ParseError) bool {
	return errors.Is(pe, flowlog.ErrFieldCount) || errors.Is(pe, flowlog.ErrLineTooLong)
}

// clearSuspect reports the suspect first line as a malformed line of what
// turned out to be a flow log.
func (s *streamScanner) clearSuspect() error {
	pe := s.suspect
	if pe == nil {
		return nil
	}
	s.suspect = nil
	return s.sink.malformed(pe)
}

// countReader counts bytes and keeps the first error other than io.EOF
// from the reader it wraps, so that a failure of the transport can be told
// apart from damage in the data above it.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) reset(r io.Reader) { *c = countReader{r: r} }

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// scan reads one stream (a whole object or file) and sends its matches and
// malformed lines to sink. Records before a failure have been delivered
// when it returns the error. It returns ErrParquet for Parquet content and
// an error wrapping ErrNotFlowLog when the first line is neither a header
// nor a record.
func (s *streamScanner) scan(ctx context.Context, r io.Reader, o *object, sink *taskSink) (Stats, error) {
	s.in.reset(r)
	s.br.Reset(&s.in)
	s.lateMalformed, s.sink, s.halt, s.suspect = 0, sink, nil, nil
	s.size, s.verified, s.gzipWhole, s.gzipStreamed, s.inflated = o.size, false, 0, 0, nil
	text, err := s.sniff()
	if err != nil || text == nil {
		return s.stats(0, 0), err
	}
	s.out.reset(text)
	s.text = text
	if s.codec != "" && !s.verified {
		// Decompressed bytes are genuine only once the integrity check at
		// the stream's end holds: until then the object's matches and line
		// reports wait.
		sink.hold = !sink.unverified
	}
	rd := &s.rd
	opts := flowlog.ReaderOptions{Format: s.cfg.format, Fields: &s.cfg.decode, Source: o.source, OnMalformed: s.onBad,
		Literal: s.cfg.literal}
	if s.inflated != nil && s.cwl.plain(s.inflated) {
		// Inflated whole: the reader splits the worker's buffer in place.
		s.out.n = int64(len(s.inflated))
		rd.ResetBytes(s.inflated, opts)
	} else {
		lines, err := s.cwl.lines(&s.out)
		if err != nil {
			return s.stats(0, 0), s.describe(err)
		}
		rd.Reset(lines, opts)
	}
	records, err := s.records(ctx, rd, o, sink)
	if err != nil && errors.Is(err, rd.Err()) {
		// The reader has dropped a line the failure cut short: it is
		// neither a record with a wrong value nor a malformed line.
		err = s.describe(err)
	}
	st := s.stats(records+rd.Skipped(), rd.Malformed()+s.lateMalformed)
	st.LinesPassed = rd.Skipped()
	st.ControlMessages, err = s.cwl.finish(err)
	return st, err
}

func (s *streamScanner) stats(records, malformed int64) Stats {
	return Stats{BytesCompressed: s.in.n, BytesUncompressed: s.out.n, Records: records, Malformed: malformed,
		GzipWhole: s.gzipWhole, GzipStreamed: s.gzipStreamed}
}

// ctxCheckLines is how often (in lines) a scan looks for cancellation.
const ctxCheckLines = 1024

// recordStream is what scan needs of a decoder: flowlog.Reader for text,
// parquetlog.Reader for Parquet. Malformed input goes out of band, through
// the decoder's OnMalformed; Err is what ended the stream.
type recordStream interface {
	Scan() bool
	Record() *flowlog.Record
	Err() error
}

// records runs a decoder over one object: each record gets the object's
// origin, is checked against the window and the filter, and, if it matches,
// has the caller's fields decoded and goes to the sink. It returns how many
// records it read, and the error that stopped it: a problem left by
// OnMalformed (s.halt), the sink's, or the stream's.
func (s *streamScanner) records(ctx context.Context, rs recordStream, o *object, sink *taskSink) (int64, error) {
	var n int64
	for i := 0; rs.Scan(); i++ {
		if i%ctxCheckLines == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
		if s.halt == nil && s.suspect != nil {
			s.halt = s.clearSuspect()
		}
		if s.halt != nil {
			return n, s.halt
		}
		n++
		rec := rs.Record()
		rec.SetOrigin(o.origin)
		s.cwl.withEvent(rec)
		if !s.cfg.deriveFilter.IsEmpty() {
			s.cfg.schema.DeriveLazily(rec, s.cfg.deriveFilter) // computed when the filter reads one
		}
		if !s.cfg.wanted(rec) {
			continue
		}
		if !s.cfg.deriveMatch.IsEmpty() {
			s.cfg.schema.Complete(rec, s.cfg.deriveMatch)
		}
		// A match must also decode the fields the caller will read, or the
		// line is malformed for this caller: found here, with its line
		// number, rather than when it is delivered.
		if err := rec.Decode(s.cfg.output); err != nil {
			if err := s.lateBad(err, o); err != nil {
				return n - 1, err
			}
			n--
			continue
		}
		if err := sink.match(ctx, rec); err != nil {
			return n, err
		}
	}
	if s.halt == nil && s.suspect != nil && rs.Err() == nil {
		s.halt = notFlowLog(s.suspect)
	}
	if s.halt != nil {
		return n, s.halt
	}
	return n, rs.Err()
}

// lateBad reports a match whose printed fields do not decode.
func (s *streamScanner) lateBad(err error, o *object) error {
	var pe *flowlog.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	pe.Source = o.source
	s.lateMalformed++
	return s.sink.malformed(pe)
}

// wanted applies the time window exactly and then the filter.
func (c *streamConfig) wanted(rec *flowlog.Record) bool {
	if c.win.Bounded() {
		start, okS := rec.Int(startField)
		end, okE := rec.Int(endField)
		if !okS {
			start = end
		}
		if !okE {
			end = start
		}
		if (okS || okE) && !c.win.contains(start, end) {
			return false
		}
	}
	if (c.accounts != nil || c.regions != nil) && !c.inScope(rec) {
		return false
	}
	return c.filter == nil || c.filter.Match(rec)
}

// inScope checks a record against Options.Accounts and Regions, which
// name the flow log's account and region: those of the object's key
// where it says, else the record's own fields (standard input, renamed
// files). A record whose account or region is not known is not selected.
func (c *streamConfig) inScope(rec *flowlog.Record) bool {
	return scopeHas(c.accounts, rec, flowlog.AccountID) && scopeHas(c.regions, rec, flowlog.Region)
}

func scopeHas(set []string, rec *flowlog.Record, f flowlog.Field) bool {
	if set == nil {
		return true
	}
	v := rec.Origin().Text(f)
	if v == nil {
		v = rec.Text(f)
	}
	for _, s := range set {
		if s == string(v) { // compared, not converted: no allocation
			return true
		}
	}
	return false
}

// parquet reads a Parquet object through its random access (the footer
// first, then the column chunks it needs): package parquetlog turns rows
// into records, skipping row groups and pages whose statistics rule out the
// time window and the filter's ranges. Its records go through the same loop
// as text records and never become text; a record's line is its row.
func (s *streamScanner) parquet(ctx context.Context, ra io.ReaderAt, o *object, sink *taskSink) (Stats, error) {
	s.lateMalformed, s.sink, s.halt, s.suspect = 0, sink, nil, nil
	opts := parquetlog.Options{Source: o.source, Range: s.cfg.rangeOf, OnMalformed: s.onBadRow}
	if s.cfg.project {
		opts.Fields = s.cfg.decode.Union(s.cfg.output)
	}
	pr := parquetlog.NewReader(ctx, ra, o.size, opts)
	defer pr.Close()
	records, err := s.records(ctx, pr, o, sink)
	ps := pr.Stats()
	st := Stats{Records: records, BytesCompressed: ps.BytesRead, Malformed: ps.Malformed + s.lateMalformed,
		RowGroups: ps.RowGroups, RowGroupsSkipped: ps.RowGroupsSkipped, PagesSkipped: ps.PagesSkipped}
	if isRemote(o.src) && !countsItsRequests(o.src) {
		st.GetRequests = ps.Reads
	}
	if errors.Is(err, parquetlog.ErrNotFlowLog) {
		err = fmt.Errorf("%w: %w", ErrNotFlowLog, err)
	}
	return st, err
}

// badRow is parquetlog's OnMalformed: every malformed row is reported (a
// Parquet object with flow log columns is a flow log, whatever its rows).
func (s *streamScanner) badRow(pe *flowlog.ParseError) {
	if s.halt == nil {
		s.halt = s.sink.malformed(pe)
	}
}

// rangeOf gives Parquet pruning the bounds of start and end implied by the
// window, intersected with the filter's own.
func (c *streamConfig) rangeOf(f flowlog.Field) (lo, hi int64, ok bool) {
	lo, hi = math.MinInt64, math.MaxInt64
	if r, isR := c.filter.(Ranger); isR {
		lo, hi, ok = r.Range(f)
		if !ok {
			lo, hi = math.MinInt64, math.MaxInt64
		}
	}
	switch {
	case f == startField && c.win.HasHi:
		hi, ok = min(hi, c.win.Hi), true
	case f == endField && c.win.HasLo:
		lo, ok = max(lo, c.win.Lo), true
	}
	return lo, hi, ok
}
