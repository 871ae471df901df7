package serve

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCoverageNote searches the situations tree (a delivery gap at 10:25
// and 10:30 UTC in fl-0f00000000000000a, SKIPDATA at 10:40 on
// eni-0a0000000000000a1) in windows with and without them.
func TestCoverageNote(t *testing.T) {
	srv := newTestServer(t, Config{Sources: []string{situations}})
	const gap = "2 five-minute deliveries have no object (quiet, or lost: the logs cannot tell) in fl-0f00000000000000a (111122223333 us-east-1)."
	const lost = "AWS lost records (SKIPDATA) on eni-0a0000000000000a1."
	tests := []struct {
		name, search string
		want, not    []string
		rows         int
	}{
		{"nothing found in a window with a gap and SKIPDATA", "src=203.0.113.66&action=allowed&since=2026-01-20+10:00&until=2026-01-20+11:00",
			[]string{"No record matched.", "No record matched, but the logs may not show everything in this window: " + gap + " " + lost,
				"(flowq coverage SOURCE… --since &#39;2026-01-20 10:00&#39; --until &#39;2026-01-20 11:00&#39; lists it all.)"}, nil, 0},
		{"rows found in the window of the gap", "src=10.2.0.10&port=53&since=2026-01-20+10:20&until=2026-01-20+10:40",
			[]string{"The logs may not show everything in this window, so matching records may be missing: " + gap},
			[]string{"SKIPDATA"}, 2},
		{"a window before the gap", "action=blocked&since=2026-01-20+10:00&until=2026-01-20+10:20", nil,
			[]string{"may not show everything", "SKIPDATA"}, 8},
		{"SKIPDATA alone", "src=10.2.0.10&port=53&since=2026-01-20+10:40&until=2026-01-20+10:45",
			[]string{"The logs may not show everything in this window, so matching records may be missing: " + lost},
			[]string{"deliveries have no object"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, route := range []string{"/search?", "/events?"} {
				body := body0(t, srv, route+tt.search+"&lang=en")
				for _, w := range tt.want {
					assert.Contains(t, body, w, route)
				}
				for _, n := range tt.not {
					assert.NotContains(t, body, n, route)
				}
				if route == "/search?" {
					assert.Equal(t, tt.rows, strings.Count(body, "<tr class="), "a SKIPDATA record the search does not ask for is no row")
				}
			}
		})
	}
	body := body0(t, srv, "/search?log_status=x&q=log_status+%3D+SKIPDATA&lang=en")
	assert.Equal(t, 1, strings.Count(body, `<tr class="other">`), "a SKIPDATA record asked for is a row")
	assert.Contains(t, body, "1 records matched.")

	capped := newTestServer(t, Config{Sources: []string{situations}, MaxRows: 2})
	body = body0(t, capped, "/search?src=10.2.0.10&port=53&lang=en")
	assert.Contains(t, body, "Only the first 2 rows are shown.")
	assert.NotContains(t, body, "may not show everything", "a scan stopped at the cap has not seen every object: no claim")

	ja := body0(t, srv, "/search?src=203.0.113.66&action=allowed&since=2026-01-20+10:00&until=2026-01-20+11:00&lang=ja")
	assert.Contains(t, ja, "この時間帯のログがすべてを示しているとは限りません")
}
