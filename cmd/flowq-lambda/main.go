package main

import (
	"os"
	"runtime/debug"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/flowq/flowq/fanout"
)

// version is set by the linker (-ldflags "-X main.version=...").
var version = ""

func build() string {
	if version != "" {
		return "flowq-lambda " + version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return "flowq-lambda " + bi.Main.Version
	}
	return "flowq-lambda (devel)"
}

func envInt(name string) int {
	n, _ := strconv.Atoi(os.Getenv(name))
	return max(n, 0)
}

func main() {
	w := &fanout.Worker{Build: build(), Budget: envInt("FLOWQ_REPLY_BUDGET"), Workers: envInt("FLOWQ_WORKERS")}
	lambda.Start(w.Handle)
}
