// Command flowq searches AWS VPC and Transit Gateway flow logs where they
// lie — S3, a copied bucket on disk, a folder of .log.gz files, stdin —
// with a SQL-WHERE filter, and prints matches as raw lines, a table, JSON,
// CSV or a top-N aggregation. Run `flowq --help` for the flags.
package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"golang.org/x/term"
)

// Exit codes, as grep uses them.
const (
	exitMatch       = 0
	exitNoMatch     = 1
	exitError       = 2
	exitInterrupted = 130
)

// app is everything a run touches outside its arguments, so that tests
// can run flowq in-process.
type app struct {
	stdin               io.Reader
	stdout, stderr      io.Writer
	stdinTTY, stdoutTTY bool
	stderrTTY           bool
	now                 func() time.Time
	// width is the terminal's width in columns (0: unknown), for the
	// progress line; progressEvery is how often it is drawn (0: 250 ms).
	width         int
	progressEvery time.Duration
	// outWidth is stdout's width in columns (0: unknown), which a table on
	// a terminal is cut to fit.
	outWidth int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A closed pipe (flowq ... | head) must surface as EPIPE on write, so
	// that flowq can stop quietly, not as a fatal SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	a := &app{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdinTTY: isTerminal(os.Stdin), stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr),
		now: time.Now, width: terminalWidth(os.Stderr), outWidth: terminalWidth(os.Stdout),
	}
	code := a.run(ctx, os.Args[1:])
	if code != exitMatch && code != exitNoMatch && errors.Is(ctx.Err(), context.Canceled) {
		code = exitInterrupted
	}
	os.Exit(code)
}

// terminalWidth is f's width in columns, or 0 if f is not a terminal.
func terminalWidth(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// isTerminal reports whether f is a terminal. (A character device is not
// enough: /dev/null is one too, and flushing every line to it is slow.)
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
