package s3test

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// Server is an S3-protocol server on 127.0.0.1 for one test.
type Server struct {
	URL     string // http://127.0.0.1:port, for path-style clients
	Faults  *Faults
	backend *s3bolt.Backend
}

// New starts a server that lives until the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "s3.db"), 0o600, &bolt.Options{NoSync: true, Timeout: time.Second})
	require.NoError(t, err)
	backend := s3bolt.New(db)
	faker := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog()), gofakes3.WithUnimplementedPageError())
	faults := &Faults{next: faker.Server()}
	ts := httptest.NewUnstartedServer(faults)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // gofakes3 writes some headers twice
	ts.Start()
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
		db.Close()
	})
	return &Server{URL: ts.URL, Faults: faults, backend: backend}
}

// CreateBucket makes a bucket.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	require.NoError(t, s.backend.CreateBucket(name))
}

// Put stores one object directly in the backend.
func (s *Server) Put(t testing.TB, bucket, key string, body []byte) {
	t.Helper()
	_, err := s.backend.PutObject(bucket, key, map[string]string{}, bytes.NewReader(body), int64(len(body)), nil)
	require.NoError(t, err)
}

// PutTree stores objects by key.
func (s *Server) PutTree(t testing.TB, bucket string, files map[string][]byte) {
	t.Helper()
	for k, b := range files {
		s.Put(t, bucket, k, b)
	}
}

// Client returns an SDK client for the server (path style, static
// credentials, us-east-1), for test setup through the SDK.
func (s *Server) Client() *s3.Client {
	return NewClient(s.URL, "test", "testtest")
}

// NewClient returns a path-style SDK client for any S3-compatible endpoint.
func NewClient(url, access, secret string) *s3.Client {
	return s3.New(s3.Options{
		BaseEndpoint:               aws.String(url),
		Region:                     "us-east-1",
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(access, secret, ""),
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
}

// Upload puts objects through the SDK (for servers other than this one).
func Upload(ctx context.Context, c *s3.Client, bucket string, files map[string][]byte) error {
	for k, b := range files {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: aws.String(k), Body: bytes.NewReader(b)}); err != nil {
			return err
		}
	}
	return nil
}
