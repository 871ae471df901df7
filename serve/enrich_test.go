package serve

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/enrichtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enrichFiles are the committed enrichment files of testdata/enrich.
var enrichFiles = []string{"../testdata/enrich/ip-ranges.json", "../testdata/enrich/enis.json",
	"../testdata/enrich/country.mmdb", "../testdata/enrich/asn.mmdb"}

// withEnrichment loads files into cfg as flowq serve --enrich does.
func withEnrichment(t *testing.T, cfg Config, files ...string) Config {
	t.Helper()
	set, err := enrich.Load(context.Background(), files...)
	require.NoError(t, err)
	t.Cleanup(func() { set.Close() })
	schema, err := flowlog.NewSchema(set.Fields()...)
	require.NoError(t, err)
	cfg.Schema, cfg.Enrich = schema, set
	return cfg
}

func TestEnrichmentInTheDetailsView(t *testing.T) {
	srv := newTestServer(t, withEnrichment(t, Config{}, enrichFiles...))
	_, body := get(t, srv, "/search?src=198.51.100.23&port=22&lang=en")
	res, body := get(t, srv, firstDetails(t, body))
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	for _, want := range []string{
		`<table id="enriched"`,
		`<code>src_aws_service</code></th><td class="value">AMAZON, EC2, S3</td>`,
		"AWS services of the source address: every service ip-ranges.json lists for the prefixes holding it. " +
			"From ip-ranges.json (AWS ip-ranges.json), dated 2026-01-10 08:00 UTC.",
		`<code>src_country</code></th><td class="value">US</td>`,
		`<code>src_as_org</code></th><td class="value">AMAZON-02</td>`,
		`<p id="unenriched"><small>The files give no value for this record in: <code>dst_aws_service</code>, <code>dst_aws_region</code>, <code>dst_country</code>,`,
		"From country.mmdb (MaxMind database), dated 2026-01-20 00:00 UTC.",
		// the databases were built after the flows; ip-ranges.json before
		"⚠ country.mmdb was made 2026-01-20 00:00 UTC, after this flow (2026-01-14 15:10 UTC)",
		"⚠ asn.mmdb was made 2026-01-20 00:00 UTC",
	} {
		assert.True(t, strings.Contains(body, want), want)
	}
	assert.NotContains(t, body, "⚠ ip-ranges.json was made", "made before the flow: no warning")

	_, body = get(t, srv, firstDetails(t, body0(t, srv, "/search?src=198.51.100.23&port=22&lang=ja")))
	assert.Contains(t, body, "送信元アドレスが属するAWSサービス")
	assert.Contains(t, body, "この通信（2026-01-14 15:10 UTC）より後です")

	plain := newTestServer(t, Config{})
	_, body = get(t, plain, firstDetails(t, body0(t, plain, "/search?src=198.51.100.23&port=22&lang=en")))
	assert.NotContains(t, body, `id="enriched"`, "no --enrich, no enrichment table")
}

// body0 is the body of a GET.
func body0(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	_, body := get(t, h, target)
	return body
}

func TestEnrichmentInTheTableAndTheQuery(t *testing.T) {
	srv := newTestServer(t, withEnrichment(t, Config{}, enrichFiles...))
	body := body0(t, srv, "/search?src=10.1.3.7&dst=203.0.113.50&port=443&lang=en")
	assert.Equal(t, 6, strings.Count(body, `<small class="enr">Example Net · JP</small>`), "the destination's network, on each row")
	events := body0(t, srv, "/events?src=10.1.3.7&dst=203.0.113.50&port=443&lang=en")
	assert.Equal(t, 6, strings.Count(events, `<small class="enr">Example Net · JP</small>`), "the live rows too")
	assert.Contains(t, events, "asn.mmdb was made 2026-01-20 00:00 UTC, after the flows found")
	assert.Contains(t, body, "asn.mmdb was made 2026-01-20 00:00 UTC, after the flows found (from 2026-01-14 15:39 UTC)",
		"the rows' flows are older than the database their notes come from")
	assert.NotContains(t, body, "ip-ranges.json was made", "ip-ranges.json is older than the flows")

	body = body0(t, srv, "/search?"+storyQuery)
	assert.NotContains(t, body, `class="enr"`, "the databases know nothing of the story's private destination")
	assert.NotContains(t, body, "mmdb was made", "a file that said nothing of the rows draws no warning")

	assert.Contains(t, body0(t, srv, "/?lang=en"), "The advanced box also knows the fields of the enrichment files", "the form names the fields the advanced box knows")
	assert.NotContains(t, body0(t, newTestServer(t, Config{}), "/?lang=en"), `id="enr-fields"`)
	body = body0(t, srv, "/search?q="+strings.ReplaceAll("src_aws_service = 'S3' and dstport = 22", " ", "+"))
	assert.Equal(t, 40, strings.Count(body, `<tr class="reject">`), "the advanced box knows the enrichment fields (the CLI counts 40)")
	assert.Contains(t, body, "40 records matched.")

	res, body := get(t, newTestServer(t, Config{}), "/search?q="+strings.ReplaceAll("src_aws_service = 'S3'", " ", "+"))
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "without --enrich the field is unknown")
	assert.Contains(t, body, "The query is not valid")
}

func TestEnrichmentValuesAreEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "enis.json")
	require.NoError(t, enrichtest.WriteENIs(path, []enrichtest.ENI{{ID: "eni-0bad", Name: "<b>x</b><script>alert(1)</script>",
		Description: `"><img src=x onerror=alert(2)>`, Type: "interface", Owner: "444455556666", Addrs: []string{"203.0.113.50"}}}))
	srv := newTestServer(t, withEnrichment(t, Config{}, path))
	body := body0(t, srv, "/search?src=10.1.3.7&dst=203.0.113.50&port=443&lang=en")
	assert.Contains(t, body, `<small class="enr">&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;</small>`)
	_, body = get(t, srv, firstDetails(t, body))
	assert.Contains(t, body, `<td class="value">&#34;&gt;&lt;img src=x onerror=alert(2)&gt;</td>`)
	for _, raw := range []string{"<b>x</b>", "<script>alert", "<img src=x"} {
		assert.NotContains(t, body, raw)
	}
}

func TestEveryEnrichmentFieldIsExplainedInJapanese(t *testing.T) {
	cfg := withEnrichment(t, Config{}, enrichFiles...)
	require.NotEmpty(t, cfg.Enrich.Fields())
	for _, d := range cfg.Enrich.Fields() {
		assert.NotEmpty(t, jaDerived(d.Name), d.Name)
		assert.NotEqual(t, lang("en").DescribeDerived(d.Name), lang("ja").DescribeDerived(d.Name), d.Name)
	}
}
