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
	"sync"
	"time"

	"github.com/flowq/flowq/flowlog"
)

// Source is a place where flow log objects live: a directory tree, an S3
// bucket, standard input, or a caller's own (an in-memory bucket in a test,
// another store). Its methods are called from several goroutines at once,
// so it must be safe for concurrent use. scan only reads through it.
type Source interface {
	// List returns what lies directly below prefix, as S3 lists with
	// Delimiter "/": folders (full keys ending in "/") and objects. For a
	// prefix not ending in "/", that is every folder and object whose key
	// starts with it. scope is what the scan wants: a source that can narrow
	// a listing on its side uses it, others ignore it. scan prunes what is
	// listed by layout and name afterwards, and checks every record.
	List(ctx context.Context, prefix string, scope Scope) (Listing, error)
	// Open returns the object's bytes from the start. scope is as for List:
	// a source that can fetch only the wanted records may.
	Open(ctx context.Context, obj Object, scope Scope) (io.ReadCloser, error)
	// Name returns how people see key: "s3://bucket/key", a file path, "-".
	Name(key string) string
}

// RangeSource is a Source that also serves byte ranges of an object, which
// Parquet objects need (their footer is read first). Without it, Parquet
// objects of the source are skipped with ErrParquet.
type RangeSource interface {
	Source
	OpenRange(ctx context.Context, obj Object) (ReaderAtCloser, error)
}

// RemoteSource is a Source whose reads cross a network: a read that fails
// mid-object is retried from the start (records already delivered are not
// delivered again), and a scan of it runs more workers.
type RemoteSource interface {
	Source
	Remote() bool
}

// ReaderAtCloser is random access to one object.
type ReaderAtCloser interface {
	io.ReaderAt
	io.Closer
}

// Object is one object of a Source.
type Object struct {
	Key  string
	Size int64 // -1 if unknown (a stream)
	// ETag and Modified are what the listing says of the object, if it
	// does (S3: its ETag and LastModified; a file: its modification
	// time), for evidence manifests (OnObject).
	ETag     string
	Modified time.Time
}

// Listing is the content of one folder.
type Listing struct {
	Dirs    []string // full keys ending in "/"
	Objects []Object
	// Skipped are entries that cannot be read as objects, with the reason
	// (a named pipe, a dangling link): scan counts and names them, so that
	// nothing is passed over in silence.
	Skipped []Skipped
	// Requests is how many requests the listing took, for Stats; 0 if the
	// source does not say.
	Requests int64
}

// Skipped is an entry of a listing that is not read, and why.
type Skipped struct {
	Key    string
	Reason error
}

// Scope is what a scan wants, handed to sources so that those which can
// prune on their side do: the record time window, and the accounts and
// regions selected (empty means all).
type Scope struct {
	Window            Window
	Accounts, Regions []string
}

// Location is one place to scan: a Source and the key prefix below which
// to read ("" for everything).
type Location struct {
	Source Source
	Prefix string
}

// layoutPather is implemented by sources whose keys are relative to a
// root that may itself sit inside the AWS layout (a directory given as
// .../AWSLogs/123456789012/): it returns the path to interpret.
type layoutPather interface{ layoutPath(key string) string }

// object is one object on its way through a scan.
type object struct {
	src    Source
	key    string
	source string // what users see: Source.Name(key)
	size   int64  // -1 if unknown
	info   FileInfo
	named  bool // info was parsed from the name
	path   PathInfo
	origin *flowlog.Origin
	listed Object // as listed: its ETag and time, for OnObject
}

func newObject(src Source, key string, size int64) *object {
	o := &object{src: src, key: key, source: src.Name(key), size: size}
	o.info, o.named = ParseFileName(key)
	o.path = ParsePath(layoutPath(src, key))
	account, region := o.path.Account, o.path.Region
	if o.named {
		account, region = o.info.Account, o.info.Region
	}
	if a, r := partitionOf(src, key); a != "" || r != "" {
		account, region = a, r
	}
	o.origin = flowlog.NewOrigin(o.source,
		flowlog.FieldValue{Field: flowlog.AccountID, Text: []byte(account)},
		flowlog.FieldValue{Field: flowlog.Region, Text: []byte(region)})
	return o
}

func layoutPath(src Source, key string) string {
	if lp, ok := src.(layoutPather); ok {
		return lp.layoutPath(key)
	}
	return key
}

func isRemote(src Source) bool {
	r, ok := src.(RemoteSource)
	return ok && r.Remote()
}

// dirSource is a local directory tree read through fs.FS. Each file and
// folder is read once, however many links lead to it (see follow).
type dirSource struct {
	root string // as the user gave it
	abs  string // absolute, slash-separated, for layout parsing
	real string // the root with every link resolved
	fsys fs.FS

	mu      sync.Mutex
	reached map[string]bool // real paths already reached through a link
}

