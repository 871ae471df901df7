package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/scan"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refuseAll is an authenticator that lets nobody in.
type refuseAll struct{}

func (refuseAll) Wrap(http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "refused", http.StatusUnauthorized)
	})
}
func (refuseAll) Mount(*http.ServeMux) {}

// routes are every route of the page, with a request that would succeed.
var routes = []string{
	"/",
	"/search",
	"/search?" + storyQuery,
	"/search?" + storyQuery + "&format=csv",
	"/search?" + storyQuery + "&format=ndjson",
	"/events?" + storyQuery,
	"/record?obj=x&line=1&t=1",
	"/static/flowq.js",
	"/static/flowq.css",
	"/static/",
	"/no/such/route",
}

func TestEveryRouteIsBehindAuth(t *testing.T) {
	audit := &syncBuffer{}
	srv := newTestServer(t, Config{Auth: refuseAll{}, Audit: audit})
	for _, target := range routes {
		res, body := get(t, srv, target)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode, target)
		assert.Equal(t, "refused\n", body, target)
		assert.Equal(t, "no-store", res.Header.Get("Cache-Control"), target)
	}
	assert.Empty(t, audit.String(), "no search ran")
}

func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, target := range routes {
		res, _ := get(t, srv, target)
		h := res.Header
		assert.Equal(t, contentSecurityPolicy, h.Get("Content-Security-Policy"), target)
		assert.Contains(t, h.Get("Content-Security-Policy"), "script-src 'self'")
		assert.Contains(t, h.Get("Content-Security-Policy"), "frame-ancestors 'none'")
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), target)
		assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"), target)
		assert.Equal(t, "no-store", h.Get("Cache-Control"), target)
	}
}

func TestRouteAnswers(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct {
		target, contains string
		code             int
		ctype            string
	}{
		{"/", `<form id="search"`, 200, "text/html"},
		{"/search", `<label for="src">`, 200, "text/html"},
		{"/search?" + storyQuery + "&format=csv", "version,account_id,", 200, "text/csv"},
		{"/search?" + storyQuery + "&format=ndjson", `"srcaddr":"10.1.2.3"`, 200, "application/x-ndjson"},
		{"/events?" + storyQuery, "event: done", 200, "text/event-stream"},
		{"/events?port=99999", "event: invalid", 200, "text/event-stream"},
		{"/record?obj=x&line=1&t=1", "This record was not found", 404, "text/html"},
		{"/record?obj=x", "does not name a record", 400, "text/html"},
		{"/static/flowq.js", "EventSource", 200, "text/javascript"},
		{"/static/flowq.css", "tr.reject", 200, "text/css"},
		{"/no/such/route", "404", 404, "text/plain"},
	}
	for _, tt := range tests {
		res, body := get(t, srv, tt.target)
		assert.Equal(t, tt.code, res.StatusCode, tt.target)
		assert.Contains(t, body, tt.contains, tt.target)
		assert.Contains(t, res.Header.Get("Content-Type"), tt.ctype, tt.target)
	}
}

func TestNoStateChangingMethods(t *testing.T) {
	srv := newTestServer(t, Config{})
	for _, target := range []string{"/search?" + storyQuery, "/events", "/record"} {
		req := httptest.NewRequest(http.MethodPost, target, nil)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, target)
	}
	req := httptest.NewRequest(http.MethodPost, "/search", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code, "a cross-site POST is refused")
}

func TestBadInputIsSaidNextToItsField(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct{ query, field, msg string }{
		{"src=10.1.2", "src", "Not an IP address"},
		{"dst=example.com", "dst", "Not an IP address"},
		{"port=65536", "port", "A port is a number from 0 to 65535"},
		{"protocol=tcpp", "protocol", "Use TCP"},
		{"action=maybe", "action", "Choose allowed"},
		{"account=123", "account", "An account ID is 12 digits"},
		{"region=Tokyo", "region", "Not a region"},
		{"since=yesterday", "since", "Not a time"},
		{"since=2026-01-15&until=2026-01-14", "until", "Until must be after From"},
		{"tz=Mars/Olympus", "tz", "Unknown time zone"},
		{"q=dstport+%3D", "q", "The query is not valid"},
		{"sort=bytes", "sort", "Choose an order"},
	}
	for _, tt := range tests {
		res, body := get(t, srv, "/search?"+tt.query)
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, tt.query)
		assert.True(t, strings.Contains(body, `id="`+tt.field+`-err" role="alert">⚠ `+tt.msg), tt.query)
		assert.False(t, strings.Contains(body, `<tr class=`), "nothing ran")
	}
	_, body := get(t, srv, "/search?port=22&lang=ja")
	assert.False(t, strings.Contains(body, `-err"`), "a good search has no messages")
}

func TestHostileValuesAreText(t *testing.T) {
	srv := newTestServer(t, Config{})
	_, body := get(t, srv, "/search?q="+strings.ReplaceAll("instance_tag = '<script>alert(1)</script>'", " ", "+"))
	assert.NotContains(t, body, "<script>alert(1)")
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
}

