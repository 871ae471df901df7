package flowlog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
)

// ReaderOptions configure a Reader. The zero value reads the VPC default
// format and decodes every field.
type ReaderOptions struct {
	// Format is used for lines before (or without) a header line:
	// CloudWatch Logs, Firehose and export streams carry none. Nil means
	// DefaultFormat.
	Format *Format
	// Fields, if not nil, is the set of fields decoded while scanning; the
	// others are split but decoded only if an accessor asks for them. Nil
	// means every field.
	Fields *FieldSet
	// Source names the stream in errors (a path or object key).
	Source string
	// MaxLineBytes bounds one line; longer lines are reported as
	// ErrLineTooLong and skipped. Zero means 1 MiB.
	MaxLineBytes int
	// OnMalformed, if not nil, is called for each malformed line, which
	// Scan then skips; it runs on the goroutine that calls Scan. The error
	// is the caller's to keep. Malformed lines are counted either way.
	OnMalformed func(*ParseError)
	// Literal, if its Text is not empty, is bytes every record the caller
	// wants holds: Scan passes over the plain lines that lack it, once it
	// has returned a record (see Literal). Reset panics on a Literal with
	// a byte that is not printable ASCII or is a space.
	Literal Literal
}

const (
	initialBuffer   = 64 << 10
	defaultMaxLine  = 1 << 20
	cloudWatchStamp = len("2006-01-02T15:04:05Z")
)

// Reader reads flow log records from a text stream, one per line. A header
// line (the field names, as AWS writes at the top of S3 objects) switches
// the format for the lines that follow; blank lines are skipped; CRLF, runs
// of spaces and a CloudWatch export timestamp before the record are
// tolerated.
//
// Use it like bufio.Scanner:
//
//	rd := flowlog.NewReader(src, flowlog.ReaderOptions{OnMalformed: report})
//	for rd.Scan() {
//		use(rd.Record()) // valid until the next Scan
//	}
//	if err := rd.Err(); err != nil { ... } // the stream failed
//
// Malformed lines never reach the loop: they go to OnMalformed and are
// counted (Malformed). Err reports only what ended the stream.
//
// A Reader is not safe for concurrent use; run one Reader per stream.
// Scanning allocates nothing per record.
type Reader struct {
	src    io.Reader
	opts   ReaderOptions
	format *Format
	// buf holds the text being split: own, or the caller's text for
	// ResetBytes.
	buf    []byte
	own    []byte // the Reader's buffer, kept across Reset and ResetBytes
	start  int    // first unconsumed byte in buf
	end    int    // end of valid data in buf
	srcErr error
	rec    Record
	plan   plan     // how to parse lines of format; rebuilt when it changes
	spare  plan     // the plan used before, kept for streams that alternate
	want   FieldSet // fields decoded while scanning
	// lastHeader is the format of the last header line, kept across Reset.
	lastHeader *Format
	err        error // sticky stream error
	lines      int64
	bad        int64
	sawLine    bool // a non-blank line has been seen: header detection is done
	// skip passes over plain lines without the literal, once skipping.
	skip skipState
	// split is lineSplitter; tests set others, to hold each to the same
	// results.
	split splitter
}

// NewReader returns a Reader reading from src.
func NewReader(src io.Reader, opts ReaderOptions) *Reader {
	r := &Reader{}
	r.Reset(src, opts)
	return r
}

// Reset makes r read a new stream with new options, as NewReader would,
// but keeps its buffers: a scanner reading many small objects allocates
// once per worker, not once per object.
func (r *Reader) Reset(src io.Reader, opts ReaderOptions) {
	if opts.Format == nil {
		opts.Format = DefaultFormat()
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = defaultMaxLine
	}
	want := AllFields()
	if opts.Fields != nil {
		want = *opts.Fields
	}
	buf := r.own
	if size := min(initialBuffer, opts.MaxLineBytes+1); len(buf) < size || len(buf) > opts.MaxLineBytes+1 {
		buf = make([]byte, size)
	}
	*r = Reader{src: src, opts: opts, format: opts.Format, want: want, buf: buf, own: buf, split: lineSplitter,
		plan: r.plan, spare: r.spare, lastHeader: r.lastHeader,
		rec: Record{spans: r.rec.spans[:0], scratch: r.rec.scratch[:0]}}
	r.skip.reset(opts.Literal)
}

