package main

import (
	stdgzip "compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	kgzip "github.com/klauspost/compress/gzip"
)

// limitMain decompresses every .gz file under a directory with N workers
// and does nothing else: the physical limit of a scan. It prints the
// number of uncompressed bytes.
func limitMain(args []string) int {
	fs := flag.NewFlagSet("limit", flag.ContinueOnError)
	workers := fs.Int("j", 1, "parallel files")
	lib := fs.String("lib", "klauspost", "gzip library: klauspost, stdlib or libdeflate (whole files)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: e2e limit [-j N] [-lib klauspost|stdlib|libdeflate] DIR")
		return 2
	}
	files, err := listFiles(fs.Arg(0), ".gz")
	if err != nil {
		fmt.Fprintln(os.Stderr, "limit:", err)
		return 1
	}
	var total atomic.Int64
	var firstErr atomic.Value
	next := make(chan string)
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var k kgzip.Reader
			var s stdgzip.Reader
			var w wholeFiles
			defer w.close()
			buf := make([]byte, 256<<10)
			for p := range next {
				var n int64
				var err error
				if *lib == "libdeflate" {
					n, err = w.decompress(p)
				} else {
					n, err = decompress(p, *lib == "stdlib", &k, &s, buf)
				}
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
				}
				total.Add(n)
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "limit:", err)
		return 1
	}
	fmt.Println(total.Load())
	return 0
}

func decompress(path string, std bool, k *kgzip.Reader, s *stdgzip.Reader, buf []byte) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader
	if std {
		err, r = s.Reset(f), s
	} else {
		err, r = k.Reset(f), k
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf)
	if err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}
