package output_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/output"
	"github.com/flowq/flowq/scan"
)

// A program that searches a folder of flow logs, groups the accepted
// flows by source address and prints the five busiest sources as JSON.
// (The sample holds a README and four damaged lines; scan reports them in
// its Stats and skips them.)
func Example() {
	agg := output.NewAggregation(flowlog.SrcAddr)
	_, err := scan.Run(context.Background(), scan.Options{
		Sources: []string{"../testdata/sample"},
		Filter:  filter.MustCompile("action = 'ACCEPT'"),
		Fields:  agg.Fields(),
		Project: true,
	}, func(m scan.Match) error {
		agg.Add(m.Record)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	order, _ := output.ParseOrder("records", agg.Keys())
	if err := agg.WriteGroups(os.Stdout, output.JSON, nil, agg.Sorted(order, 5)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"srcaddr":"10.0.1.10","records":309,"packets":9830,"bytes":5597896,"first_start":1768402535,"last_end":1768435885}
	// {"srcaddr":"10.1.5.10","records":170,"packets":1825,"bytes":563196,"first_start":1768402895,"last_end":1768405902}
	// {"srcaddr":"10.0.2.11","records":117,"packets":2871,"bytes":1246116,"first_start":1768404034,"last_end":1768406242}
	// {"srcaddr":"10.1.0.10","records":117,"packets":5207,"bytes":1347052,"first_start":1768402890,"last_end":1768406276}
	// {"srcaddr":"10.0.3.11","records":104,"packets":5075,"bytes":1737364,"first_start":1768402392,"last_end":1768405129}
}

// A Writer prints matches as a table (or JSON, CSV, raw lines); it tells
// the scan which fields to decode.
func ExampleWriter() {
	w := output.NewWriter(os.Stdout, output.Options{Mode: output.Table})
	_, err := scan.Run(context.Background(), scan.Options{
		Sources: []string{"../testdata/sample/AWSLogs/aws-account-id=444455556666"},
		Filter:  filter.MustCompile("dstport = 22 and action = reject"),
		Fields:  w.Fields(),
		Project: w.Project(),
		Limit:   3,
	}, w.Write)
	if err == nil {
		err = w.Flush() // the table holds its first rows to size the columns
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// START (UTC)          SOURCE          DESTINATION  PORT  PROTO  ACTION  BYTES  INTERFACE
	// 2026-01-14 23:45:53  209.254.213.33  10.0.1.30    22    TCP    REJECT  156    eni-0a13c4d81fdde7a2c
	// 2026-01-14 23:45:57  54.178.246.57   10.0.1.30    22    TCP    REJECT  192    eni-0a13c4d81fdde7a2c
	// 2026-01-14 23:45:53  3.231.1.117     10.0.1.30    22    TCP    REJECT  228    eni-0a13c4d81fdde7a2c
}

// Partial aggregations, made by separate workers or processes, merge into
// the result of one pass; top-N is taken after the last merge.
func ExampleAggregation_Merge() {
	logs := []string{
		"srcaddr dstaddr packets\n10.0.0.1 10.0.0.9 5\n10.0.0.2 10.0.0.9 1\n",
		"srcaddr dstaddr packets\n10.0.0.2 10.0.0.9 7\n10.0.0.2 10.0.0.8 2\n",
	}
	total := output.NewAggregation(flowlog.SrcAddr)
	for _, text := range logs {
		partial := output.NewAggregation(flowlog.SrcAddr) // in another process
		rd := flowlog.NewReader(strings.NewReader(text), flowlog.ReaderOptions{})
		for rd.Scan() {
			partial.Add(rd.Record())
		}
		data, _ := json.Marshal(partial) // sent back to the caller
		var received output.Aggregation
		if err := json.Unmarshal(data, &received); err != nil {
			fmt.Println(err)
		}
		if err := total.Merge(&received); err != nil {
			fmt.Println(err)
		}
	}
	order, _ := output.ParseOrder("packets", total.Keys())
	if err := total.WriteGroups(os.Stdout, output.CSV, nil, total.Sorted(order, 1)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// srcaddr,records,packets,bytes,first_start,last_end
	// 10.0.0.2,3,10,0,-,-
}

// A derived field is computed by the program, here from a lookup table
// loaded once, and then filtered on, grouped by and printed like AWS's own
// fields. The same Schema goes to the filter, the scan and the output.
func ExampleNewAggregationIn() {
	teams := map[string]string{"10.0.1.25": "database", "10.0.1.10": "web", "10.0.2.11": "web"}
	schema, err := flowlog.NewSchema(flowlog.Derived{
		Name:  "dst_team",
		Needs: flowlog.SetOf(flowlog.DstAddr),
		Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			team, ok := teams[string(r.Raw(flowlog.DstAddr))] // read-only: safe on every worker
			return append(dst, team...), ok
		},
	})
	if err != nil {
		panic(err)
	}
	team, _ := schema.Lookup("dst_team")
	f, err := filter.Compile("dst_team is not null and action = REJECT", filter.Options{Schema: schema})
	if err != nil {
		panic(err)
	}
	agg := output.NewAggregationIn(schema, team)
	_, err = scan.Run(context.Background(), scan.Options{
		Sources: []string{"../testdata/sample"}, Filter: f, Schema: schema, Fields: agg.Fields(),
	}, func(m scan.Match) error {
		agg.Add(m.Record)
		return nil
	})
	if err != nil {
		panic(err)
	}
	order, _ := output.ParseOrderIn(schema, "records", agg.Keys())
	agg.WriteGroups(os.Stdout, output.CSV, nil, agg.Sorted(order, 0))
	// Output:
	// dst_team,records,packets,bytes,first_start,last_end
	// web,122,236,104708,1768403083,1768435884
	// database,13,23,3048,1768403071,1768406133
}
