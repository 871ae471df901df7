package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The edges of issue 11 that the CLI owns: partial answers, --limit with
// groups, every skipped object named, a problem said once.

func TestLimitCutsGroupsNotRecords(t *testing.T) {
	limited := runFlowq(t.Context(), t, "", "-g", "srcaddr", "--limit", "2", "-o", "csv", "", hive)
	top := runFlowq(t.Context(), t, "", "-g", "srcaddr", "--top", "2", "-o", "csv", "", hive)
	require.Equal(t, exitMatch, limited.code, limited.stderr)
	assert.Equal(t, top.stdout, limited.stdout)
	assert.Len(t, strings.Split(strings.TrimSpace(limited.stdout), "\n"), 3, "a header and two groups")
	all := runFlowq(t.Context(), t, "", "-g", "srcaddr", "-o", "csv", "", hive)
	assert.True(t, strings.HasPrefix(all.stdout, limited.stdout), "the first groups of the whole answer, with every record counted")
}

func TestStrictSaysTheProblemOnceAndPrintsThePartialCount(t *testing.T) {
	r := runFlowq(t.Context(), t, "", "-c", "--strict", "-j", "1", "", damaged)
	assert.Equal(t, exitError, r.code)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	assert.Equal(t, 1, strings.Count(r.stderr, "wrong number of fields: 13"), "the problem that stopped the scan, once: %s", r.stderr)
	assert.Equal(t, "flowq: the scan stopped: the result above is partial", lines[len(lines)-1])
	assert.Regexp(t, `^[0-9]+\n$`, r.stdout, "the count so far is printed")
}

func TestInterruptedGroupsArePrinted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := runFlowq(ctx, t, "", "-c", "", hive)
	assert.Equal(t, exitInterrupted, r.code)
	assert.Equal(t, "0\n", r.stdout)
	assert.Contains(t, r.stderr, "interrupted after 0 matches: the result above is partial")
}

func TestEverySkippedObjectIsNamedInOrder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"c.txt", "a.json", "b.csv"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("not\na flow log\n"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "flows.log"),
		[]byte("2 123456789010 eni-1 10.0.0.1 10.0.0.2 5000 22 6 1 40 1700000000 1700000060 REJECT OK\n"), 0o644))
	r := runFlowq(t.Context(), t, "", "-c", "", dir)
	assert.Equal(t, exitMatch, r.code)
	assert.Equal(t, "1\n", r.stdout)
	var named []string
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		require.True(t, strings.HasPrefix(l, "flowq: skipped: not a flow log: "), l)
		named = append(named, filepath.Base(strings.SplitN(strings.TrimPrefix(l, "flowq: skipped: not a flow log: the first line is neither a header nor a record: "), ":", 2)[0]))
	}
	assert.Equal(t, []string{"a.json", "b.csv", "c.txt"}, named)
}

func TestFirstRecordBadInAFilteredField(t *testing.T) {
	recs := "2 111122223333 eni-0 10.0.0.1 10.0.0.2 1234 http 6 1 40 1768348910 1768348912 ACCEPT OK\n" +
		"2 111122223333 eni-0 10.0.0.1 10.0.0.2 1234 80 6 1 40 1768348910 1768348912 ACCEPT OK\n" +
		"2 111122223333 eni-0 10.0.0.1 10.0.0.2 1234 80 6 1 40 1768348910 1768348912 REJECT OK\n"
	path := filepath.Join(t.TempDir(), "firstbad.log")
	require.NoError(t, os.WriteFile(path, []byte(recs), 0o644))
	r := runFlowq(t.Context(), t, "", "-c", "dstport = 80", path)
	assert.Equal(t, "2\n", r.stdout, "the object is a flow log with one malformed line")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, path+`:1: column 7 (dstport): "http": not a number`)
	assert.Contains(t, r.stderr, "incomplete result: 1 malformed lines were skipped")

	damaged := "versoin account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" + recs[strings.Index(recs, "\n")+1:]
	require.NoError(t, os.WriteFile(path, []byte(damaged), 0o644))
	r = runFlowq(t.Context(), t, "", "-c", "", path)
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, "0\n", r.stdout, "a damaged header is never a record, and the object is not guessed at")
	assert.Contains(t, r.stderr, path+":1: damaged header line")
	assert.Contains(t, r.stderr, "1 objects could not be read")
}

func TestScopeValuesAreChecked(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--account", "12345678901"}, `flowq: --account "12345678901": an AWS account ID is 12 digits`},
		{[]string{"--region", "EU-WEST-1"}, `flowq: --region "EU-WEST-1": region codes are lower case: eu-west-1`},
		{[]string{"--region", "tokyo"}, `flowq: --region "tokyo": not a region code (like us-east-1 or ap-northeast-1)`},
	}
	for _, tt := range tests {
		r := runFlowq(t.Context(), t, "", append(tt.args, "", hive)...)
		assert.Equal(t, exitError, r.code)
		assert.Equal(t, tt.msg, strings.SplitN(r.stderr, "\n", 2)[0])
	}
	ok := runFlowq(t.Context(), t, "", "-c", "--account", "444455556666", "--region", "us-east-1,ap-northeast-1", "", hive)
	assert.Equal(t, exitMatch, ok.code, ok.stderr)
}

