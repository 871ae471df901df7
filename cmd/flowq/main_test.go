package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// sample is the bundled copied bucket, seen from this package's directory.
const sample = "../../testdata/sample"

// hive is a subtree of the sample.
const hive = sample + "/AWSLogs/aws-account-id=444455556666"

// damaged is a small tree of damaged objects (see testdata/README.md).
const damaged = "../../testdata/damaged"

type result struct {
	stdout, stderr string
	code           int
}

// runFlowq runs flowq in-process as a pipe would (no terminal anywhere).
func runFlowq(ctx context.Context, t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		now: func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) },
	}
	code := a.run(ctx, args)
	return result{out.String(), errOut.String(), code}
}

// elapsed hides the run time in --stats output.
var elapsed = regexp.MustCompile(`; [0-9.]+(ms|s|µs)\n`)

// inflater hides which inflater ran (FLOWQ_INFLATE, and whether this
// machine has libdeflate) from --stats and --explain output.
var inflater = regexp.MustCompile(`(; gzip: [^;\n]+|(?m)^inflate: .*$)`)

func TestGolden(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"story-raw", "", []string{"srcaddr = 10.1.2.3 and dstport = 5432 and action = REJECT", sample, "--since", "2026-01-15", "--tz", "Asia/Tokyo"}, exitMatch},
		{"story-table", "", []string{"-o", "table", "srcaddr = 10.1.2.3 and dstport = 5432 and action = REJECT", sample, "--since", "2026-01-15", "--tz", "Asia/Tokyo"}, exitMatch},
		{"damaged", "", []string{"-c", "", damaged}, exitError},
		{"table-fields", "", []string{"-o", "table", "--fields", "flow_direction,tcp_flags", "--with-source", "dstport = 22 and action = reject", hive}, exitMatch},
		{"json-with-source", "", []string{"-o", "json", "--with-source", "--limit", "3", "dstport = 443 and srcaddr in 10.0.0.0/8", hive}, exitMatch},
		{"json-fields", "", []string{"-o", "json", "--fields", "srcaddr,dstport,pkt_src_aws_service", "--limit", "3", "pkt_src_aws_service is not null", hive}, exitMatch},
		{"csv", "", []string{"-o", "csv", "--fields", "srcaddr,dstaddr,dstport,action", "--limit", "3", "protocol = udp", hive}, exitMatch},
		{"count", "", []string{"-c", "srcaddr = 198.51.100.23 and dstport = 22", sample}, exitMatch},
		{"count-hive", "", []string{"-c", "true", hive}, exitMatch},
		{"top-talkers", "", []string{"-g", "srcaddr,dstaddr", "--sort", "bytes", "--top", "3", "-o", "table", "action = ACCEPT", hive}, exitMatch},
		{"top-443-json", "", []string{"-g", "dstaddr", "--sort", "packets", "--top", "3", "-o", "json", "dstport = 443", hive}, exitMatch},
		{"top-csv", "", []string{"-g", "action", "-o", "csv", "", hive}, exitMatch},
		{"no-match", "", []string{"dstport = 1", hive}, exitNoMatch},
		{"explain", "", []string{"--explain", "dstport = 443 and start >= '2026-01-15 00:00'", hive, "--until", "2026-01-15T00:10:00Z"}, exitMatch},
		{"stats", "", []string{"--stats", "-c", "action = reject", hive}, exitMatch},
		{"stdin", "2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 22 6 1 40 1700000000 1700000060 REJECT OK\n2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 80 6 1 40 1700000000 1700000060 ACCEPT OK\n", []string{"-o", "table", "port = 22"}, exitMatch},
		{"stdin-format", "10.0.0.1 10.0.0.2 22 REJECT\n", []string{"--format", "${srcaddr} ${dstaddr} ${dstport} ${action}", "action = reject", "-"}, exitMatch},
		{"filter-error", "", []string{"srcaddr = 443", hive}, exitError},
		{"filter-unknown-field", "", []string{"dstadr = 10.0.0.1", hive}, exitError},
		{"bad-enum", "", []string{"action = REJCT", hive}, exitError},
		{"flag-error", "", []string{"--output", "yaml", "true", hive}, exitError},
		{"bad-since", "", []string{"--since", "yesterday", "true", hive}, exitError},
		{"missing-source", "", []string{"true", "no/such/dir"}, exitError},
		{"version", "", []string{"--version"}, exitMatch},
		{"help", "", []string{"--help"}, exitMatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runFlowq(context.Background(), t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, got.code, "exit code; stderr:\n%s", got.stderr)
			text := fmt.Sprintf("$ flowq %s\n--- stdout\n%s--- stderr\n%s--- exit %d\n",
				strings.Join(quoteArgs(tt.args), " "), hideInflater(got.stdout), stableStderr(got.stderr), got.code)
			path := filepath.Join("testdata", "golden", tt.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), text)
		})
	}
}

