package output

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

const v5Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"
const v5Line = "5 123456789010 eni-0a1b2c3d4e5f67890 10.0.1.25 52.94.76.10 49152 443 6 42 18734 1700000000 1700000060 ACCEPT OK vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f67890 19 IPv4 10.0.1.25 52.94.76.10 us-east-1 use1-az4 - - - S3 egress 2"

// v5Match returns a match of v5Line from a long S3 key.
func v5Match(t *testing.T) scan.Match {
	t.Helper()
	rd := flowlog.NewReader(strings.NewReader(v5Header+"\n"+v5Line+"\n"), flowlog.ReaderOptions{})
	require.True(t, rd.Scan())
	require.NoError(t, rd.Err())
	return scan.Match{Record: rd.Record(), Source: "s3://bucket/prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/01/15/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20260115T1320Z_0a1b2c3d.log.gz", Line: 2}
}

// TestWritersAllocateNothing checks the last stage of the hot path: once
// warmed up, printing a record allocates nothing in any output mode.
func TestWritersAllocateNothing(t *testing.T) {
	m := v5Match(t)
	tz, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	extra, err := FieldColumns([]string{"tcp_flags", "flow_direction"})
	require.NoError(t, err)
	tests := []struct {
		name string
		opts Options
	}{
		{"raw", Options{Mode: Raw, WithSource: true}},
		{"json", Options{Mode: JSON, WithSource: true}},
		{"json-fields", Options{Mode: JSON, Columns: extra}},
		{"csv", Options{Mode: CSV, WithSource: true}},
		{"table", Options{Mode: Table, Columns: append(TableColumns(tz), extra...), Location: tz, WithSource: true}},
		{"table-cut", Options{Mode: Table, Columns: append(TableColumns(tz), extra...), Location: tz, WithSource: true, MaxWidth: 80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWriter(io.Discard, tt.opts)
			for range tableHoldRows + 1 { // past the table's sizing rows
				require.NoError(t, w.Write(m))
			}
			allocs := testing.AllocsPerRun(1000, func() {
				if err := w.Write(m); err != nil {
					t.Fatal(err)
				}
			})
			assert.Equal(t, 0.0, allocs, "%s: allocations per record", tt.name)
		})
	}
}

func TestWriter(t *testing.T) {
	tz, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	fields, err := FieldColumns([]string{"srcaddr", "dstport", "start", "sublocation_id"})
	require.NoError(t, err)
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"raw", Options{}, v5Line + "\n"},
		{"raw-source", Options{WithSource: true}, "k.log:2:" + v5Line + "\n"},
		{"json-fields", Options{Mode: JSON, Columns: fields, WithSource: true},
			`{"source":"k.log","line":2,"srcaddr":"10.0.1.25","dstport":443,"start":1700000000,"sublocation_id":null}` + "\n"},
		{"csv-fields", Options{Mode: CSV, Columns: fields},
			"srcaddr,dstport,start,sublocation_id\n10.0.1.25,443,1700000000,\n"},
		{"csv-default", Options{Mode: CSV},
			"version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status\n" +
				"5,123456789010,eni-0a1b2c3d4e5f67890,10.0.1.25,52.94.76.10,49152,443,6,42,18734,1700000000,1700000060,ACCEPT,OK\n"},
		{"table", Options{Mode: Table, Location: tz},
			"START (Asia/Tokyo)   SOURCE     DESTINATION  PORT  PROTO  ACTION  BYTES  INTERFACE\n" +
				"2023-11-15 07:13:20  10.0.1.25  52.94.76.10  443   TCP    ACCEPT  18734  eni-0a1b2c3d4e5f67890\n"},
		{"table-fields", Options{Mode: Table, Columns: fields, WithSource: true},
			"SOURCE:LINE  SRCADDR    DSTPORT  START                SUBLOCATION_ID\n" +
				"k.log:2      10.0.1.25  443      2023-11-14 22:13:20  -\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := v5Match(t)
			m.Source = "k.log"
			var buf bytes.Buffer
			w := NewWriter(&buf, tt.opts)
			require.NoError(t, w.Write(m))
			require.NoError(t, w.Flush())
			assert.Equal(t, tt.want, buf.String(), "%+v", tt.opts)
		})
	}
}

