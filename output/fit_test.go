package output

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

const v2Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"

// tableOf prints lines as the default table, cut to maxWidth.
func tableOf(t *testing.T, maxWidth int, lines ...string) (string, int64) {
	t.Helper()
	var out bytes.Buffer
	w := NewWriter(&out, Options{Mode: Table, MaxWidth: maxWidth})
	rd := flowlog.NewReader(strings.NewReader(v2Header+"\n"+strings.Join(lines, "\n")+"\n"), flowlog.ReaderOptions{})
	for rd.Scan() {
		require.NoError(t, w.Write(scan.Match{Record: rd.Record(), Source: "x", Line: rd.Record().LineNumber()}))
	}
	require.NoError(t, rd.Err())
	require.NoError(t, w.Flush())
	return out.String(), w.Shortened()
}

func TestTableFitsTheTerminal(t *testing.T) {
	const v4 = "2 123456789012 eni-0b529943c708c81d8 10.1.7.196 10.0.0.12 40000 443 6 3 1368 1768402973 1768402980 ACCEPT OK"
	const v6 = "2 123456789012 eni-0b529943c708c81d8 2600:1f18:24e6:ab00:5d4f:9a1c:2b3e:8a3c 2a05:d018:abcd:1200:aaaa:bbbb:cccc:dddd 40000 443 6 3 1368 1768402973 1768402980 ACCEPT OK"
	tests := []struct {
		name      string
		width     int
		lines     []string
		shortened int64
		contains  []string
	}{
		{"fits: nothing cut", 120, []string{v4}, 0, []string{"10.1.7.196", "eni-0b529943c708c81d8"}},
		{"no width: nothing cut", 0, []string{v6}, 0, []string{"2600:1f18:24e6:ab00:5d4f:9a1c:2b3e:8a3c"}},
		{"IPv6 at 100 columns: head and tail kept, IPv4 whole", 100, []string{v4, v6}, 4, []string{"2600:1f…3e:8a3c", "10.1.7.196  ", "eni-0b52…08c81d8"}},
		{"IPv6 at 80 columns: one-space gaps", 80, []string{v4, v6}, 4, []string{"2600:…:8a3c 2a05:…:dddd 443", "10.1.7.196 ", "eni-0b…c81d8"}},
		{"too narrow to fit: cut to the minimum, never a time", 40, []string{v6}, 3, []string{"2026-01-14 15:02:53", "2600:…8a3c", "eni-0…81d8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, shortened := tableOf(t, tt.width, tt.lines...)
			assert.Equal(t, tt.shortened, shortened, "cells shortened:\n%s", got)
			for _, want := range tt.contains {
				assert.Contains(t, got, want)
			}
			if tt.width >= 80 {
				for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
					assert.LessOrEqual(t, utf8.RuneCountInString(line), tt.width, "%q", line)
				}
			}
		})
	}
}

func TestAppendCut(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"eni-0b529943c708c81d8", 10, "eni-0…81d8"},
		{"abcdef", 4, "ab…f"},
		{"日本語のタグ値", 5, "日本…グ値"},
	}
	for _, tt := range tests {
		got := string(appendCut(nil, []byte(tt.in), tt.width))
		assert.Equal(t, tt.want, got)
		assert.Equal(t, tt.width, utf8.RuneCountInString(got))
	}
}
