package enrich_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/enrichtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	created = time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	built   = time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)
)

func standard(t testing.TB) (enrichtest.Files, *enrich.Set, *flowlog.Schema) {
	files, err := enrichtest.Standard(t.TempDir(), created, built)
	require.NoError(t, err)
	set, err := enrich.Load(context.Background(), files.IPRanges, files.ENIs, files.Country, files.ASN)
	require.NoError(t, err)
	t.Cleanup(func() { set.Close() })
	schema, err := flowlog.NewSchema(set.Fields()...)
	require.NoError(t, err)
	return files, set, schema
}

// derive reads one v2 line and returns the named derived fields' values
// ("" for null).
func derive(t *testing.T, schema *flowlog.Schema, line string, names ...string) []string {
	all := flowlog.AllFields()
	rd := flowlog.NewReader(strings.NewReader(line), flowlog.ReaderOptions{Fields: &all})
	require.True(t, rd.Scan(), "%v", rd.Err())
	var want flowlog.FieldSet
	for _, f := range schema.Derived() {
		want.Add(f)
	}
	schema.Derive(rd.Record(), want)
	var out []string
	for _, n := range names {
		f, ok := schema.Lookup(n)
		require.True(t, ok, n)
		out = append(out, string(rd.Record().Text(f)))
	}
	return out
}

func TestFieldsFromFiles(t *testing.T) {
	_, _, schema := standard(t)
	line := func(eni, src, dst string) string {
		return "2 444455556666 " + eni + " " + src + " " + dst + " 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK"
	}
	names := []string{"dst_aws_service", "dst_aws_region", "src_aws_service", "dst_country", "dst_asn", "dst_as_org",
		"eni_name", "eni_type", "eni_instance", "eni_owner", "src_eni", "src_eni_name", "dst_eni_type"}
	tests := []struct {
		name, line string
		want       []string
	}{
		{"S3 inside AMAZON inside the EC2 /26", line("eni-0aaa1111bbbb2222c", "10.1.3.7", "198.51.100.10"),
			[]string{"AMAZON,EC2,S3", "us-east-1", "", "US", "16509", "AMAZON-02",
				"web-1", "interface", "i-0123456789abcdef0", "444455556666", "eni-0aaa1111bbbb2222c", "web-1", ""}},
		{"S3's /25 outside the /26", line("eni-0aaa1111bbbb2222c", "10.1.3.7", "198.51.100.100"),
			[]string{"AMAZON,S3", "us-east-1", "", "US", "16509", "AMAZON-02",
				"web-1", "interface", "i-0123456789abcdef0", "444455556666", "eni-0aaa1111bbbb2222c", "web-1", ""}},
		{"AMAZON only", line("eni-unknown", "10.1.3.7", "198.51.100.200"),
			[]string{"AMAZON", "us-east-1", "", "US", "16509", "AMAZON-02", "", "", "", "", "eni-0aaa1111bbbb2222c", "web-1", ""}},
		{"not AWS, to the NAT gateway", line("eni-0ccc3333dddd4444e", "203.0.113.9", "10.1.0.5"),
			[]string{"", "", "", "", "", "", "", "nat_gateway", "", "444455556666", "", "", "nat_gateway"}},
		{"IPv6", line("eni-x", "2001:db8:aa::1", "2001:db8:bb::1"),
			[]string{"", "", "AMAZON", "", "", "", "", "", "", "", "", "", ""}},
		{"nothing known", line("eni-x", "10.9.9.9", "192.0.2.1"),
			[]string{"", "", "", "", "", "", "", "", "", "", "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, derive(t, schema, tt.line, names...))
		})
	}
}

