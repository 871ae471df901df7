package gen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/sync/errgroup"
)

// ObjectInfo describes one written object.
type ObjectInfo struct {
	Key             string
	Account, Region string
	Window          time.Time
	Stats
	StoredBytes int64 // size on disk (compressed unless Uncompressed)
}

// Manifest lists what WriteTree wrote, in key generation order.
type Manifest struct {
	Objects []ObjectInfo
	Stats
	StoredBytes int64
}

// Ratio returns the compression ratio of the tree (raw ÷ stored bytes).
func (m Manifest) Ratio() float64 {
	if m.StoredBytes == 0 {
		return 0
	}
	return float64(m.RawBytes) / float64(m.StoredBytes)
}

// WriteTree writes the flow log described by cfg under dir as a copied
// bucket (dir/AWSLogs/...), creating folders as needed and overwriting
// existing objects. The bytes written depend only on cfg (not on
// cfg.Workers).
func WriteTree(ctx context.Context, dir string, cfg Config) (Manifest, error) {
	g, err := New(cfg)
	if err != nil {
		return Manifest{}, err
	}
	return g.WriteTree(ctx, dir)
}

// WriteTree writes every object of g under dir; see the function WriteTree.
func (g *Generator) WriteTree(ctx context.Context, dir string) (Manifest, error) {
	return g.writeAll(ctx, func(o Object) (ObjectInfo, error) { return g.writeObject(dir, o) })
}

// writeAll runs write for every object on the configured number of workers
// and totals the results in object order.
func (g *Generator) writeAll(ctx context.Context, write func(Object) (ObjectInfo, error)) (Manifest, error) {
	infos := make([]ObjectInfo, len(g.objects))
	workers := g.cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(workers)
	for i := range g.objects {
		eg.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			info, err := write(g.objects[i])
			infos[i] = info
			return err
		})
	}
	if err := eg.Wait(); err != nil {
		return Manifest{}, err
	}
	m := Manifest{Objects: infos}
	for _, o := range infos {
		m.Records += o.Records
		m.NoData += o.NoData
		m.Malformed += o.Malformed
		m.RawBytes += o.RawBytes
		m.StoredBytes += o.StoredBytes
	}
	return m, nil
}

func (g *Generator) writeObject(dir string, o Object) (ObjectInfo, error) {
	text, st := g.AppendObject(make([]byte, 0, o.Lines*140+512), o)
	data := text
	if !g.cfg.Uncompressed {
		var buf bytes.Buffer
		buf.Grow(len(text)/5 + 1024)
		zw, err := gzip.NewWriterLevel(&buf, g.cfg.GzipLevel)
		if err != nil {
			return ObjectInfo{}, fmt.Errorf("gen: gzip %s: %w", o.Key, err)
		}
		if _, err := zw.Write(text); err != nil {
			return ObjectInfo{}, fmt.Errorf("gen: gzip %s: %w", o.Key, err)
		}
		if err := zw.Close(); err != nil {
			return ObjectInfo{}, fmt.Errorf("gen: gzip %s: %w", o.Key, err)
		}
		data = buf.Bytes()
	}
	p := filepath.Join(dir, filepath.FromSlash(o.Key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return ObjectInfo{}, fmt.Errorf("gen: %w", err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return ObjectInfo{}, fmt.Errorf("gen: %w", err)
	}
	return ObjectInfo{Key: o.Key, Account: o.Account, Region: o.Region, Window: o.Window,
		Stats: st, StoredBytes: int64(len(data))}, nil
}
