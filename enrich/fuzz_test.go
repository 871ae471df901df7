package enrich_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/internal/enrichtest"
)

// FuzzLoad: any file either loads, with fields that answer without
// panicking, or fails with an *enrich.Error naming it.
//
//	go test ./enrich -run - -fuzz FuzzLoad
func FuzzLoad(f *testing.F) {
	files, err := enrichtest.Standard(f.TempDir(), created, built)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{files.IPRanges, files.ENIs, files.Country, files.ASN} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"prefixes": [{"ip_prefix": "0.0.0.0/0", "service": "X"}]}`))
	f.Add([]byte(`{"NetworkInterfaces": null}`))
	line := "2 1 eni-0aaa1111bbbb2222c 10.1.3.7 198.51.100.10 1 2 6 1 40 1768435200 1768435260 ACCEPT OK"
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		set, err := enrich.Load(context.Background(), p)
		if err != nil {
			if _, ok := errors.AsType[*enrich.Error](err); !ok {
				t.Fatalf("not an *enrich.Error: %v", err)
			}
			return
		}
		defer set.Close()
		schema, err := flowlog.NewSchema(set.Fields()...)
		if err != nil {
			t.Fatal(err)
		}
		all := flowlog.AllFields()
		var want flowlog.FieldSet
		for _, fd := range schema.Derived() {
			want.Add(fd)
		}
		rd := flowlog.NewReader(strings.NewReader(line), flowlog.ReaderOptions{Fields: &all})
		for rd.Scan() {
			schema.Derive(rd.Record(), want)
		}
	})
}
