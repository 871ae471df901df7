package serve

import (
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/flowq/flowq/filter"
	"github.com/stretchr/testify/require"
)

// FuzzSearchParams checks that no form input crashes the page, and that
// a search the page accepts is one flowq query that compiles, with the
// advanced box unable to change what the form's fields mean.
//
//	go test ./serve -run - -fuzz FuzzSearchParams -fuzztime 30s
func FuzzSearchParams(f *testing.F) {
	f.Add("10.1.2.3", "10.0.0.0/8", "5432", "tcp", "blocked", "2026-01-15", "", "Asia/Tokyo", "srcport = 22")
	f.Add("::1", "fe80::1%eth0", "-1", "300", "maybe", "2h", "yesterday", "Local", "true) or (true")
	f.Add("", "", "", "", "", "", "", "", "a = 'x'")
	srv, err := New(Config{Sources: []string{sample}, Now: func() time.Time { return testNow }})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, src, dst, port, proto, action, since, until, tz, q string) {
		v := url.Values{"src": {src}, "dst": {dst}, "port": {port}, "protocol": {proto}, "action": {action},
			"since": {since}, "until": {until}, "tz": {tz}, "q": {q}}
		r := httptest.NewRequest("GET", "/search?"+v.Encode(), nil)
		s := srv.parseSearch(r, "en", nil)
		if !s.ok() {
			return
		}
		require.NotNil(t, s.filter)
		if _, err := filter.Compile(s.query, filter.Options{Location: s.tz}); err != nil {
			t.Fatalf("accepted %q, which does not compile: %v", s.query, err)
		}
		if s.form.Get("q") != "" && s.query != s.form.Get("q") {
			if _, err := filter.Compile("("+s.form.Get("q")+")", filter.Options{Location: s.tz}); err != nil {
				t.Fatalf("the advanced box %q does not stand alone in %q", s.form.Get("q"), s.query)
			}
		}
	})
}
