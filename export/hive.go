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
	// Writer configures the Parquet objects (AWS's defaults: gzip pages).
	Writer parquetlog.WriterOptions
}

// Exporter writes records into Parquet objects, one per account, region,
// 5-minute window and record format. It is not safe for concurrent use
// (a scan's emit is called from one goroutine). Files are complete only
// after Close.
type Exporter struct {
	o     Options
	files map[string]*file
	keys  []string // in the order first written
}

type file struct {
	f       *os.File
	w       *parquetlog.Writer
	records int64
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
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &Exporter{o: o, files: map[string]*file{}}, nil
}

// Write adds one match. A record without a place in the layout is an
// error wrapping ErrNoPartition, and nothing is written for it.
func (e *Exporter) Write(m scan.Match) error {
	key, err := e.key(m.Record)
	if err != nil {
		return &scan.ObjectError{Source: m.Source, Line: m.Line, Err: err}
	}
	f, ok := e.files[key]
	if !ok {
		if f, err = e.create(key, m.Record.Format()); err != nil {
			return err
		}
	}
	if err := f.w.Write(m.Record); err != nil {
		return &scan.ObjectError{Source: m.Source, Line: m.Line, Err: err}
	}
	f.records++
	return nil
}

// key is the record's object key below Dir.
func (e *Exporter) key(r *flowlog.Record) (string, error) {
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
	return fmt.Sprintf("AWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/aws-region=%s/year=%s/month=%s/day=%s/hour=%s/%s_vpcflowlogs_%s_%s_%s_%08x.log.parquet",
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

func (e *Exporter) create(key string, format *flowlog.Format) (*file, error) {
	p := filepath.Join(e.o.Dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) // never over an existing file
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	fl := &file{f: f, w: parquetlog.NewWriter(f, format, e.o.Writer)}
	e.files[key] = fl
	e.keys = append(e.keys, key)
	return fl, nil
}

// Close finishes every object and returns the first error.
func (e *Exporter) Close() error {
	var first error
	for _, k := range e.keys {
		f := e.files[k]
		if err := f.w.Close(); err != nil && first == nil {
			first = fmt.Errorf("export: %s: %w", k, err)
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = fmt.Errorf("export: %s: %w", k, err)
		}
	}
	return first
}

// Objects returns the keys written, in the order first written, and the
// records in each.
func (e *Exporter) Objects() (keys []string, records []int64) {
	for _, k := range e.keys {
		keys = append(keys, k)
		records = append(records, e.files[k].records)
	}
	return keys, records
}