// ResetBytes makes r read the whole stream text in place, as Reset would
// with a reader over text, but with no copy: records and their slices
// alias text. r rewrites the tabs of the lines it parses to spaces, in
// text, so text must be the caller's to change, and must not change
// otherwise until r is reset again. It is how a scanner that inflated an
// object whole reads it.
func (r *Reader) ResetBytes(text []byte, opts ReaderOptions) {
	r.Reset(nil, opts)
	r.buf, r.end, r.srcErr = text, len(text), io.EOF
}

// Format returns the format of the current line: the one given in the
// options, or the one of the last header line.
func (r *Reader) Format() *Format { return r.format }

// Lines returns how many lines have been read, blank and header lines
// included.
func (r *Reader) Lines() int64 { return r.lines }

// Skipped returns how many lines Scan passed over so far for lacking
// ReaderOptions.Literal: records of the stream, counted in Lines, that it
// did not return.
func (r *Reader) Skipped() int64 { return r.skip.lines }

// Malformed returns how many lines were reported as malformed.
func (r *Reader) Malformed() int64 { return r.bad }

// Record returns the current record. It, and every slice obtained from
// it, is valid until the next call to Scan; Clone or a Batch keeps it.
func (r *Reader) Record() *Record { return &r.rec }

// Err returns the error that ended the stream, or nil at a clean end (or
// while Scan still returns true). Malformed lines are not errors of the
// stream: they go to ReaderOptions.OnMalformed.
func (r *Reader) Err() error { return r.err }

// Scan advances to the next record, passing malformed lines to
// OnMalformed on the way. It returns false at the end of the stream or
// when reading fails.
func (r *Reader) Scan() bool {
	for {
		if r.skip.on {
			r.skipPlain()
		}
		if handled, record := r.commonLine(); handled {
			if record {
				r.skip.arm()
				return true
			}
			continue
		}
		line, ok := r.nextLine()
		if !ok {
			return false
		}
		if line == nil { // an over-long line was skipped and reported
			continue
		}
		if r.handleLine(line) {
			r.skip.arm()
			return true
		}
	}
}

// All returns an iterator over the records, each with a nil error, and,
// if the stream failed, a last nil record with the error that ended it, so
// that a range loop cannot miss it. Records are valid for one iteration;
// malformed lines go to OnMalformed as with Scan.
func (r *Reader) All() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for r.Scan() {
			if !yield(&r.rec, nil) {
				return
			}
		}
		if r.err != nil {
			yield(nil, r.err)
		}
	}
}

// malformed counts and reports one malformed line.
func (r *Reader) malformed(pe *ParseError) {
	r.bad++
	if r.opts.OnMalformed != nil {
		r.opts.OnMalformed(pe)
	}
}

