// Package output is the last stage of flowq's data path: it turns the
// matches of a scan into what people and programs read. It holds the
// columns and views (times in a zone, protocol names, the action or
// NODATA/SKIPDATA, the interface or the Transit Gateway attachment), the
// writers for raw lines, aligned tables, JSON Lines and CSV, and the
// aggregation behind group-by, sort and top-N, whose partial results merge
// exactly. The flowq command, the flowq serve page and the Lambda worker
// all print through it; so can your program.
//
// # Getting started
//
// To print records, make a Writer with NewWriter from Options (a Mode, the
// Columns, a zone and whether to show the source), hand its Fields and
// Project to scan.Options so that the fields it prints are decoded, and
// call Write for every match and Flush at the end:
//
//	w := output.NewWriter(os.Stdout, output.Options{Mode: output.JSON})
//	opts.Fields, opts.Project = w.Fields(), w.Project()
//	_, err := scan.Run(ctx, opts, w.Write)
//	...
//	err = w.Flush()
//
// To aggregate, make an Aggregation with NewAggregation, Add every match's
// record, then print Sorted groups with WriteGroups. RowWriter prints any
// other rows of text in the same formats. Summary, Progress and Incomplete
// describe a scan's statistics in words.
//
// # Buffers
//
// A scan.Match, its Record and every slice obtained from it are valid only
// during the callback that received them. Writers and aggregations read
// them there and keep nothing that aliases them: Writer copies the cells
// it holds back to size a table, and Add copies a new group's values.
// Writers reuse one line buffer and allocate nothing per record (once a
// table has sized its columns); Add allocates only for a new group.
//
// # Concurrency
//
// A Writer, a RowWriter and an Aggregation are each used from one
// goroutine, as scan.Run's emit callback is called. To aggregate on
// several goroutines or in several processes, give each its own
// Aggregation and combine the partial results with Merge (after
// MarshalJSON and UnmarshalJSON across a process boundary); apply Sorted
// and its top-N only to the merged result. The functions of this package
// keep no state and are safe for concurrent use.
package output
