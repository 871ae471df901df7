package flowlog

import (
	"errors"
	"io"
	"net/netip"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	v2Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
	v2Accept = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
	v2Reject = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	v2NoData = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"
	v2Skip   = "2 123456789010 eni-11111111111111111 - - - - - - - 1431280876 1431280934 - SKIPDATA"
	v2IPv6   = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK"
	// The AWS TCP-flags example, with its double space.
	v3Format = "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}"
	v3Flags  = "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-33333333333333333 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK"
	v5Format = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}"
	v5Line   = "5 123456789010 eni-0a1b2c3d4e5f67890 10.0.1.25 52.94.76.10 49152 443 6 42 18734 1700000000 1700000060 ACCEPT OK vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f67890 19 IPv4 10.0.1.25 52.94.76.10 us-east-1 use1-az4 - - - S3 egress 2"
)

// readAll scans in with opts and returns the records' String forms and the
// per-line errors.
func readAll(t *testing.T, in io.Reader, opts ReaderOptions) (recs []string, lineErrs []*ParseError) {
	t.Helper()
	opts.OnMalformed = func(pe *ParseError) { lineErrs = append(lineErrs, pe) }
	rd := NewReader(in, opts)
	for rd.Scan() {
		recs = append(recs, rd.Record().String())
	}
	require.NoError(t, rd.Err())
	return recs, lineErrs
}

func firstRecord(t *testing.T, format, line string) *Record {
	t.Helper()
	f, err := ParseFormat(format)
	require.NoError(t, err)
	rd := NewReader(strings.NewReader(line), ReaderOptions{Format: f})
	require.True(t, rd.Scan())
	require.NoError(t, rd.Err())
	return rd.Record().Clone()
}

func TestRecordTypedValues(t *testing.T) {
	r := firstRecord(t, VPCDefaultFormat, v2Accept)
	v, ok := r.Int(Version)
	assert.True(t, ok)
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "123456789010", string(r.Text(AccountID)))
	assert.Equal(t, "eni-1235b8ca123456789", string(r.Text(InterfaceID)))
	a, ok := r.Addr(SrcAddr)
	assert.True(t, ok)
	assert.Equal(t, netip.MustParseAddr("172.31.16.139"), a)
	port, _ := r.Int(DstPort)
	assert.Equal(t, int64(22), port)
	bytes, _ := r.Int(Bytes)
	assert.Equal(t, int64(4249), bytes)
	start, ok := r.Time(Start)
	assert.True(t, ok)
	assert.Equal(t, "2014-12-14T04:06:50Z", start.Format("2006-01-02T15:04:05Z"))
	assert.Equal(t, ActionAccept, r.Action())
	assert.Equal(t, LogStatusOK, r.LogStatus())
	assert.Equal(t, []byte(v2Accept), r.Line())
	assert.False(t, r.Has(VPCID))
	assert.True(t, r.IsNull(VPCID), "absent fields read as null")
}

func TestNoDataAndSkipDataAreRecords(t *testing.T) {
	for _, line := range []string{v2NoData, v2Skip} {
		r := firstRecord(t, VPCDefaultFormat, line)
		for _, f := range []Field{SrcAddr, DstAddr, SrcPort, DstPort, Protocol, Packets, Bytes, Action} {
			assert.True(t, r.IsNull(f), f.String())
			_, ok := r.Int(f)
			assert.False(t, ok, f.String())
		}
		assert.False(t, r.IsNull(Start))
		assert.Equal(t, int64(0), r.Action())
		assert.NotEqual(t, int64(0), r.LogStatus())
	}
}

func TestNullInEveryPosition(t *testing.T) {
	for _, format := range []string{VPCDefaultFormat, v5Format, TGWDefaultFormat} {
		f, err := ParseFormat(format)
		require.NoError(t, err)
		for col := range f.Len() {
			toks := make([]string, f.Len())
			for i := range toks {
				toks[i] = sampleToken(f.Field(i))
			}
			toks[col] = "-"
			r := firstRecord(t, format, strings.Join(toks, " "))
			fld := f.Field(col)
			assert.True(t, r.IsNull(fld), "column %d %s", col, fld)
			for i := range f.Len() {
				if i != col {
					assert.False(t, r.IsNull(f.Field(i)), "column %d %s", i, f.Field(i))
				}
			}
			if fld.Kind() == KindInt {
				_, ok := r.Int(fld)
				assert.False(t, ok, "null is not zero: %s", fld)
			}
		}
	}
}

