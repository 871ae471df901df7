package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// object is one file or S3 object to read.
type object struct {
	store  store
	key    string // the store's key: an S3 key or a slash path below a root
	source string // what users see: "s3://bucket/key" or a file path
	size   int64  // -1 if unknown (stdin)
	info   FileInfo
	named  bool // info was parsed from the name
}

// listing is the content of one folder: sub-folders (full keys ending in
// "/") and objects, each sorted.
type listing struct {
	dirs []string
	objs []*object
}

// store is where objects live: a local directory tree or an S3 bucket. It
// is safe for concurrent use.
type store interface {
	// list returns what is directly below prefix, as S3 does with
	// Delimiter "/": for a prefix not ending in "/" that is every folder and
	// object whose key starts with it.
	list(ctx context.Context, prefix string) (listing, error)
	// open returns the object's bytes from the start.
	open(ctx context.Context, o *object) (io.ReadCloser, error)
	// readerAt gives random access to the object (Parquet reads its footer
	// first).
	readerAt(ctx context.Context, o *object) (readerAtCloser, error)
	// source names a key for users.
	source(key string) string
	// layoutPath is the key with whatever lies above it (the local root),
	// for ParsePath.
	layoutPath(key string) string
	// remote reports whether reads go over the network (and are retried).
	remote() bool
}

// readerAtCloser is random access to one object (os.File locally, ranged
// GETs on S3).
type readerAtCloser interface {
	io.ReaderAt
	io.Closer
}

func newObject(st store, key string, size int64) *object {
	o := &object{store: st, key: key, source: st.source(key), size: size}
	o.info, o.named = ParseFileName(key)
	return o
}

// dirStore is a local directory tree read through fs.FS.
type dirStore struct {
	root string // as the user gave it
	abs  string // absolute, slash-separated, for layout parsing
	fsys fs.FS
}

func newDirStore(root string) (*dirStore, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return &dirStore{root: root, abs: filepath.ToSlash(abs), fsys: os.DirFS(root)}, nil
}

func (d *dirStore) source(key string) string     { return filepath.Join(d.root, filepath.FromSlash(key)) }
func (d *dirStore) layoutPath(key string) string { return strings.TrimSuffix(d.abs, "/") + "/" + key }
func (d *dirStore) remote() bool                 { return false }

func (d *dirStore) list(_ context.Context, prefix string) (listing, error) {
	dir := strings.TrimSuffix(prefix, "/")
	if dir == "" {
		dir = "."
	}
	entries, err := fs.ReadDir(d.fsys, dir)
	if err != nil {
		return listing{}, err
	}
	var l listing
	for _, e := range entries {
		key := path.Join(dir, e.Name())
		isDir, size, err := d.stat(key, e)
		switch {
		case err != nil:
			continue // vanished or a dangling link: nothing to read
		case isDir:
			l.dirs = append(l.dirs, key+"/")
		default:
			l.objs = append(l.objs, newObject(d, key, size))
		}
	}
	return l, nil
}

// stat follows symbolic links and reports the entry's kind and size.
func (d *dirStore) stat(key string, e fs.DirEntry) (isDir bool, size int64, err error) {
	var fi fs.FileInfo
	if e.Type()&fs.ModeSymlink != 0 {
		fi, err = fs.Stat(d.fsys, key)
	} else {
		fi, err = e.Info()
	}
	if err != nil {
		return false, 0, err
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return false, 0, errors.New("not a regular file")
	}
	return fi.IsDir(), fi.Size(), nil
}

func (d *dirStore) open(_ context.Context, o *object) (io.ReadCloser, error) {
	return d.fsys.Open(o.key)
}

func (d *dirStore) readerAt(_ context.Context, o *object) (readerAtCloser, error) {
	f, err := d.fsys.Open(o.key)
	if err != nil {
		return nil, err
	}
	ra, ok := f.(readerAtCloser)
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s: no random access", o.source)
	}
	return ra, nil
}

// streamStore is standard input: one object, read once.
type streamStore struct{ r io.Reader }

func (s streamStore) list(context.Context, string) (listing, error) { return listing{}, nil }
func (s streamStore) open(context.Context, *object) (io.ReadCloser, error) {
	return io.NopCloser(s.r), nil
}
func (s streamStore) readerAt(context.Context, *object) (readerAtCloser, error) {
	return nil, errors.New("standard input has no random access")
}
func (s streamStore) source(string) string     { return "-" }
func (s streamStore) layoutPath(string) string { return "" }
func (s streamStore) remote() bool             { return false }
