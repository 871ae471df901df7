package serve

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var detailsLink = regexp.MustCompile(`<a class="details" href="([^"]+)"`)

// firstDetails returns the first row's details link of a results page.
func firstDetails(t *testing.T, body string) string {
	t.Helper()
	m := detailsLink.FindStringSubmatch(body)
	require.NotNil(t, m, "no details link")
	return html.UnescapeString(m[1])
}

func TestRecordDetails(t *testing.T) {
	srv := newTestServer(t, Config{})
	_, body := get(t, srv, "/search?"+storyQuery)
	link := firstDetails(t, body)
	assert.Contains(t, link, "obj=..%2Ftestdata%2Fsample%2FAWSLogs%2F111122223333")
	res, body := get(t, srv, link)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	for _, want := range []string{
		"<code>srcaddr</code>", "<code>account_id</code>", "<code>log_status</code>",
		"TCP (6)", "2026-01-15 00:28:14 Asia/Tokyo (2026-01-14 15:28:14 UTC, 1768404494)",
		"The address the traffic came from.",
		`_vpcflowlogs_ap-northeast-1_fl-0a1b2c3d4e5f60718_`, `<span id="line">`,
		"is a request (by its TCP flags or its ports) that was refused",
		"No flow in the opposite direction was found on the same interface",
	} {
		assert.True(t, strings.Contains(body, want), want)
	}
	assert.False(t, strings.Contains(body, "likely cause is a network ACL"), "no pair, no claim")

	_, body = get(t, srv, link+"&lang=ja")
	assert.True(t, strings.Contains(body, "通信の送信元アドレス。"))
	assert.True(t, strings.Contains(body, "逆方向の通信は見つかりませんでした"))
}

// pairs is a log with a refused reply to an accepted request (line 3),
// and a flow refused both ways (lines 4 and 5).
const pairs = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 111122223333 eni-1 10.0.0.5 10.0.1.9 40000 443 6 3 180 1768404600 1768404660 ACCEPT OK
2 111122223333 eni-1 10.0.1.9 10.0.0.5 443 40000 6 3 180 1768404610 1768404660 REJECT OK
2 111122223333 eni-1 10.0.0.7 10.0.1.9 40001 22 6 1 60 1768404600 1768404660 REJECT OK
2 111122223333 eni-1 10.0.1.9 10.0.0.7 22 40001 6 1 60 1768404620 1768404660 REJECT OK
`

func TestRecordHintFromThePairedFlow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flows.log")
	require.NoError(t, os.WriteFile(path, []byte(pairs), 0o644))
	srv := newTestServer(t, Config{Sources: []string{path}})
	tests := []struct {
		line, start, want, not string
	}{
		{"3", "1768404610", "1 accepted flows in the opposite direction on the same interface", "No flow in the opposite"},
		{"4", "1768404600", "Flows in the opposite direction (1) were blocked too", "network ACL."},
		{"2", "1768404600", "", `id="hint"`},
	}
	for _, tt := range tests {
		res, body := get(t, srv, "/record?obj="+url.QueryEscape(path)+"&line="+tt.line+"&t="+tt.start)
		require.Equal(t, http.StatusOK, res.StatusCode, tt.line)
		assert.True(t, strings.Contains(body, tt.want), tt.line)
		assert.False(t, strings.Contains(body, tt.not), tt.line)
	}
	_, body := get(t, srv, "/record?obj="+url.QueryEscape(path)+"&line=3&t=1768404610")
	m := regexp.MustCompile(`<a id="pair" href="([^"]+)"`).FindStringSubmatch(body)
	require.NotNil(t, m)
	_, body = get(t, srv, html.UnescapeString(m[1]))
	assert.Equal(t, 1, strings.Count(body, `<tr class="accept">`), "the pair link finds the accepted request")
}

func TestRecordOutsideTheGrantIsRefused(t *testing.T) {
	open := newTestServer(t, Config{})
	_, body := get(t, open, "/search?"+storyQuery)
	link := firstDetails(t, body)
	granted := newTestServer(t, Config{Grants: grantOnly(t, "444455556666")})
	res, _ := get(t, granted, link)
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the record of another account is not shown")
}

// situations is the tree internal/gen.Situations writes: one REJECT story
// per case that package reject tells apart.
const situations = "../testdata/situations"

// TestRecordHintOnSituations opens the details of each REJECT story of
// the situations tree: the hint says what package reject says, and no
// more.
func TestRecordHintOnSituations(t *testing.T) {
	srv := newTestServer(t, Config{Sources: []string{situations}})
	tests := []struct {
		name, search string
		want, not    []string
	}{
		{"a network ACL drops responses", "src=198.51.100.80&action=blocked",
			[]string{"This blocked flow is a reply", "1 accepted flows in the opposite direction on the same interface", "The likely cause is a network ACL."},
			[]string{"that was refused", "No accepted request"}},
		{"a security group (or a NACL) drops requests", "src=203.0.113.66&action=blocked",
			[]string{"is a request (by its TCP flags or its ports) that was refused", "flow logs do not say which",
				"No flow in the opposite direction was found on the same interface"},
			[]string{"network ACL.", "likely cause"}},
		{"a stray response", "src=192.0.2.9&action=blocked",
			[]string{"No accepted request in the opposite direction was found", "the logs do not say which rule refused it"},
			[]string{"likely cause", "that was refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, srv, firstDetails(t, body0(t, srv, "/search?"+tt.search+"&lang=en")))
			require.Equal(t, http.StatusOK, res.StatusCode, body)
			require.Contains(t, body, `id="hint"`)
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, body, n)
			}
		})
	}
}

// TestRecordHintWithinTheGrant: a reverse flow in an account the user may
// not search does not count as evidence.
func TestRecordHintWithinTheGrant(t *testing.T) {
	dir := t.TempDir()
	for acct, line := range map[string]string{
		"111122223333": "2 111122223333 eni-1 10.0.1.9 10.0.0.5 443 40000 6 3 180 1768404610 1768404660 REJECT OK",
		"444455556666": "2 444455556666 eni-1 10.0.0.5 10.0.1.9 40000 443 6 3 180 1768404600 1768404660 ACCEPT OK",
	} {
		p := filepath.Join(dir, "AWSLogs", acct, "vpcflowlogs", "us-east-1", "2026", "01", "14")
		require.NoError(t, os.MkdirAll(p, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(p, "flows.log"),
			[]byte("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"+line+"\n"), 0o644))
	}
	open := newTestServer(t, Config{Sources: []string{dir}})
	link := firstDetails(t, body0(t, open, "/search?action=blocked&lang=en"))
	assert.Contains(t, body0(t, open, link), "The likely cause is a network ACL.", "with both accounts, the request is found")
	granted := newTestServer(t, Config{Sources: []string{dir}, Grants: grantOnly(t, "111122223333")})
	body := body0(t, granted, link)
	assert.Contains(t, body, "No accepted request in the opposite direction was found")
	assert.NotContains(t, body, "likely cause")
}