// sampleToken returns a valid, non-null token for f.
func sampleToken(f Field) string {
	switch f.Kind() {
	case KindInt:
		return "3"
	case KindTime:
		return "1700000000"
	case KindAddr:
		return "10.0.0.1"
	case KindEnum:
		return EnumValues(f)[0]
	case KindTag:
		return "web%20tier"
	}
	return "x-" + f.String()
}

func TestEveryFieldKindDecodes(t *testing.T) {
	names := make([]string, 0, NumFields)
	toks := make([]string, 0, NumFields)
	for _, f := range Fields() {
		names = append(names, f.String())
		toks = append(toks, sampleToken(f))
	}
	r := firstRecord(t, strings.Join(names, " "), strings.Join(toks, " "))
	for _, f := range Fields() {
		switch f.Kind() {
		case KindInt:
			v, ok := r.Int(f)
			assert.True(t, ok, f.String())
			assert.Equal(t, int64(3), v, f.String())
		case KindTime:
			v, _ := r.Int(f)
			assert.Equal(t, int64(1700000000), v)
		case KindAddr:
			a, ok := r.Addr(f)
			assert.True(t, ok)
			assert.Equal(t, "10.0.0.1", a.String())
		case KindEnum:
			v, _ := r.Int(f)
			assert.Equal(t, int64(1), v, f.String())
		case KindTag:
			assert.Equal(t, "web tier", string(r.Text(f)), f.String())
		default:
			assert.Equal(t, "x-"+f.String(), string(r.Text(f)))
		}
	}
	assert.Equal(t, 11, r.Format().Version())
}

func TestIPv6AndTCPFlagsExample(t *testing.T) {
	r := firstRecord(t, VPCDefaultFormat, v2IPv6)
	a, ok := r.Addr(DstAddr)
	require.True(t, ok)
	assert.Equal(t, netip.MustParseAddr("2001:db8:1234:a102:3304:8879:34cf:4071"), a)

	// AWS's documentation example has a double space between two fields.
	r = firstRecord(t, v3Format, strings.Replace(v3Flags, "43416 5001", "43416  5001", 1))
	port, _ := r.Int(DstPort)
	assert.Equal(t, int64(5001), port)
	flags, _ := r.Int(TCPFlags)
	assert.Equal(t, int64(2), flags)
	typ, _ := r.Int(Type)
	assert.Equal(t, TypeIPv4, typ)
}

func TestTransitGatewayRecord(t *testing.T) {
	line := "6 TransitGateway 123456789012 tgw-0123456789abcdef0 tgw-attach-0123456789abcdef0 123456789012 210987654321 vpc-0a1b2c3d4e5f60001 vpc-0a1b2c3d4e5f60002 subnet-0a1b2c3d4e5f60001 subnet-0a1b2c3d4e5f60002 eni-0a1b2c3d4e5f60001 eni-0a1b2c3d4e5f60002 use1-az1 use1-az2 tgw-attach-0123456789abcdef1 10.0.1.5 10.1.2.7 49152 443 6 10 840 1700000000 1700000060 OK IPv4 0 0 0 0 18 us-east-1 ingress - -"
	r := firstRecord(t, TGWDefaultFormat, line)
	assert.Equal(t, 36, r.Format().Len())
	assert.Equal(t, 6, r.Format().Version())
	assert.Equal(t, "TransitGateway", string(r.Text(ResourceType)))
	assert.Equal(t, "tgw-attach-0123456789abcdef1", string(r.Text(TGWPairAttachmentID)))
	lost, ok := r.Int(PacketsLostNoRoute)
	assert.True(t, ok)
	assert.Equal(t, int64(0), lost)
	assert.False(t, r.Has(Action), "TGW records have no action")
	assert.Equal(t, int64(0), r.Action())
	assert.Equal(t, line, r.String())
}

func TestStreamShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts ReaderOptions
		want []string
	}{
		{"header then records", v2Header + "\n" + v2Accept + "\n" + v2Reject + "\n", ReaderOptions{}, []string{v2Accept, v2Reject}},
		{"no header uses the given format", v2Accept + "\n", ReaderOptions{}, []string{v2Accept}},
		{"CRLF", v2Header + "\r\n" + v2Accept + "\r\n", ReaderOptions{}, []string{v2Accept}},
		{"no final newline", v2Accept + "\n" + v2Reject, ReaderOptions{}, []string{v2Accept, v2Reject}},
		{"blank lines", "\n\n" + v2Accept + "\n   \n\r\n" + v2Reject + "\n\n", ReaderOptions{}, []string{v2Accept, v2Reject}},
		{"runs of spaces and tabs", strings.ReplaceAll(v2Accept, " ", " \t  ") + "\n", ReaderOptions{}, []string{v2Accept}},
		{"CloudWatch export timestamp", "2014-12-14T04:06:50.000Z " + v2Accept + "\n", ReaderOptions{}, []string{v2Accept}},
		{"CloudWatch CSV export prefix", "1418530010000," + v2Accept + "\n", ReaderOptions{}, []string{v2Accept}},
		{"header switches format mid-stream", v2Accept + "\n" + strings.Join(strings.Fields(strings.NewReplacer("${", "", "}", "").Replace(v3Format)), " ") + "\n" + v3Flags + "\n",
			ReaderOptions{}, []string{v2Accept, v3Flags}},
		{"header repeated (concatenated objects)", v2Header + "\n" + v2Accept + "\n" + v2Header + "\n" + v2Reject + "\n", ReaderOptions{}, []string{v2Accept, v2Reject}},
		{"format without version", "srcaddr dstaddr dstport action\n10.0.0.1 10.0.0.2 443 ACCEPT\n", ReaderOptions{}, []string{"10.0.0.1 10.0.0.2 443 ACCEPT"}},
		{"empty stream", "", ReaderOptions{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, wrap := range []func(io.Reader) io.Reader{
				func(r io.Reader) io.Reader { return r }, iotest.OneByteReader, iotest.HalfReader, iotest.DataErrReader,
			} {
				got, errs := readAll(t, wrap(strings.NewReader(tt.in)), tt.opts)
				assert.Empty(t, errs)
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestMalformedLines(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		class   error
		column  int
		field   string
		text    string
		message string
	}{
		{"too few fields", "2 123 eni-1 10.0.0.1", ErrFieldCount, 0, "", "2 123 eni-1 10.0.0.1",
			`s3://b/k.log.gz:2: wrong number of fields: 4, want 14 (VPC default format): "2 123 eni-1 10.0.0.1"`},
		{"too many fields", v2Accept + " extra", ErrFieldCount, 0, "", v2Accept + " extra", ""},
		{"not a number", strings.Replace(v2Accept, " 20641 ", " 2o641 ", 1), ErrNotNumber, 6, "srcport", "2o641",
			`s3://b/k.log.gz:2: column 6 (srcport): "2o641": not a number`},
		{"port over 65535", strings.Replace(v2Accept, " 22 ", " 65536 ", 1), ErrRange, 7, "dstport", "65536", ""},
		{"negative number", strings.Replace(v2Accept, " 4249 ", " -4249 ", 1), ErrNotNumber, 10, "bytes", "-4249", ""},
		{"bad address", strings.Replace(v2Accept, "172.31.16.21", "172.31.16.256", 1), ErrNotAddr, 5, "dstaddr", "172.31.16.256", ""},
		{"address with zone", strings.Replace(v2IPv6, "2001:db8:1234:a100:8d6e:3477:df66:f105", "fe80::1%eth0", 1), ErrNotAddr, 4, "srcaddr", "fe80::1%eth0", ""},
		{"bad action", strings.Replace(v2Accept, "ACCEPT", "ALLOW", 1), ErrBadEnum, 13, "action", "ALLOW", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := v2Header + "\n" + tt.line + "\n" + v2Reject + "\n"
			recs, errs := readAll(t, strings.NewReader(in), ReaderOptions{Source: "s3://b/k.log.gz"})
			assert.Equal(t, []string{v2Reject}, recs, "the reader carries on after a bad line")
			require.Len(t, errs, 1)
			pe := errs[0]
			assert.ErrorIs(t, pe, tt.class)
			assert.Equal(t, int64(2), pe.Line)
			assert.Equal(t, tt.column, pe.Column)
			assert.Equal(t, tt.field, pe.Field)
			assert.Equal(t, tt.text, pe.Text)
			if tt.message != "" {
				assert.Equal(t, tt.message, pe.Error())
			}
		})
	}
}

func TestParseErrorTextIsCopied(t *testing.T) {
	var pe *ParseError
	rd := NewReader(strings.NewReader("2 x\n"+v2Accept+"\n"), ReaderOptions{OnMalformed: func(e *ParseError) { pe = e }})
	require.True(t, rd.Scan(), "the malformed line is skipped")
	require.NoError(t, rd.Err())
	require.NotNil(t, pe)
	assert.Equal(t, "2 x", pe.Text)
	assert.Equal(t, int64(1), rd.Malformed())
}

func TestLongLine(t *testing.T) {
	long := strings.Repeat("9", 5000)
	in := v2Accept + "\n" + long + "\n" + v2Reject + "\n"
	recs, errs := readAll(t, strings.NewReader(in), ReaderOptions{MaxLineBytes: 1024})
	assert.Equal(t, []string{v2Accept, v2Reject}, recs)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrLineTooLong)
	assert.Equal(t, int64(2), errs[0].Line)
}

func TestStreamErrorIsReported(t *testing.T) {
	boom := errors.New("boom")
	rd := NewReader(io.MultiReader(strings.NewReader(v2Accept+"\n"), iotest.ErrReader(boom)), ReaderOptions{})
	require.True(t, rd.Scan())
	assert.NoError(t, rd.Err())
	assert.False(t, rd.Scan())
	assert.ErrorIs(t, rd.Err(), boom)
}

func TestMillisecondTimes(t *testing.T) {
	line := strings.Replace(v2Accept, "1418530010 1418530070", "1418530010123 1418530070999", 1)
	r := firstRecord(t, VPCDefaultFormat, line)
	start, _ := r.Int(Start)
	end, _ := r.Int(End)
	assert.Equal(t, int64(1418530010), start)
	assert.Equal(t, int64(1418530070), end)
	assert.Equal(t, line, r.String(), "the text stays as written")
}

func TestLazyDecoding(t *testing.T) {
	fs := SetOf(DstPort, Action)
	bad := strings.Replace(v2Accept, "172.31.16.139", "not-an-ip", 1)
	rd := NewReader(strings.NewReader(bad+"\n"), ReaderOptions{Fields: &fs})
	require.True(t, rd.Scan())
	require.NoError(t, rd.Err(), "srcaddr is not decoded, so its error does not surface")
	r := rd.Record()
	assert.True(t, r.decoded.Has(DstPort))
	assert.False(t, r.decoded.Has(SrcAddr))
	_, ok := r.Addr(SrcAddr)
	assert.False(t, ok, "decoded on demand, and found malformed")
	var pe *ParseError
	require.ErrorAs(t, r.Decode(SetOf(SrcAddr)), &pe)
	assert.Equal(t, "srcaddr", pe.Field)
	dst, ok := r.Addr(DstAddr)
	assert.True(t, ok, "decoded on demand")
	assert.Equal(t, "172.31.16.21", dst.String())
}

func TestUnknownFieldsAreCarried(t *testing.T) {
	in := "version srcaddr future-field dstport\n11 10.0.0.1 hello 443\n"
	rd := NewReader(strings.NewReader(in), ReaderOptions{})
	require.True(t, rd.Scan())
	require.NoError(t, rd.Err())
	r := rd.Record()
	assert.Equal(t, []string{"future-field"}, r.Format().Unknown())
	assert.Equal(t, "hello", string(r.Column(2)))
	f, err := ParseFormat("${future-field} ${dstport}")
	require.NoError(t, err)
	assert.Equal(t, "hello 443", string(r.AppendTo(nil, f)))
}

func TestAllIterator(t *testing.T) {
	var bad int
	rd := NewReader(strings.NewReader(v2Accept+"\nbad\n"+v2Reject+"\n"), ReaderOptions{OnMalformed: func(*ParseError) { bad++ }})
	var recs, errs int
	for r, err := range rd.All() {
		if err != nil {
			errs++
			continue
		}
		require.NotNil(t, r)
		recs++
	}
	assert.Equal(t, 2, recs)
	assert.Equal(t, 0, errs, "malformed lines are not stream errors")
	assert.Equal(t, 1, bad)
	assert.Equal(t, int64(1), rd.Malformed())
	assert.Equal(t, int64(3), rd.Lines())
}

func TestBuiltRecord(t *testing.T) {
	var r Record
	r.Reset(DefaultFormat())
	r.SetInt(Version, 2)
	r.SetText(AccountID, []byte("123456789010"))
	r.SetAddr(SrcAddr, netip.MustParseAddr("10.0.0.1"))
	r.SetInt(DstPort, 443)
	r.SetInt(Action, ActionReject)
	r.SetText(LogStatus, []byte("OK"))
	assert.Equal(t, "2 123456789010 - 10.0.0.1 - - 443 - - - - - REJECT OK", string(r.Line()))
	port, _ := r.Int(DstPort)
	assert.Equal(t, int64(443), port)
	assert.True(t, r.IsNull(DstAddr))
	again := firstRecord(t, VPCDefaultFormat, r.String())
	assert.Equal(t, r.String(), again.String())
}

func TestSetColumn(t *testing.T) {
	f, err := ParseFormat("${srcaddr} ${future-field} ${dstport}")
	require.NoError(t, err)
	var r Record
	r.Reset(f)
	r.SetColumn(1, []byte("hello"))
	r.SetColumn(2, []byte("443"))
	assert.Equal(t, "- hello 443", r.String())
	port, ok := r.Int(DstPort)
	assert.True(t, ok, "decoded on demand")
	assert.Equal(t, int64(443), port)
}

func TestCutFinalLineIsDropped(t *testing.T) {
	boom := errors.New("connection reset")
	cut := v2Accept[:len(v2Accept)-20] // ends inside a number: would parse as a wrong value
	rd := NewReader(io.MultiReader(strings.NewReader(v2Reject+"\n"+cut), iotest.ErrReader(boom)), ReaderOptions{})
	require.True(t, rd.Scan())
	assert.NoError(t, rd.Err())
	assert.False(t, rd.Scan(), "the cut line is not a record")
	assert.ErrorIs(t, rd.Err(), boom)
}

func TestResetReusesBuffers(t *testing.T) {
	t.Run("default format", func(t *testing.T) { testResetAllocs(t, v2Header+"\n"+v2Accept+"\n"+v2Reject+"\n") })
	v5Header := strings.NewReplacer("${", "", "}", "").Replace(v5Format)
	t.Run("custom format header", func(t *testing.T) { testResetAllocs(t, v5Header+"\n"+v5Line+"\n"+v5Line+"\n") })
}

func testResetAllocs(t *testing.T, in string) {
	src := strings.NewReader(in)
	rd := NewReader(src, ReaderOptions{})
	fields := SetOf(DstPort)
	allocs := testing.AllocsPerRun(100, func() {
		src.Reset(in)
		rd.Reset(src, ReaderOptions{Fields: &fields, Source: "k"})
		n := 0
		for rd.Scan() {
			n++
		}
		if n != 2 {
			t.Fatalf("%d records", n)
		}
	})
	assert.Equal(t, 0.0, allocs)
}

func TestDamagedHeaderIsNotARecord(t *testing.T) {
	damaged := strings.Replace(v2Header, "version", "versoin", 1)
	tests := []struct {
		name string
		in   string
		recs []string
		bad  []int64 // lines reported as damaged headers
	}{
		{"first line", damaged + "\n" + v2Accept + "\n", []string{v2Accept}, []int64{1}},
		{"later line", v2Header + "\n" + v2Accept + "\n" + damaged + "\n" + v2Reject + "\n", []string{v2Accept, v2Reject}, []int64{3}},
		{"records starting lower-case are records", "${interface-id} ${flow-direction} ${srcaddr}", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.in, "${") {
				f, err := ParseFormat(tt.in)
				require.NoError(t, err)
				recs, errs := readAll(t, strings.NewReader("eni-1 ingress 10.0.0.1\neni-2 egress 10.0.0.2\n"), ReaderOptions{Format: f})
				assert.Len(t, recs, 2)
				assert.Empty(t, errs)
				return
			}
			recs, errs := readAll(t, strings.NewReader(tt.in), ReaderOptions{})
			assert.Equal(t, tt.recs, recs)
			var lines []int64
			for _, e := range errs {
				assert.ErrorIs(t, e, ErrBadHeader)
				lines = append(lines, e.Line)
			}
			assert.Equal(t, tt.bad, lines)
		})
	}
}