// passedOver hides, from --stats and --explain output, whether this CPU
// passes over the lines without the filter's literal (flowlog.CanSkipLines:
// AVX2 or AVX-512) and so how many records it passed over.
var passedOver = regexp.MustCompile(`( \([0-9,]+ records passed over unsplit[^)]*\)|(?m)^lines: .*$)`)

// hideInflater hides what depends on the machine: which inflater ran, and
// whether lines were passed over.
func hideInflater(s string) string {
	s = inflater.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "; gzip") {
			return "; gzip: (inflater)"
		}
		return "inflate:     (inflater)"
	})
	return passedOver.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, " (") {
			return "" // absent where lines are not passed over
		}
		return "lines:       (lines)"
	})
}

// stableStderr hides run times and sorts the per-object messages, which
// workers report as they find them.
func stableStderr(s string) string {
	s = elapsed.ReplaceAllString(s, "; (elapsed)\n")
	s = hideInflater(s)
	lines := strings.SplitAfter(s, "\n")
	i := 0
	for i < len(lines) && strings.HasPrefix(lines[i], "flowq: ../") {
		i++
	}
	slices.Sort(lines[:i])
	return strings.Join(lines, "")
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " '$*()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

// failingWriter accepts n bytes, then fails as a closed pipe does.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, syscall.EPIPE
	}
	w.n -= len(p)
	return len(p), nil
}

func TestClosedPipeEndsQuietly(t *testing.T) {
	var errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &failingWriter{n: 10}, stderr: &errOut,
		now: time.Now}
	code := a.run(context.Background(), []string{"true", hive})
	assert.Equal(t, exitMatch, code)
	assert.Empty(t, errOut.String())
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := runFlowq(ctx, t, "", "true", sample)
	assert.Equal(t, exitInterrupted, got.code)
	assert.Contains(t, got.stderr, "interrupted")
}

func TestDamagedObjects(t *testing.T) {
	dir := t.TempDir()
	good := "srcaddr dstaddr dstport action\n10.0.0.1 10.0.0.2 22 REJECT\n10.0.0.3 10.0.0.4 22 REJECT\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := io.WriteString(zw, good)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a-good.log.gz"), gz.Bytes(), 0o644))
	truncated := gz.Bytes()[:gz.Len()-12]
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b-truncated.log.gz"), truncated, 0o644))
	corrupt := append([]byte{0x1f, 0x8b}, bytes.Repeat([]byte{0xff}, 40)...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c-corrupt.log.gz"), corrupt, 0o644))

	got := runFlowq(context.Background(), t, "", "-c", "--stats", "action = reject", dir)
	assert.Equal(t, exitError, got.code, "an unreadable object makes the result incomplete")
	assert.Contains(t, got.stderr, "b-truncated.log.gz")
	assert.Contains(t, got.stderr, "c-corrupt.log.gz")
	assert.Contains(t, got.stderr, "incomplete result: 2 objects could not be read")
	// Two from the good object, and those read before the truncation.
	n, err := strconv.Atoi(strings.TrimSpace(got.stdout))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, 2)
	assert.LessOrEqual(t, n, 4)
	t.Log(got.stderr)

	got = runFlowq(context.Background(), t, "", "--strict", "-c", "action = reject", dir)
	assert.Equal(t, exitError, got.code)
}

// TestMatchesDecodeWhatIsPrinted checks that a line whose filter fields
// parse but whose printed fields do not is reported as malformed, not
// dropped without a word: JSON decodes every field, the count decodes none.
func TestMatchesDecodeWhatIsPrinted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "flows.log")
	lines := "2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 22 6 1 40 1700000000 1700000060 REJECT OK\n" +
		"2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 http 6 1 40 1700000000 1700000060 ACCEPT OK\n" +
		"2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 80 6 1 40 1700000000 1700000060 ACCEPT OK\n"
	require.NoError(t, os.WriteFile(path, []byte(lines), 0o644))
	count := runFlowq(ctx, t, "", "-c", "true", path)
	json := runFlowq(ctx, t, "", "-o", "json", "true", path)
	require.Equal(t, exitError, json.code)
	assert.Equal(t, "3\n", count.stdout, "one line is malformed only in dstport, which -c does not read")
	assert.Equal(t, 2, strings.Count(json.stdout, "\n"))
	assert.Contains(t, json.stderr, path+`:2: column 7 (dstport): "http": not a number`)
	assert.Contains(t, json.stderr, "incomplete result: 1 malformed lines were skipped")
}
