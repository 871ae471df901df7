package s3test

import (
	"path/filepath"
	"testing"
)

// IsolateEnv cuts the AWS SDK off from the machine for the rest of a test:
// static test credentials (test/testtest), empty config files, region
// us-east-1, no IMDS (which lives on 169.254.169.254, off loopback), and
// no endpoint, profile or CA bundle from the caller's environment.
func IsolateEnv(tb testing.TB) {
	tb.Helper()
	dir := tb.TempDir()
	tb.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	tb.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	tb.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	tb.Setenv("AWS_ACCESS_KEY_ID", "test")
	tb.Setenv("AWS_SECRET_ACCESS_KEY", "testtest")
	tb.Setenv("AWS_REGION", "us-east-1")
	for _, v := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE"} {
		tb.Setenv(v, "")
	}
}