func TestAuditLogSaysHowSearchesEnd(t *testing.T) {
	audit := &syncBuffer{}
	srv := newTestServer(t, Config{Audit: audit, MaxRows: 3})
	get(t, srv, "/search?"+storyQuery, "Accept-Language", "ja")
	var e auditEntry
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(audit.String())), &e))
	assert.Equal(t, "anonymous", e.Who)
	assert.Equal(t, "search", e.Route)
	assert.Equal(t, int64(3), e.Rows)
	assert.True(t, e.Capped)
	assert.False(t, e.Cancelled)
	assert.Equal(t, "2026-01-14T15:00:00Z", e.Since)
	assert.Equal(t, []string{sample}, e.Sources)
	assert.Equal(t, "Asia/Tokyo", e.Zone)

	audit = &syncBuffer{}
	srv = newTestServer(t, Config{Audit: audit})
	get(t, srv, "/search?port=22&since=90m")
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(audit.String())), &e))
	assert.Equal(t, testNow.Add(-90*time.Minute).Format(time.RFC3339), e.Since, "an age counts back from now")
	assert.Empty(t, e.Until)
}

func TestGrantsLimitAccounts(t *testing.T) {
	audit := &syncBuffer{}
	srv := newTestServer(t, Config{Grants: grantOnly(t, "444455556666"), Audit: audit})
	res, body := get(t, srv, "/search?account=111122223333&port=5432")
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "You may not search this account")
	assert.Contains(t, audit.String(), `"refused":"account not granted: 111122223333"`)
	_, body = get(t, srv, "/search?"+storyQuery)
	assert.Contains(t, body, "No record matched", "the story is in 111122223333, which is not granted")
	assert.NotContains(t, body, `<option value="111122223333"`, "only granted accounts are offered")
	assert.Contains(t, body, `<option value="444455556666"`)
	_, body = get(t, srv, "/search?"+storyQuery+"&format=ndjson")
	assert.Empty(t, body, "downloads are granted the same way")

	none := newTestServer(t, Config{Grants: grantOnly(t)})
	res, body = get(t, none, "/search?port=22")
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "You may not search any account")
}

func TestLimitsSayWhenHit(t *testing.T) {
	capped := newTestServer(t, Config{MaxRows: 3})
	_, body := get(t, capped, "/search?"+storyQuery)
	assert.Equal(t, 3, strings.Count(body, `<tr class="reject">`))
	assert.Contains(t, body, "Only the first 3 rows are shown.")
	res, csv := get(t, capped, "/search?"+storyQuery+"&format=csv")
	assert.Equal(t, 4, strings.Count(csv, "\n"), "a header and 3 rows")
	assert.Contains(t, res.Trailer.Get("Flowq-Note"), "Only the first 3 rows")
	_, events := get(t, capped, "/events?"+storyQuery)
	assert.Equal(t, 3, strings.Count(events, "event: row"))
	assert.Contains(t, events, "Only the first 3 rows are shown.")

	audit := &syncBuffer{}
	slow := newTestServer(t, Config{Locations: []scan.Location{{Source: slowSource{}}}, SearchTimeout: 100 * time.Millisecond, Audit: audit})
	res, body = get(t, slow, "/search?port=22")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "The search stopped at its time limit of 100ms")
	assert.Contains(t, audit.String(), `"timed_out":true`)

	busy := newTestServer(t, Config{MaxSearches: 1, Audit: audit})
	busy.sem <- struct{}{} // one search is running
	res, body = get(t, busy, "/search?"+storyQuery)
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Contains(t, body, "Too many searches are running.")
	res, _ = get(t, busy, "/search?"+storyQuery+"&format=csv")
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	_, events = get(t, busy, "/events?"+storyQuery)
	assert.Contains(t, events, "Too many searches are running.")
	assert.Contains(t, audit.String(), `"refused":"busy"`)
	<-busy.sem
	res, _ = get(t, busy, "/search?"+storyQuery)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the slot is free again")
}

func TestLanguage(t *testing.T) {
	srv := newTestServer(t, Config{})
	tests := []struct{ query, accept, want string }{
		{"", "", `<html lang="en"`},
		{"", "ja,en-US;q=0.9", `<html lang="ja"`},
		{"", "en-GB,ja;q=0.5", `<html lang="en"`},
		{"?lang=ja", "en", `<html lang="ja"`},
		{"?lang=en", "ja", `<html lang="en"`},
		{"?lang=xx", "fr,ja;q=0.1", `<html lang="ja"`},
	}
	for _, tt := range tests {
		_, body := get(t, srv, "/"+tt.query, "Accept-Language", tt.accept)
		assert.True(t, strings.HasPrefix(body[strings.Index(body, "<html"):], tt.want), tt)
	}
	_, body := get(t, srv, "/search?"+storyQuery+"&lang=ja")
	assert.Contains(t, body, "8 件のレコードが一致しました。")
	assert.Contains(t, body, "✗ 拒否")
	assert.Contains(t, body, `<label for="src">送信元アドレス</label>`)
}
