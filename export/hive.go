package export

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/parquetlog"
	"github.com/flowq/flowq/scan"
)

// Options configure an Exporter.
type Options struct {
	// Dir is the local directory written below; it is created if missing.
	Dir string
	// FlowLogID goes into file names (it must start with "fl-"); "" means
	// fl-flowqexport.
	FlowLogID string
	// Writer configures the Parquet objects (gzip pages, as AWS writes);
	// RowGroupRows 0 means 128 Ki rows, which bounds what an open object
	// holds in memory.
	Writer parquetlog.WriterOptions
	// MaxOpen bounds the objects open at once (0 means 64): past it, the
	// one written least recently is finished, and a later record of its
	// window starts another object beside it.
	MaxOpen int
}

// Exporter writes records into Parquet objects, one per account, region,
// 5-minute window and record format. It is not safe for concurrent use
// (a scan's emit is called from one goroutine). Files are complete only
// after Close.
type Exporter struct {
	o     Options
	open  map[string]*file // by window and format
	seq   map[string]int   // objects started per window and format
	all   []*file          // every object, in the order started
	clock int64
	err   error
}

type file struct {
	window  string
	key     string
	f       *os.File
	w       *parquetlog.Writer
	records int64
	used    int64 // the clock at the last write
}

// ErrNoPartition marks a record that has no place in the layout: no
// account, region, or end or start time.
var ErrNoPartition = errors.New("no partition for the record")

// fileWindow is AWS's delivery window.
const fileWindow = 5 * time.Minute

// New returns an Exporter writing below o.Dir, which must be a local
// path.
func New(o Options) (*Exporter, error) {
	if o.Dir == "" || strings.Contains(o.Dir, "://") {
		return nil, fmt.Errorf("export: %q: a local directory is needed (flowq never writes to a bucket)", o.Dir)
	}
	if o.FlowLogID == "" {
		o.FlowLogID = "fl-flowqexport"
	}
	if !strings.HasPrefix(o.FlowLogID, "fl-") || strings.ContainsAny(o.FlowLogID, "_/") {
		return nil, fmt.Errorf("export: flow log ID %q: it must start with fl- and hold no _ or /", o.FlowLogID)
	}
	if o.Writer.RowGroupRows <= 0 {
		o.Writer.RowGroupRows = 128 << 10
	}
	if o.MaxOpen <= 0 {
		o.MaxOpen = 64
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &Exporter{o: o, open: map[string]*file{}, seq: map[string]int{}}, nil
}

// Write adds one match. A record without a place in the layout is an
// error wrapping ErrNoPartition, and nothing is written for it.
func (e *Exporter) Write(m scan.Match) error {
	if e.err != nil {
		return e.err
	}
	window, err := e.window(m.Record)
	if err != nil {
		return &scan.ObjectError{Source: m.Source, Line: m.Line, Err: err}
	}
	f, ok := e.open[window]
	if !ok {
		if f, err = e.create(window, m.Record.Format()); err != nil {
			e.err = err
			return err
		}
	}
	if err := f.w.Write(m.Record); err != nil {
		return &scan.ObjectError{Source: m.Source, Line: m.Line, Err: err}
	}
	e.clock++
	f.records, f.used = f.records+1, e.clock
	return nil
}

// window is the record's object key below Dir, without its sequence
// number and suffix.
func (e *Exporter) window(r *flowlog.Record) (string, error) {
	account := partition(r, flowlog.AccountID)
	region := partition(r, flowlog.Region)
	at, ok := r.Time(flowlog.End)
	if !ok {
		at, ok = r.Time(flowlog.Start)
	}
	switch {
	case scan.CheckAccount(account) != nil:
		return "", fmt.Errorf("%w: account %q", ErrNoPartition, account)
	case scan.CheckRegion(region) != nil:
		return "", fmt.Errorf("%w: region %q", ErrNoPartition, region)
	case !ok:
		return "", fmt.Errorf("%w: neither end nor start", ErrNoPartition)
	}
	stamp := at.UTC().Truncate(fileWindow)
	h := fnv.New32a()
	h.Write([]byte(r.Format().Header()))
	return fmt.Sprintf("AWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/aws-region=%s/year=%s/month=%s/day=%s/hour=%s/%s_vpcflowlogs_%s_%s_%s_%08x",
		account, region, stamp.Format("2006"), stamp.Format("01"), stamp.Format("02"), stamp.Format("15"),
		account, region, e.o.FlowLogID, stamp.Format("20060102T1504Z"), h.Sum32()), nil
}

// partition is the record's account or region as AWS partitions it: that
// of its flow log (the source's folder or name), else its own field.
func partition(r *flowlog.Record, f flowlog.Field) string {
	if v, ok := r.Origin().Value(f); ok && v != "" {
		return v
	}
	if r.IsNull(f) {
		return ""
	}
	return string(r.Text(f))
}

// create starts the next object of window, finishing the least recently
// written one first if MaxOpen are open.
func (e *Exporter) create(window string, format *flowlog.Format) (*file, error) {
	if len(e.open) >= e.o.MaxOpen {
		if err := e.finishOldest(); err != nil {
			return nil, err
		}
	}
	key := window + ".log.parquet"
	if n := e.seq[window]; n > 0 {
		key = fmt.Sprintf("%s-%d.log.parquet", window, n)
	}
	e.seq[window]++
	p := filepath.Join(e.o.Dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) // never over an existing file
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	fl := &file{window: window, key: key, f: f, w: parquetlog.NewWriter(f, format, e.o.Writer)}
	e.open[window] = fl
	e.all = append(e.all, fl)
	return fl, nil
}

func (e *Exporter) finishOldest() error {
	var oldest string
	for w, f := range e.open {
		if oldest == "" || f.used < e.open[oldest].used {
			oldest = w
		}
	}
	f := e.open[oldest]
	delete(e.open, oldest)
	return f.finish()
}

func (f *file) finish() error {
	err := f.w.Close()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: %s: %w", f.key, err)
	}
	return nil
}

// Close finishes every open object and returns the first error.
func (e *Exporter) Close() error {
	first := e.err
	for _, f := range e.all {
		if e.open[f.window] != f {
			continue // finished before
		}
		if err := f.finish(); err != nil && first == nil {
			first = err
		}
	}
	clear(e.open)
	return first
}

// Objects returns the keys written, in the order started, and the
// records in each.
func (e *Exporter) Objects() (keys []string, records []int64) {
	for _, f := range e.all {
		keys = append(keys, f.key)
		records = append(records, f.records)
	}
	return keys, records
}
