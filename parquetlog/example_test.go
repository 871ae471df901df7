package parquetlog_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/parquetlog"
)

// ExampleReader reads the port and action of the accepted records of a
// Parquet object, projecting two columns and pruning on action.
func ExampleReader() {
	obj := exampleObject()
	// What a filter "action = ACCEPT" says through its Range method.
	accepted := func(f flowlog.Field) (lo, hi int64, ok bool) {
		return flowlog.ActionAccept, flowlog.ActionAccept, f == flowlog.Action
	}
	rd := parquetlog.NewReader(context.Background(), bytes.NewReader(obj), int64(len(obj)),
		parquetlog.Options{Fields: flowlog.SetOf(flowlog.DstPort, flowlog.Action), Range: accepted})
	defer rd.Close()
	for rd.Scan() {
		// The record is valid until the next Scan. Pruning is a hint, so
		// records are still filtered.
		if rec := rd.Record(); rec.Action() == flowlog.ActionAccept {
			fmt.Println(rec)
		}
	}
	if err := rd.Err(); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("rows read:", rd.Stats().RowsRead)
	// Output:
	// 443 ACCEPT
	// 80 ACCEPT
	// rows read: 3
}

// exampleObject returns three records in the default format as Parquet.
func exampleObject() []byte {
	lines := []string{
		"2 123456789012 eni-1 10.0.0.1 10.0.0.2 40000 443 6 10 840 1700000000 1700000060 ACCEPT OK",
		"2 123456789012 eni-1 10.0.0.1 10.0.0.3 40001 22 6 2 120 1700000000 1700000060 REJECT OK",
		"2 123456789012 eni-1 10.0.0.4 10.0.0.2 40002 80 6 5 300 1700000060 1700000120 ACCEPT OK",
	}
	var obj bytes.Buffer
	w := parquetlog.NewWriter(&obj, flowlog.DefaultFormat(), parquetlog.WriterOptions{})
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{})
	for rd.Scan() {
		if err := w.Write(rd.Record()); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return obj.Bytes()
}
