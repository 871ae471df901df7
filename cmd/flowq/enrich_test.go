package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enrichFiles are the invented enrichment files of testdata/enrich.
var enrichFiles = []string{
	"--enrich", "../../testdata/enrich/ip-ranges.json", "--enrich", "../../testdata/enrich/enis.json",
	"--enrich", "../../testdata/enrich/country.mmdb", "--enrich", "../../testdata/enrich/asn.mmdb",
}

func TestEnrich(t *testing.T) {
	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       []string // lines or parts the output must hold
		stderr       string
		stderrAbsent string
	}{
		{"count on a list field", []string{"-c", "src_aws_service = 'S3' and dstport = 22"}, exitMatch, []string{"40\n"}, "", ""},
		{"none is S3 on the other side", []string{"-c", "dst_aws_service = 'S3'"}, exitNoMatch, []string{"0\n"}, "", ""},
		{"columns", []string{"-o", "csv", "--fields", "srcaddr,src_aws_service,src_aws_region,src_country,src_asn,src_as_org", "--limit", "1", "srcaddr = 198.51.100.23"},
			exitMatch, []string{"srcaddr,src_aws_service,src_aws_region,src_country,src_asn,src_as_org\n198.51.100.23,\"AMAZON,EC2,S3\",us-east-1,US,16509,AMAZON-02\n"}, "", ""},
		{"group by interface names", []string{"-g", "src_eni_name,dst_country,dst_as_org", "-o", "csv", "src_eni_name = 'web-1'"},
			exitMatch, []string{"web-1,JP,Example Net,6,"}, "asn.mmdb was made 2026-01-20T00:00:00Z, after the flows", "ip-ranges.json was made"},
		{"explain names the fields", []string{"--explain", "dst_aws_service = 'S3' and dstport = 443"}, exitMatch, []string{"fields read: dstport, dst_aws_service\n"}, "", ""},
		{"a file of another kind", []string{"-c", "", "--enrich", "../../README.md"}, exitError, nil,
			"flowq: --enrich ../../README.md: not an AWS ip-ranges.json, an ENI inventory (aws ec2 describe-network-interfaces, or AWS Config's items) or a MaxMind .mmdb database\n", ""},
		{"a field without its file", []string{"-c", "src_country = 'JP'", "--enrich", "../../testdata/enrich/enis.json"}, exitError, nil, `unknown field "src_country"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), sample)
			if !strings.HasPrefix(tt.name, "a f") {
				args = append(args, enrichFiles...)
			}
			got := runFlowq(context.Background(), t, "", args...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			for _, s := range tt.stdout {
				assert.Contains(t, got.stdout, s)
			}
			if tt.stderr != "" {
				assert.Contains(t, got.stderr, tt.stderr)
			}
			if tt.stderrAbsent != "" {
				assert.NotContains(t, got.stderr, tt.stderrAbsent)
			}
		})
	}
}

// TestManifest: the manifest names every object with its outcome, counts
// and hash, the enrichment files and the query; two runs, one counting and
// one printing, give the same manifest apart from its times.
func TestManifest(t *testing.T) {
	dir := t.TempDir()
	read := func(name string, args ...string) map[string]any {
		path := filepath.Join(dir, name)
		got := runFlowq(context.Background(), t, "", append(append(args, "--manifest", path), enrichFiles...)...)
		require.Equal(t, exitMatch, got.code, got.stderr)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		for _, k := range []string{"started", "finished"} {
			assert.NotEmpty(t, m[k])
			delete(m, k)
		}
		return m
	}
	args := []string{"src_aws_service = 'EC2'", sample, "--since", "2026-01-14 15:10", "--until", "2026-01-14 15:30"}
	counted := read("a.json", append([]string{"-c"}, args...)...)
	printed := read("b.json", args...)
	assert.Equal(t, counted, printed)

	objs := counted["objects"].([]any)
	outcomes := map[string]int{}
	var matched float64
	for _, o := range objs {
		o := o.(map[string]any)
		if o["dir"] == true {
			outcomes["dir "+o["outcome"].(string)]++
			continue
		}
		outcomes[o["outcome"].(string)]++
		matched += o["matched"].(float64)
		if o["outcome"] == "read" {
			assert.Len(t, o["sha256"], 64)
		}
	}
	totals := counted["totals"].(map[string]any)
	assert.Equal(t, totals["objects_read"], float64(outcomes["read"]))
	assert.Equal(t, totals["objects_pruned"], float64(outcomes["pruned"]))
	assert.Equal(t, totals["prefixes_pruned"], float64(outcomes["dir pruned"]))
	assert.Positive(t, outcomes["pruned"]+outcomes["dir pruned"])
	assert.Equal(t, totals["matched"], matched)
	assert.Equal(t, float64(40), matched)
	enr := counted["enrichment"].([]any)
	require.Len(t, enr, 4)
	assert.Equal(t, "aws-ip-ranges", enr[0].(map[string]any)["kind"])
	assert.Equal(t, "2026-01-10T08:00:00Z", enr[0].(map[string]any)["date"])
	q := counted["query"].(map[string]any)
	assert.Equal(t, "src_aws_service = 'EC2'", q["canonical"])
	assert.Equal(t, "2026-01-14T15:10:00Z", q["since"])
	assert.Equal(t, versionString(), counted["tool"])
}
