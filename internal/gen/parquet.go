package gen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/parquetlog"
)

// ParquetKey returns the key of o as AWS names Parquet objects: the same
// key ending in ".log.parquet" instead of ".log.gz" (or ".log").
func ParquetKey(o Object) string {
	k := strings.TrimSuffix(o.Key, ".gz")
	return strings.TrimSuffix(k, ".log") + ".log.parquet"
}

// WriteParquet writes object o as an AWS Parquet flow log object to w: the
// records of its text, in the same order, in one row group per
// opts.RowGroupRows rows. Deliberately malformed lines have no Parquet
// form and are left out (counted in the returned Stats.Malformed, as for
// text); RawBytes is the Parquet size.
func (g *Generator) WriteParquet(w io.Writer, o Object, opts parquetlog.WriterOptions) (Stats, error) {
	text, st := g.AppendObject(make([]byte, 0, o.Lines*140+512), o)
	rd := flowlog.NewReader(bytes.NewReader(text), flowlog.ReaderOptions{Format: g.cfg.Format, Source: o.Key})
	cw := &countWriter{w: w}
	pw := parquetlog.NewWriter(cw, g.cfg.Format, opts)
	for rd.Scan() { // deliberately malformed lines are skipped by the reader
		if err := pw.Write(rd.Record()); err != nil {
			return st, fmt.Errorf("gen: %s: %w", ParquetKey(o), err)
		}
	}
	if err := rd.Err(); err != nil {
		return st, fmt.Errorf("gen: %s: %w", ParquetKey(o), err)
	}
	if err := pw.Close(); err != nil {
		return st, fmt.Errorf("gen: %s: %w", ParquetKey(o), err)
	}
	st.RawBytes = cw.n
	return st, nil
}

// WriteParquetTree writes every object of g under dir as Parquet, with
// the keys of ParquetKey, in the configured layout. The bytes written
// depend only on the Config and opts.
func (g *Generator) WriteParquetTree(ctx context.Context, dir string, opts parquetlog.WriterOptions) (Manifest, error) {
	return g.writeAll(ctx, func(o Object) (ObjectInfo, error) { return g.writeParquetObject(dir, o, opts) })
}

func (g *Generator) writeParquetObject(dir string, o Object, opts parquetlog.WriterOptions) (ObjectInfo, error) {
	var buf bytes.Buffer
	st, err := g.WriteParquet(&buf, o, opts)
	if err != nil {
		return ObjectInfo{}, err
	}
	key := ParquetKey(o)
	p := filepath.Join(dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return ObjectInfo{}, fmt.Errorf("gen: %w", err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		return ObjectInfo{}, fmt.Errorf("gen: %w", err)
	}
	return ObjectInfo{Key: key, Account: o.Account, Region: o.Region, Window: o.Window,
		Stats: st, StoredBytes: int64(buf.Len())}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