func TestWriterNothingWritten(t *testing.T) {
	for mode, want := range map[Mode]string{Raw: "", JSON: "", Table: "", CSV: "srcaddr\n"} {
		var buf bytes.Buffer
		w := NewWriter(&buf, Options{Mode: mode, Columns: []Column{{Title: "SRC", Field: flowlog.SrcAddr}}})
		require.NoError(t, w.Flush())
		assert.Equal(t, want, buf.String(), "%v: flush without records", mode)
	}
}

// TestTableStreams checks that a table sizes its columns from its first
// 200 rows (the header included), then streams, widening a column when a
// later cell is wider.
func TestTableStreams(t *testing.T) {
	m := v5Match(t)
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{Mode: Table, WithSource: true})
	m.Source = "a"
	for range tableHoldRows - 1 {
		require.NoError(t, w.Write(m))
	}
	assert.Zero(t, buf.Len(), "rows are held back while the widths are unknown")
	require.NoError(t, w.Write(m))
	assert.Equal(t, tableHoldRows+1, strings.Count(buf.String(), "\n"), "the header and the held rows, once the table is sized")
	m.Source = "a-longer-source"
	require.NoError(t, w.Write(m))
	require.NoError(t, w.Flush())
	lines := strings.Split(buf.String(), "\n")
	require.Len(t, lines, tableHoldRows+4)
	for i, want := range map[int]string{
		0:                 "SOURCE:LINE  START (UTC)          SOURCE ",
		1:                 "a:2          2023-11-14 22:13:20  10.0.1.25 ",       // held rows fit the widest held cell
		tableHoldRows + 1: "SOURCE:LINE        START (UTC)          SOURCE ",    // a wider streamed cell: the header again,
		tableHoldRows + 2: "a-longer-source:2  2023-11-14 22:13:20  10.0.1.25 ", // in the new widths, above it
	} {
		assert.Equal(t, want, lines[i][:len(want)], "line %d", i)
	}
}

func TestWriterFields(t *testing.T) {
	fields, err := FieldColumns([]string{"srcaddr", "tcp_flags"})
	require.NoError(t, err)
	tableFields := flowlog.SetOf(flowlog.Start, flowlog.SrcAddr, flowlog.DstAddr, flowlog.DstPort, flowlog.Protocol,
		flowlog.Action, flowlog.LogStatus, flowlog.Bytes, flowlog.InterfaceID, flowlog.TGWAttachmentID, flowlog.ResourceID)
	tests := []struct {
		name    string
		opts    Options
		fields  flowlog.FieldSet
		project bool
	}{
		{"raw", Options{Mode: Raw, Columns: fields}, flowlog.FieldSet{}, false},
		{"json-all", Options{Mode: JSON}, flowlog.AllFields(), false},
		{"json-fields", Options{Mode: JSON, Columns: fields}, flowlog.SetOf(flowlog.SrcAddr, flowlog.TCPFlags), true},
		{"csv-fields", Options{Mode: CSV, Columns: fields}, flowlog.SetOf(flowlog.SrcAddr, flowlog.TCPFlags), true},
		{"csv-default", Options{Mode: CSV}, flowlog.DefaultFormat().Set(), true},
		{"table", Options{Mode: Table}, tableFields, true},
	}
	for _, tt := range tests {
		w := NewWriter(io.Discard, tt.opts)
		assert.Equal(t, tt.fields.Fields(), w.Fields().Fields(), "%s: Fields", tt.name)
		assert.Equal(t, tt.project, w.Project(), "%s: Project", tt.name)
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{Raw, Table, JSON, CSV} {
		got, err := ParseMode(m.String())
		require.NoError(t, err, m.String())
		assert.Equal(t, m, got, "ParseMode(%q)", m.String())
	}
	_, err := ParseMode("yaml")
	require.EqualError(t, err, `"yaml": use raw, table, json or csv`)
	assert.Equal(t, "Mode(9)", Mode(9).String())
}

func TestFieldColumns(t *testing.T) {
	cols, err := FieldColumns([]string{"tcp-flags", "start"})
	require.NoError(t, err)
	assert.Equal(t, []Column{{Title: "TCP_FLAGS", Field: flowlog.TCPFlags, Name: "tcp_flags"}, {Title: "START", Field: flowlog.Start, View: ViewTime, Name: "start"}}, cols)
	all, err := FieldColumns([]string{"ALL"})
	require.NoError(t, err)
	assert.Len(t, all, len(flowlog.Fields()))
	none, err := FieldColumns(nil)
	require.NoError(t, err)
	assert.Nil(t, none)
	_, err = FieldColumns([]string{"srcadr"})
	require.EqualError(t, err, `unknown field "srcadr"`)
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"tab\there", `"tab\u0009here"`},
		{"café", `"café"`},
		{"bad\xffbyte", `"bad\ufffdbyte"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendJSONString(nil, tt.in)), "appendJSONString(%q)", tt.in)
	}
}

func TestAppendCSVField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a,b", `"a,b"`},
		{`say "hi"`, `"say ""hi"""`},
		{"two\nlines", `two\x0alines`}, // escaped: one row per line on a screen
		{"a,\x1b[2K", `"a,\x1b[2K"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendCSVField(nil, []byte(tt.in))), "appendCSVField(%q)", tt.in)
	}
}

