package scan_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// rejected matches REJECT records.
type rejected struct{}

func (rejected) Match(r *flowlog.Record) bool {
	return r.Action() == flowlog.ActionReject
}
func (rejected) Fields() flowlog.FieldSet { return flowlog.SetOf(flowlog.Action) }

func ExampleRun() {
	dir, _ := os.MkdirTemp("", "flowq-example")
	defer os.RemoveAll(dir)
	day := filepath.Join(dir, "AWSLogs", "123456789012", "vpcflowlogs", "us-east-1", "2026", "01", "15")
	os.MkdirAll(day, 0o755)
	os.WriteFile(filepath.Join(day, "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20260115T0000Z_fe123456.log"), []byte(
		"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"+
			"2 123456789012 eni-1 10.0.0.1 10.0.0.2 40000 22 6 1 40 1768435200 1768435260 ACCEPT OK\n"+
			"2 123456789012 eni-1 10.0.0.9 10.0.0.2 40001 5432 6 1 40 1768435200 1768435260 REJECT OK\n"), 0o644)

	st, err := scan.Run(context.Background(), scan.Options{Sources: []string{dir}, Filter: rejected{}},
		func(m scan.Match) error {
			fmt.Printf("%s:%d %s\n", filepath.Base(m.Source)[:12], m.Line, m.Record.Line())
			return nil
		})
	fmt.Println(err, st.ObjectsRead, st.Records, st.Matched, st.Incomplete())
	// Output:
	// 123456789012:3 2 123456789012 eni-1 10.0.0.9 10.0.0.2 40001 5432 6 1 40 1768435200 1768435260 REJECT OK
	// <nil> 1 2 1 false
}

// memSource is a caller's own Source: objects held in memory. A Source is
// all scan needs to read a store it does not know (another object store,
// a test's bucket): list, open, and name.
type memSource map[string]string

func (m memSource) List(_ context.Context, prefix string, _ scan.Scope) (scan.Listing, error) {
	var l scan.Listing
	for key, body := range m { // scan sorts what a source lists
		if strings.HasPrefix(key, prefix) {
			l.Objects = append(l.Objects, scan.Object{Key: key, Size: int64(len(body))})
		}
	}
	return l, nil
}

func (m memSource) Open(_ context.Context, o scan.Object, _ scan.Scope) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(m[o.Key])), nil
}

func (m memSource) Name(key string) string { return "mem:" + key }

func ExampleLocation() {
	const header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
	bucket := memSource{
		"a.log": header + "2 123456789012 eni-1 10.0.0.1 10.0.0.2 40000 22 6 1 40 1768435200 1768435260 REJECT OK\n",
		"b.log": header + "2 123456789012 eni-1 10.0.0.3 10.0.0.2 40001 443 6 1 40 1768435200 1768435260 REJECT OK\n",
	}
	_, err := scan.Run(context.Background(), scan.Options{
		Locations: []scan.Location{{Source: bucket}},
		Filter:    rejected{},
	}, func(m scan.Match) error {
		src, _ := m.Record.Addr(flowlog.SrcAddr)
		fmt.Println(m.Source, m.Line, src)
		return nil
	})
	fmt.Println(err)
	// Output:
	// mem:a.log 2 10.0.0.1
	// mem:b.log 2 10.0.0.3
	// <nil>
}