// handleLine processes one line and reports whether it produced a record.
func (r *Reader) handleLine(line []byte) bool {
	r.lines++
	line = trimLine(line)
	if len(line) == 0 {
		return false
	}
	first := !r.sawLine
	r.sawLine = true
	if (first || isLower(line[0])) && r.tryHeader(line) {
		return false
	}
	if isLower(line[0]) && looksLikeHeader(line) {
		r.malformed(&ParseError{Source: r.opts.Source, Line: r.lines, Text: clip(line), Err: ErrBadHeader})
		return false
	}
	line = stripExportPrefix(line)
	if err := r.parse(line); err != nil {
		r.malformed(err)
		return false
	}
	return true
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// trimLine removes a trailing CR and surrounding spaces and tabs.
func trimLine(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// stripExportPrefix removes the event timestamp that CloudWatch Logs
// exports put before each message: "2025-03-21T15:22:49.000Z " or
// "1742570569000,".
func stripExportPrefix(b []byte) []byte {
	if len(b) > cloudWatchStamp && b[4] == '-' && b[7] == '-' && b[10] == 'T' && isDigit(b[0]) {
		if sp := bytes.IndexByte(b, ' '); sp > 0 && b[sp-1] == 'Z' {
			return trimLine(b[sp+1:])
		}
	}
	if len(b) > 14 && b[13] == ',' && allDigits(b[:13]) {
		return b[14:]
	}
	return b
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// exportStamped reports whether stripExportPrefix may change b: it has
// the shape of an export's stamp where one would be.
func exportStamped(b []byte) bool {
	return len(b) > cloudWatchStamp && b[4] == '-' || len(b) > 14 && b[13] == ','
}

// tryHeader recognises a header line: every token a field name and the
// first a known one. It switches the format and reports true.
func (r *Reader) tryHeader(line []byte) bool {
	firstEnd := bytes.IndexAny(line, " \t")
	if firstEnd < 0 {
		firstEnd = len(line)
	}
	if _, ok := lookupBytes(line[:firstEnd]); !ok {
		return false
	}
	// Fast paths, free of allocation: the header repeats the current
	// format, or the last header seen (objects of one flow log in a row).
	for _, f := range []*Format{r.format, r.lastHeader} {
		if f != nil && string(line) == f.header {
			r.format = f
			return true
		}
	}
	var toks [80][]byte
	all := splitInto(toks[:0], line)
	for _, t := range all {
		if !validName(string(t)) {
			return false
		}
	}
	f, err := ParseFormat(string(line))
	if err != nil {
		return false
	}
	if f.Equal(r.format) {
		return true
	}
	r.format, r.lastHeader = f, f
	return true
}

// looksLikeHeader reports whether line, which is not a header, still has
// the shape of one: every token a field name in form, and at least half of
// them known fields. A record has addresses, numbers or upper-case words.
func looksLikeHeader(line []byte) bool {
	tokens, known := 0, 0
	for i := 0; i < len(line); {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isSpace(line[j]) {
			c := line[j]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && (c != '-' || j == i) {
				return false // a record's token: an address, a number, a word in capitals
			}
			j++
		}
		if j > i {
			tokens++
			if _, ok := lookupBytes(line[i:j]); ok {
				known++
			}
		}
		i = j
	}
	return tokens > 1 && 2*known >= tokens
}

// splitInto appends the whitespace-separated tokens of line to dst.
func splitInto(dst [][]byte, line []byte) [][]byte {
	i := 0
	for i < len(line) {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isSpace(line[j]) {
			j++
		}
		if j > i {
			dst = append(dst, line[i:j])
		}
		i = j
	}
	return dst
}

// parse splits line into the record and decodes the wanted fields.
func (r *Reader) parse(line []byte) *ParseError {
	r.rec.lineNo = r.lines
	return r.lineError(r.currentPlan().parseLine(&r.rec, line, r.split))
}

// currentPlan returns the plan for the current format and fields.
func (r *Reader) currentPlan() *plan {
	if r.plan.format != r.format || r.plan.want != r.want {
		r.plan, r.spare = r.spare, r.plan
		if r.plan.format != r.format || r.plan.want != r.want {
			r.plan = newPlan(r.format, r.want)
		}
	}
	return &r.plan
}

// lineError gives a parse error the source and number of the current
// line.
func (r *Reader) lineError(err error) *ParseError {
	if err == nil {
		return nil
	}
	pe := err.(*ParseError)
	pe.Source, pe.Line = r.opts.Source, r.lines
	return pe
}

// commonLine reads the next line if it is a common one — buffered up to
// its newline, starting with a digit and ending in none of the bytes
// handleLine trims, after the stream's first line, and with no CloudWatch
// export stamp — finding its end and splitting it in one pass. It reports
// whether it read a line, and whether that line gave a record (else it
// went to OnMalformed). Any other line is left to nextLine and handleLine,
// which treat a common line just as this does.
func (r *Reader) commonLine() (handled, record bool) {
	rest := r.buf[r.start:r.end]
	if len(rest) == 0 || !isDigit(rest[0]) || !r.sawLine || r.split.impl == splitReference {
		return false, false
	}
	p := r.currentPlan()
	spans := r.rec.resetFor(r.format, nil)
	reach := p.reach
	n, count, tabs := r.split.splitShortLine(spans, rest)
	if n >= 0 && n <= r.opts.MaxLineBytes {
		reach = min(len(spans), count) // a short line has all its columns split
	} else if n, count, tabs = r.split.splitLine(spans, reach, rest[:min(len(rest), r.opts.MaxLineBytes+1)]); n < 0 {
		return false, false
	}
	line := rest[:n]
	if isSpace(line[n-1]) || exportStamped(line) {
		return false, false
	}
	r.start += n + 1
	r.lines++
	r.rec.text, r.rec.lineNo = line, r.lines
	if pe := r.lineError(p.decodeSplit(&r.rec, line, reach, count, tabs)); pe != nil {
		r.malformed(pe)
		return true, false
	}
	return true, true
}

func formatLabel(f *Format) string {
	switch {
	case f == defaultFormat:
		return "VPC default format"
	case f == tgwFormat:
		return "Transit Gateway default format"
	}
	return "format " + f.String()
}

// splitSpans fills spans with the token positions of line and returns the
// number of tokens found (which may exceed len(spans)).
func splitSpans(spans []span, line []byte) int {
	n, i := 0, 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		if n < len(spans) {
			spans[n] = span{uint32(i), uint32(j)}
		}
		n++
		i = j
	}
	return n
}

// nextLine returns the next line without its newline. The slice aliases
// the buffer and is valid until the next call.
func (r *Reader) nextLine() ([]byte, bool) {
	for {
		if i := bytes.IndexByte(r.buf[r.start:r.end], '\n'); i >= 0 {
			line := r.buf[r.start : r.start+i]
			r.start += i + 1
			if i > r.opts.MaxLineBytes { // only in text given to ResetBytes
				r.longLine(line)
				return nil, true
			}
			return line, true
		}
		if r.srcErr != nil {
			return r.finalLine()
		}
		if r.end-r.start > r.opts.MaxLineBytes {
			r.skipLongLine()
			return nil, true // nil: no line to handle
		}
		r.fill()
	}
}

// finalLine returns the text after the last newline, if the stream ended
// cleanly, and records the stream's end. When the stream failed, that text
// is a cut line (a truncated "1418530070" still reads as a number) and is
// dropped: the stream error reports the damage.
func (r *Reader) finalLine() ([]byte, bool) {
	if r.start < r.end && errors.Is(r.srcErr, io.EOF) {
		line := r.buf[r.start:r.end]
		r.start = r.end
		if len(line) > r.opts.MaxLineBytes {
			r.longLine(line)
			return nil, true
		}
		return line, true
	}
	if !errors.Is(r.srcErr, io.EOF) && r.err == nil {
		r.err = r.srcErr
	}
	return nil, false
}

// fill reads more data, moving the unconsumed tail to the front and
// growing the buffer when one line fills it.
func (r *Reader) fill() {
	if r.start > 0 {
		r.end = copy(r.buf, r.buf[r.start:r.end])
		r.start = 0
	}
	if r.end == len(r.buf) {
		grown := make([]byte, min(2*len(r.buf), r.opts.MaxLineBytes+1))
		if len(grown) == len(r.buf) {
			return // full; nextLine skips the long line
		}
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}
	for tries := 0; tries < 100; tries++ {
		n, err := r.src.Read(r.buf[r.end:])
		r.end += n
		if err != nil {
			r.srcErr = err
			return
		}
		if n > 0 {
			return
		}
	}
	r.srcErr = io.ErrNoProgress
}

// skipLongLine reports the line that overflows the buffer and drops it up
// to its newline.
func (r *Reader) skipLongLine() {
	r.longLine(r.buf[r.start:r.end])
	r.start, r.end = 0, 0
	for r.srcErr == nil {
		r.fill()
		if i := bytes.IndexByte(r.buf[r.start:r.end], '\n'); i >= 0 {
			r.start = i + 1
			return
		}
		r.start, r.end = 0, 0
	}
}

// longLine counts and reports a line over MaxLineBytes, of which text is
// the start.
func (r *Reader) longLine(text []byte) {
	r.lines++
	r.malformed(&ParseError{Source: r.opts.Source, Line: r.lines, Text: clip(text),
		Err: fmt.Errorf("%w: over %d bytes", ErrLineTooLong, r.opts.MaxLineBytes)})
}
