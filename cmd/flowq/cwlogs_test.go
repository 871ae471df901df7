package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/internal/cwltest"
	"github.com/flowq/flowq/internal/s3test"
)

// loadGroup puts the records of the sample objects below dir into a log
// group of srv, one stream per interface, as CloudWatch Logs holds them:
// no header, the event timestamp the record's start. It returns the
// format the header lines gave, as --format takes it.
func loadGroup(t *testing.T, srv *cwltest.Server, group, dir string) string {
	var format string
	eachSampleLine(t, dir, func(header []string, line string) {
		format = "${" + strings.Join(header, "} ${") + "}"
		tok := strings.Fields(line)
		eni, start := slices.Index(header, "interface-id"), slices.Index(header, "start")
		s, err := strconv.ParseInt(tok[start], 10, 64)
		require.NoError(t, err)
		srv.Put(group, tok[eni]+"-all", cwltest.Event{Time: s * 1000, Message: line})
	})
	return format
}

// srvEvents reads the records below dir as events (start as timestamp).
func srvEvents(t *testing.T, dir string) []cwltest.Event {
	var out []cwltest.Event
	eachSampleLine(t, dir, func(header []string, line string) {
		s, err := strconv.ParseInt(strings.Fields(line)[slices.Index(header, "start")], 10, 64)
		require.NoError(t, err)
		out = append(out, cwltest.Event{Time: s * 1000, Message: line})
	})
	return out
}

// eachSampleLine calls fn with every record line of the gzip objects
// below dir and the fields of its object's header line.
func eachSampleLine(t *testing.T, dir string, fn func(header []string, line string)) {
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		require.NoError(t, err)
		defer f.Close()
		zr, err := gzip.NewReader(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(zr)
		require.True(t, sc.Scan(), p)
		header := strings.Fields(sc.Text())
		for sc.Scan() {
			fn(header, sc.Text())
		}
		return sc.Err()
	}))
}

// shellWords splits a README command line: words, and '...' quoted.
func shellWords(t *testing.T, s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '\'' {
			end := strings.IndexByte(s[1:], '\'')
			require.GreaterOrEqual(t, end, 0, s)
			out, s = append(out, s[1:end+1]), s[end+2:]
			continue
		}
		w, rest, _ := strings.Cut(s, " ")
		out, s = append(out, w), rest
	}
	return out
}

// TestCloudWatchLogs runs flowq on a log group of the fake server, found
// through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, and checks it answers exactly
// as on the same records in S3-layout objects on disk.
func TestCloudWatchLogs(t *testing.T) {
	s3test.IsolateEnv(t)
	srv := cwltest.New()
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", srv.URL)
	format := loadGroup(t, srv, "/aws/vpc/flowlogs", hive)
	group := []string{"cwlogs:/aws/vpc/flowlogs", "--format", format}
	arn := []string{"arn:aws:logs:us-east-1:444455556666:log-group:/aws/vpc/flowlogs:*", "--format", format}
	ctx := context.Background()
	sortedLines := func(s string) []string { return slices.Sorted(slices.Values(strings.Split(s, "\n"))) }
	for _, q := range [][]string{
		{"-o", "raw", "dstport = 22 and action = reject"},
		{"-o", "raw", "interface_id = 'eni-0edaa05d70fb99891'"},
		{"-c", "start >= '2026-01-15 00:00' and \"end\" < '2026-01-15 00:10'"},
		{"-c", "true", "--since", "2026-01-15 00:05", "--until", "2026-01-15 00:08"},
		{"-g", "dstaddr", "--top", "3", "-o", "csv", "dstport = 443"},
	} {
		local := runFlowq(ctx, t, "", append(q, hive)...)
		require.Equal(t, exitMatch, local.code, "%v: %s", q, local.stderr)
		for _, src := range [][]string{group, arn} {
			remote := runFlowq(ctx, t, "", append(q, src...)...)
			assert.Equal(t, local.code, remote.code, "%v: %s", q, remote.stderr)
			assert.Equal(t, sortedLines(local.stdout), sortedLines(remote.stdout), "%v", q)
		}
	}

	t.Run("provenance and stream prefix", func(t *testing.T) {
		r := runFlowq(ctx, t, "", append([]string{"-o", "csv", "--with-source", "--fields", "log_group,log_stream,event_id,event_time,interface_id",
			"--log-stream-prefix", "eni-0edaa05d70fb99891", "true"}, group...)...)
		require.Equal(t, exitMatch, r.code, r.stderr)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		require.Greater(t, len(lines), 2)
		assert.Contains(t, lines[0], "log_group,log_stream,event_id,event_time,interface_id")
		for _, l := range lines[1:] {
			assert.Contains(t, l, "cwlogs:/aws/vpc/flowlogs:eni-0edaa05d70fb99891-all")
			assert.Contains(t, l, ",/aws/vpc/flowlogs,eni-0edaa05d70fb99891-all,")
			assert.Contains(t, l, ",2026-01-1")
		}
	})

	t.Run("the README's commands work", func(t *testing.T) {
		readmeSrv := cwltest.New() // default-format records, and v2 + vpc-id ones
		defer readmeSrv.Close()
		t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", readmeSrv.URL)
		for _, e := range srvEvents(t, hive) {
			tok := strings.Fields(e.Message)
			stream := tok[2] + "-all"
			readmeSrv.Put("/aws/vpc/flowlogs", stream, cwltest.Event{Time: e.Time, Message: strings.Join(tok[:14], " ")})
			readmeSrv.Put("/custom/format/group", stream, cwltest.Event{Time: e.Time, Message: strings.Join(tok[:15], " ")})
		}
		readme, err := os.ReadFile("../../README.md")
		require.NoError(t, err)
		_, sec, _ := strings.Cut(string(readme), "## CloudWatch Logs\n\n```sh\n")
		sec, _, _ = strings.Cut(sec, "```")
		cmds := strings.Split(strings.TrimSpace(sec), "\n")
		require.Len(t, cmds, 4)
		for _, c := range cmds {
			args := shellWords(t, strings.TrimPrefix(c, "flowq "))
			r := runFlowq(ctx, t, "", args...)
			assert.Contains(t, []int{exitMatch, exitNoMatch}, r.code, "%s: %s", c, r.stderr)
			assert.Empty(t, r.stderr, c)
		}
	})

	t.Run("explain shows the filter pattern", func(t *testing.T) {
		r := runFlowq(ctx, t, "", append([]string{"--explain", "interface_id in ('eni-0edaa05d70fb99891', 'eni-1') and dstport = 22"}, group...)...)
		require.Equal(t, exitMatch, r.code, r.stderr)
		assert.Contains(t, r.stdout, `log groups:  FilterLogEvents asks only for events matching ?"eni-0edaa05d70fb99891" ?"eni-1"`)
		assert.Contains(t, r.stdout, "cwlogs:/aws/vpc/flowlogs")
	})

	t.Run("a group that is not there is named and exits 2", func(t *testing.T) {
		r := runFlowq(ctx, t, "", "-c", "true", "cwlogs:/no/such/group")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "cwlogs:/no/such/group")
		assert.Contains(t, r.stderr, "ResourceNotFoundException")
	})

	t.Run("throttling is retried", func(t *testing.T) {
		srv.Inject(cwltest.Fault{Kind: cwltest.Throttle, Op: "FilterLogEvents", Count: 2})
		local := runFlowq(ctx, t, "", "-c", "true", hive)
		r := runFlowq(ctx, t, "", append([]string{"-c", "true"}, group...)...)
		assert.Equal(t, exitMatch, r.code, r.stderr)
		assert.Equal(t, local.stdout, r.stdout)
	})
}
