package main

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/flowq/flowq/nat"
)

// traceNAT is `flowq trace-nat ADDR [flags] SOURCE...`: the instance's
// flows to public addresses and the NAT gateway's flows that carried
// them (package nat).
func (a *app) traceNAT(ctx context.Context, args []string) int {
	var addr netip.Addr
	var err error
	if len(args) == 0 {
		err = fmt.Errorf("give the instance's private address first: as in flowq trace-nat 10.0.1.5 SOURCE")
	} else if addr, err = netip.ParseAddr(args[0]); err != nil {
		err = fmt.Errorf("%q is not an address: give the instance's private address first", args[0])
	}
	var o *options
	if err == nil {
		o, _, err = parseArgs(append([]string{""}, args[1:]...))
	}
	q, rep, ok := a.prepareReport("trace-nat", o, err, false)
	if !ok {
		return exitError
	}
	defer q.enrich.Close()
	traces, st, err := nat.Run(ctx, nat.Options{Scan: q.scan, Addr: addr})
	if err == nil {
		err = nat.WriteText(a.stdout, traces, q.tz)
	}
	st.Matched = int64(len(traces))
	return rep.finishReport(ctx, o, st, err)
}
