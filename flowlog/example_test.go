package flowlog_test

import (
	"fmt"
	"strings"

	"github.com/flowq/flowq/flowlog"
)

func ExampleReader() {
	in := `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK
2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA
`
	rd := flowlog.NewReader(strings.NewReader(in), flowlog.ReaderOptions{Source: "example.log",
		OnMalformed: func(err *flowlog.ParseError) { fmt.Println("skipped:", err) }})
	for rd.Scan() {
		r := rd.Record()
		src, ok := r.Addr(flowlog.SrcAddr)
		if !ok {
			fmt.Println(string(r.Text(flowlog.LogStatus)), "record, no traffic")
			continue
		}
		port, _ := r.Int(flowlog.DstPort)
		fmt.Println(src, "→ port", port, string(r.Text(flowlog.Action)))
	}
	if err := rd.Err(); err != nil {
		fmt.Println("read failed:", err)
	}
	// Output:
	// 172.31.9.69 → port 3389 REJECT
	// NODATA record, no traffic
}

func ExampleReaderOptions_lazy() {
	// Decode only what a filter on dstport and action needs.
	fields := flowlog.SetOf(flowlog.DstPort, flowlog.Action)
	line := "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	rd := flowlog.NewReader(strings.NewReader(line), flowlog.ReaderOptions{Fields: &fields})
	for r, err := range rd.All() {
		if err != nil {
			fmt.Println("read failed:", err) // the stream, not a line
			break
		}
		port, _ := r.Int(flowlog.DstPort)
		fmt.Println(port, r.Action() == flowlog.ActionReject)
	}
	// Output: 3389 true
}

func ExampleParseFormat() {
	f, err := flowlog.ParseFormat("${srcaddr} ${dstaddr} ${dstport} ${action} ${tcp-flags}")
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Len(), f.Version(), f.Header())
	fmt.Println(flowlog.TCPFlags.Column(), flowlog.TCPFlags.Info().Version)
	// Output:
	// 5 3 srcaddr dstaddr dstport action tcp-flags
	// tcp_flags 3
}

func ExampleRecord_AppendTo() {
	in := "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"
	rd := flowlog.NewReader(strings.NewReader(in), flowlog.ReaderOptions{})
	rd.Scan()
	short, _ := flowlog.ParseFormat("${srcaddr} ${dstaddr} ${dstport} ${action} ${vpc-id}")
	fmt.Println(string(rd.Record().AppendTo(nil, short)))
	// Output: 172.31.9.69 172.31.9.12 3389 REJECT -
}