// TestFilterOnEnrichment: the fields filter as AWS's do; a list field
// matches when any service is the one asked for.
func TestFilterOnEnrichment(t *testing.T) {
	_, _, schema := standard(t)
	lines := []string{
		"2 444455556666 eni-0aaa1111bbbb2222c 10.1.3.7 198.51.100.10 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 444455556666 eni-0aaa1111bbbb2222c 10.1.3.7 198.51.100.200 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
		"2 444455556666 eni-0aaa1111bbbb2222c 10.1.3.7 203.0.113.50 4000 443 6 1 40 1768435200 1768435260 ACCEPT OK",
	}
	tests := []struct {
		src  string
		want []bool
	}{
		{"dst_aws_service = 'S3'", []bool{true, false, false}},
		{"dst_aws_service = 'AMAZON'", []bool{true, true, false}},
		{"dst_aws_service != 'S3'", []bool{false, true, false}},
		{"dst_aws_service is null", []bool{false, false, true}},
		{"dst_country = 'JP' and src_eni_name = 'web-1'", []bool{false, false, true}},
		{"dst_asn = '16509'", []bool{true, true, false}},
		{"dst_asn = 16509", []bool{true, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := filter.Compile(tt.src, filter.Options{Schema: schema})
			require.NoError(t, err)
			fields := f.Fields().Union(schema.Needs(f.Fields()))
			rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{Fields: &fields})
			var got []bool
			for rd.Scan() {
				schema.Derive(rd.Record(), f.Fields())
				got = append(got, f.Match(rd.Record()))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	files, err := enrichtest.Standard(t.TempDir(), created, built)
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	other := filepath.Join(dir, "city.mmdb")
	require.NoError(t, enrichtest.WriteMMDB(other, "Example-Anonymous-IP", built, []enrichtest.Network{{Prefix: "192.0.2.0/24", Country: "X"}}))
	tests := []struct {
		name  string
		paths []string
		want  string
	}{
		{"text", []string{write("notes.txt", "hello\n")}, "not an AWS ip-ranges.json, an ENI inventory"},
		{"other JSON", []string{write("x.json", `{"Reservations": []}`)}, "not an AWS ip-ranges.json"},
		{"broken ip-ranges", []string{write("ip.json", `{"syncToken": "1", "prefixes": [`)}, "ip-ranges.json: unexpected end of JSON input"},
		{"bad prefix", []string{write("ip2.json", `{"syncToken": "1", "prefixes": [{"ip_prefix": "3.5.0.0/33", "service": "S3"}]}`)}, `prefix 1 ("3.5.0.0/33")`},
		{"bad date", []string{write("ip3.json", `{"createDate": "yesterday", "prefixes": [{"ip_prefix": "3.5.0.0/16", "service": "S3"}]}`)}, `createDate "yesterday"`},
		{"bad ENI address", []string{write("eni.json", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0"}]}]}`)}, `eni-1: PrivateIpAddress "10.0.0"`},
		{"ENI without id", []string{write("eni2.json", `{"NetworkInterfaces": [{"Description": "x"}]}`)}, "interface 1 has no NetworkInterfaceId"},
		{"mmdb of another kind", []string{other}, `database type "Example-Anonymous-IP"`},
		{"two of a kind", []string{files.IPRanges, files.IPRanges}, "a file before it gives the field src_aws_service too"},
		{"missing", []string{filepath.Join(dir, "nope.json")}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := enrich.Load(context.Background(), tt.paths...)
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.want)
			assert.ErrorContains(t, err, "--enrich "+filepath.Dir(tt.paths[0]))
		})
	}
}

func TestFilesAndDates(t *testing.T) {
	files, set, _ := standard(t)
	got := set.Files()
	require.Len(t, got, 4)
	assert.Equal(t, []enrich.Kind{enrich.IPRanges, enrich.ENIs, enrich.MMDB, enrich.MMDB},
		[]enrich.Kind{got[0].Kind, got[1].Kind, got[2].Kind, got[3].Kind})
	assert.Equal(t, files.IPRanges, got[0].Path)
	assert.Equal(t, created, got[0].Date)
	assert.Equal(t, 4, got[0].Entries, "four distinct prefixes")
	assert.Equal(t, 2, got[1].Entries)
	assert.Equal(t, built, got[2].Date)
	assert.Equal(t, "GeoLite2-ASN", got[3].Detail)
	assert.Len(t, got[0].SHA256, 64)
	assert.Empty(t, set.Newer(created, nil), "made at the flows' time is not newer")
	newer := set.Newer(built.Add(time.Hour), nil)
	require.Len(t, newer, 1)
	assert.Equal(t, files.IPRanges, newer[0].Path)
	assert.Len(t, set.Newer(built.Add(-time.Hour), nil), 3)
	usesASN := func(name string) bool { return name == "dst_asn" }
	newer = set.Newer(built.Add(-time.Hour), usesASN)
	require.Len(t, newer, 1, "only the files whose fields are used")
	assert.Equal(t, files.ASN, newer[0].Path)
	assert.Equal(t, []string{"src_aws_service", "dst_aws_service", "src_aws_region", "dst_aws_region"}, got[0].Fields)
	assert.Contains(t, got[1].Fields, "src_eni_name")
}

// TestSameAddressInTwoVPCs: an address two VPCs use is told apart by the
// record's vpc-id; without one there is no answer rather than a guess.
func TestSameAddressInTwoVPCs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	require.NoError(t, enrichtest.WriteENIs(a, []enrichtest.ENI{{ID: "eni-a", Name: "alpha", VPC: "vpc-a", Addrs: []string{"10.0.0.5"}}}))
	require.NoError(t, enrichtest.WriteENIs(b, []enrichtest.ENI{{ID: "eni-b", Name: "beta", VPC: "vpc-b", Addrs: []string{"10.0.0.5"}},
		{ID: "eni-a", Name: "alpha again", VPC: "vpc-a", Addrs: []string{"10.0.0.5"}}}))
	set, err := enrich.Load(context.Background(), a, b)
	require.NoError(t, err)
	schema, err := flowlog.NewSchema(set.Fields()...)
	require.NoError(t, err)
	v3 := func(vpc string) string {
		return "version vpc-id srcaddr dstaddr\n3 " + vpc + " 10.0.0.5 10.0.0.6"
	}
	assert.Equal(t, []string{"eni-a", "alpha"}, derive(t, schema, v3("vpc-a"), "src_eni", "src_eni_name"))
	assert.Equal(t, []string{"eni-b", "beta"}, derive(t, schema, v3("vpc-b"), "src_eni", "src_eni_name"))
	assert.Equal(t, []string{"", ""}, derive(t, schema, v3("vpc-c"), "src_eni", "src_eni_name"))
	assert.Equal(t, []string{"", ""}, derive(t, schema, "2 1 eni-a 10.0.0.5 10.0.0.6 1 2 6 1 40 1768435200 1768435260 ACCEPT OK", "src_eni", "src_eni_name"))
}

// TestConfigItems: AWS Config's answers about network interfaces (a
// select-resource-config result, a configuration history) give the same
// fields as an EC2 inventory.
func TestConfigItems(t *testing.T) {
	eni := `{"networkInterfaceId": "eni-0c0nf1g", "description": "Interface for NAT Gateway nat-1", "interfaceType": "nat_gateway",
		"ownerId": "111122223333", "vpcId": "vpc-1", "privateIpAddresses": [{"privateIpAddress": "10.5.0.9"}],
		"tagSet": [{"key": "Name", "value": "nat-a"}]}`
	quoted := func(s string) string {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		return string(b)
	}
	dir := t.TempDir()
	tests := map[string]string{
		"select":  `{"Results": [` + quoted(`{"configuration": `+eni+`}`) + `], "QueryInfo": {}}`,
		"history": `{"configurationItems": [{"resourceType": "AWS::EC2::NetworkInterface", "configurationItemCaptureTime": "2026-01-19T00:00:00Z", "configuration": ` + quoted(eni) + `}]}`,
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name+".json")
			require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
			set, err := enrich.Load(context.Background(), p)
			require.NoError(t, err)
			require.Equal(t, enrich.ENIs, set.Files()[0].Kind)
			assert.Equal(t, "AWS Config", set.Files()[0].Detail)
			schema, err := flowlog.NewSchema(set.Fields()...)
			require.NoError(t, err)
			assert.Equal(t, []string{"nat-a", "nat_gateway", "eni-0c0nf1g", "111122223333"},
				derive(t, schema, "2 1 eni-0c0nf1g 10.5.0.9 10.0.0.6 1 2 6 1 40 1768435200 1768435260 ACCEPT OK", "eni_name", "eni_type", "src_eni", "src_eni_owner"))
		})
	}
	p := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"Results": ["{\"configuration\": {\"networkInterfaceId\": 7}}"]}`), 0o644))
	_, err := enrich.Load(context.Background(), p)
	assert.ErrorContains(t, err, "AWS Config items: result 1")
}