func TestRowWriter(t *testing.T) {
	headings := []Heading{{Name: "name"}, {Name: "n", Title: "COUNT", Numeric: true}}
	rows := [][]string{{"a", "1"}, {"-", "x"}, {"long name", "-"}}
	tests := []struct {
		mode Mode
		want string
	}{
		{Raw, "a 1\n- x\nlong name -\n"},
		{CSV, "name,n\na,1\n-,x\nlong name,-\n"},
		{JSON, `{"name":"a","n":1}` + "\n" + `{"name":null,"n":"x"}` + "\n" + `{"name":"long name","n":null}` + "\n"},
		{Table, "NAME       COUNT\na          1\n-          x\nlong name  -\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		rw := NewRowWriter(&buf, tt.mode, headings)
		for _, row := range rows {
			require.NoError(t, rw.WriteRow(row))
		}
		require.NoError(t, rw.Flush())
		assert.Equal(t, tt.want, buf.String(), "%v", tt.mode)
	}
	err := NewRowWriter(io.Discard, JSON, headings).WriteRow([]string{"a"})
	require.EqualError(t, err, "row of 1 cells under 2 headings")
}

func TestReleaseShowsHeldRowsAtOnce(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{Mode: Table, Columns: []Column{{Title: "SRC", Field: flowlog.SrcAddr}}})
	require.NoError(t, w.Write(v5Match(t)))
	assert.Empty(t, buf.String(), "held to size the columns")
	require.NoError(t, w.Release())
	assert.Equal(t, "SRC\n10.0.1.25\n", buf.String())
	require.NoError(t, w.Write(v5Match(t)))
	assert.Equal(t, "SRC\n10.0.1.25\n10.0.1.25\n", buf.String(), "streams after a release")
	require.NoError(t, w.Flush())
}

func TestTableReprintsItsHeaderWhenItWidens(t *testing.T) {
	var buf bytes.Buffer
	tb := newTable(&buf, []string{"A", "B"}, 2, 0)
	for _, row := range [][]string{{"1", "x"}, {"2", "y"}, {"333", "z"}, {"4", "w"}} {
		require.NoError(t, tb.add([][]byte{[]byte(row[0]), []byte(row[1])}))
	}
	require.NoError(t, tb.flush())
	assert.Equal(t, "A  B\n1  x\n2  y\nA    B\n333  z\n4    w\n", buf.String(),
		"the wider row comes under a header of its own widths, and so do the rows after it")
}