func newDirSource(root string) (*dirSource, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &dirSource{root: root, abs: filepath.ToSlash(abs), real: real, fsys: os.DirFS(root),
		reached: map[string]bool{}}, nil
}

func (d *dirSource) Name(key string) string       { return filepath.Join(d.root, filepath.FromSlash(key)) }
func (d *dirSource) layoutPath(key string) string { return strings.TrimSuffix(d.abs, "/") + "/" + key }

func (d *dirSource) List(_ context.Context, prefix string, _ Scope) (Listing, error) {
	dir := strings.TrimSuffix(prefix, "/")
	if dir == "" {
		dir = "."
	}
	entries, err := fs.ReadDir(d.fsys, dir)
	if err != nil {
		return Listing{}, err
	}
	var l Listing
	for _, e := range entries {
		key := path.Join(dir, e.Name())
		fi, err := d.stat(key, e)
		switch {
		case errors.Is(err, errSeen):
			continue // read through its own path, or another link
		case err != nil:
			l.Skipped = append(l.Skipped, Skipped{Key: key, Reason: err})
		case fi.IsDir():
			l.Dirs = append(l.Dirs, key+"/")
		default:
			l.Objects = append(l.Objects, Object{Key: key, Size: fi.Size(), Modified: fi.ModTime().UTC()})
		}
	}
	return l, nil
}

// errSeen marks a link to what the walk reaches anyway.
var errSeen = errors.New("reached by another path")

// stat reports what an entry is, following links, and errSeen for a link
// that would read something twice or loop; a FIFO, a socket or a device
// is an error, as reading it would block or make no sense.
func (d *dirSource) stat(key string, e fs.DirEntry) (fs.FileInfo, error) {
	if e.Type()&fs.ModeSymlink == 0 {
		fi, err := e.Info()
		if err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("not a regular file: %s", kindOf(fi.Mode()))
		}
		return fi, err
	}
	fi, err := fs.Stat(d.fsys, key)
	if err != nil {
		return nil, fmt.Errorf("a symbolic link to nothing readable: %w", err)
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("a symbolic link to something not a regular file: %s", kindOf(fi.Mode()))
	}
	if !d.follow(key) {
		return nil, errSeen
	}
	return fi, nil
}

// follow decides whether a link at key is walked: not if it leads inside
// the root (its target is read by its own path), to the root or above it
// (a loop), or to what another link already reached.
func (d *dirSource) follow(key string) bool {
	target, err := filepath.EvalSymlinks(filepath.Join(d.real, filepath.FromSlash(key)))
	if err != nil {
		return false
	}
	if within(target, d.real) || within(d.real, target) {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for p := range d.reached {
		if within(target, p) {
			return false
		}
	}
	d.reached[target] = true
	return true
}

// kindOf names a file mode that is neither a folder nor a regular file.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

// within reports whether path p is dir or below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (d *dirSource) Open(_ context.Context, o Object, _ Scope) (io.ReadCloser, error) {
	return d.fsys.Open(o.Key)
}

func (d *dirSource) OpenRange(_ context.Context, o Object) (ReaderAtCloser, error) {
	f, err := d.fsys.Open(o.Key)
	if err != nil {
		return nil, err
	}
	ra, ok := f.(ReaderAtCloser)
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s: no random access", d.Name(o.Key))
	}
	return ra, nil
}

// fileSource is a single local file given as a source: its one object's
// key is its path.
type fileSource struct{ path string }

func (f fileSource) List(context.Context, string, Scope) (Listing, error) {
	fi, err := os.Stat(f.path)
	if err != nil {
		return Listing{}, err
	}
	return Listing{Objects: []Object{{Key: f.path, Size: fi.Size(), Modified: fi.ModTime().UTC()}}}, nil
}
func (f fileSource) Open(context.Context, Object, Scope) (io.ReadCloser, error) {
	return os.Open(f.path)
}
func (f fileSource) OpenRange(context.Context, Object) (ReaderAtCloser, error) {
	return os.Open(f.path)
}
func (f fileSource) Name(string) string { return f.path }
func (f fileSource) layoutPath(string) string {
	abs, err := filepath.Abs(f.path)
	if err != nil {
		return f.path
	}
	return filepath.ToSlash(abs)
}

// streamSource is standard input: one object, read once.
type streamSource struct{ r io.Reader }

func (s streamSource) List(context.Context, string, Scope) (Listing, error) {
	return Listing{Objects: []Object{{Key: "-", Size: -1}}}, nil
}
func (s streamSource) Open(context.Context, Object, Scope) (io.ReadCloser, error) {
	return io.NopCloser(s.r), nil
}
func (s streamSource) Name(string) string { return "-" }