func TestNothingReadIsNotNothingMatched(t *testing.T) {
	empty := t.TempDir()
	r := runFlowq(t.Context(), t, "", "-c", "", empty)
	assert.Equal(t, exitNoMatch, r.code)
	assert.Equal(t, "flowq: nothing was read: no objects under "+empty+"\n", r.stderr)

	r = runFlowq(t.Context(), t, "", "-c", "", hive, "--since", "2030-01-01")
	assert.Equal(t, exitNoMatch, r.code)
	assert.Contains(t, r.stderr, "flowq: nothing was read: ")
	assert.Contains(t, r.stderr, "were outside the time window, accounts or regions asked for (--explain shows them)")

	r = runFlowq(t.Context(), t, "", "-c", "dstport = 1", hive)
	assert.Equal(t, exitNoMatch, r.code)
	assert.Empty(t, r.stderr, "records were read; none matched")
}

func TestHeaderlessInputOfAnotherFormatIsAnError(t *testing.T) {
	stdin := "10.0.0.1 10.0.0.2 22 REJECT\n10.0.0.3 10.0.0.2 22 ACCEPT\n"
	r := runFlowq(t.Context(), t, stdin, "-c", "", "-")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "flowq: skipped: not a flow log: the first line is neither a header nor a record: -:1: wrong number of fields: 4")
	assert.Contains(t, r.stderr, "hint: if it is a flow log without a header line")
	ok := runFlowq(t.Context(), t, stdin, "-c", "--format", "${srcaddr} ${dstaddr} ${dstport} ${action}", "", "-")
	assert.Equal(t, "2\n", ok.stdout)
	assert.Equal(t, exitMatch, ok.code)
}

func TestGroupTablesNameProtocols(t *testing.T) {
	table := runFlowq(t.Context(), t, "", "-g", "protocol", "-o", "table", "--top", "1", "", hive)
	assert.Contains(t, table.stdout, "\nTCP ", "as record tables show it")
	csv := runFlowq(t.Context(), t, "", "-g", "protocol", "-o", "csv", "--top", "1", "", hive)
	assert.Contains(t, csv.stdout, "\n6,", "data formats keep the number")
}

func TestMessagesComeInObjectOrder(t *testing.T) {
	first := runFlowq(t.Context(), t, "", "-c", "-j", "4", "", damaged)
	lines := strings.Split(strings.TrimSpace(first.stderr), "\n")
	require.Len(t, lines, 5, first.stderr)
	for i, want := range []string{"_20260114T1500Z_", "_20260114T1505Z_", "_20260114T1510Z_"} {
		assert.Contains(t, lines[i], want, "problems come in key order, as records do")
	}
	for range 10 {
		again := runFlowq(t.Context(), t, "", "-c", "-j", "4", "", damaged)
		require.Equal(t, first.stderr, again.stderr, "the same messages in the same order on every run")
	}
}

func TestGroupByDayAndHourInTheZone(t *testing.T) {
	r := runFlowq(t.Context(), t, "", "-g", "hour", "--sort", "hour", "-o", "csv", "--tz", "Asia/Tokyo", "", hive)
	require.Equal(t, exitMatch, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	assert.Equal(t, "hour,records,packets,bytes,first_start,last_end", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "2026-01-15 08:00,"), "23:45 UTC is 08:45 in Tokyo: %s", lines[1])
	all := runFlowq(t.Context(), t, "", "-c", "", hive)
	var sum int
	for _, l := range lines[1:] {
		var n int
		_, err := fmt.Sscanf(strings.Split(l, ",")[1], "%d", &n)
		require.NoError(t, err)
		sum += n
	}
	assert.Equal(t, strings.TrimSpace(all.stdout), fmt.Sprint(sum), "every record in one hour")
	day := runFlowq(t.Context(), t, "", "-g", "day", "-o", "csv", "", hive)
	assert.Contains(t, day.stdout, "\n2026-01-14,")
	assert.Contains(t, day.stdout, "\n2026-01-15,")
}

func TestGroupByEitherSide(t *testing.T) {
	r := runFlowq(t.Context(), t, "", "-g", "addr", "--sort", "records", "--top", "3", "-o", "csv", "action = accept", hive)
	require.Equal(t, exitMatch, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 4)
	assert.Equal(t, "addr,records,packets,bytes,first_start,last_end", lines[0])
	for _, l := range lines[1:] {
		cells := strings.Split(l, ",")
		count := runFlowq(t.Context(), t, "", "-c", "addr = "+cells[0]+" and action = accept", hive)
		assert.Equal(t, cells[1]+"\n", count.stdout, "a host's group holds every flow it is on either side of")
	}
}
