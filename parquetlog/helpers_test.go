package parquetlog

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/flowq/flowq/flowlog"
	"github.com/stretchr/testify/require"
)

// Formats the tests write: the VPC default, a v5 custom format in a
// non-registry order, and the Transit Gateway default.
const (
	v5Format = "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}"
)

// genLines returns n record lines of format fm with start times ascending
// from t0: a mix of TCP/UDP/ICMP, IPv4 and IPv6, ACCEPT/REJECT, NODATA and
// SKIPDATA lines, and "-" in optional fields. Deterministic for a seed.
func genLines(fm *flowlog.Format, n int, t0 int64, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	lines := make([]string, 0, n)
	toks := make([]string, fm.Len())
	for i := range n {
		start := t0 + int64(i)*600/int64(max(n/50, 1)) // ~50 per 10 minutes
		status := "OK"
		switch r := rng.IntN(100); {
		case r < 3:
			status = "NODATA"
		case r < 4:
			status = "SKIPDATA"
		}
		v6 := rng.IntN(10) == 0
		proto := []int{6, 6, 6, 17, 17, 1}[rng.IntN(6)]
		for c := range fm.Len() {
			toks[c] = genToken(rng, fm.Field(c), fm, status, v6, proto, start)
		}
		lines = append(lines, strings.Join(toks, " "))
	}
	return lines
}

func genToken(rng *rand.Rand, f flowlog.Field, fm *flowlog.Format, status string, v6 bool, proto int, start int64) string {
	if status != "OK" {
		switch f {
		case flowlog.Version:
			return fmt.Sprint(fm.Version())
		case flowlog.AccountID, flowlog.InterfaceID, flowlog.VPCID, flowlog.SubnetID, flowlog.Region, flowlog.AZID:
			// identity fields stay set
		case flowlog.Start:
			return fmt.Sprint(start)
		case flowlog.End:
			return fmt.Sprint(start + 60)
		case flowlog.LogStatus:
			return status
		default:
			return "-"
		}
	}
	addr := func(net int) string {
		if v6 {
			return fmt.Sprintf("2001:db8:%x::%x", net, rng.IntN(4000)+1)
		}
		return fmt.Sprintf("10.%d.%d.%d", net, rng.IntN(4), rng.IntN(250)+1)
	}
	switch f {
	case flowlog.Version:
		return fmt.Sprint(fm.Version())
	case flowlog.AccountID, flowlog.TGWSrcVPCAccountID, flowlog.TGWDstVPCAccountID:
		return []string{"123456789012", "210987654321", "unknown"}[rng.IntN(3)]
	case flowlog.InterfaceID:
		return fmt.Sprintf("eni-%017x", rng.IntN(8))
	case flowlog.SrcAddr, flowlog.PktSrcAddr:
		return addr(1)
	case flowlog.DstAddr, flowlog.PktDstAddr:
		return addr(2)
	case flowlog.SrcPort:
		if proto == 1 {
			return "0"
		}
		return fmt.Sprint(1024 + rng.IntN(60000))
	case flowlog.DstPort:
		if proto == 1 {
			return "0"
		}
		return fmt.Sprint([]int{443, 80, 22, 5432, 53, 3389}[rng.IntN(6)])
	case flowlog.Protocol:
		return fmt.Sprint(proto)
	case flowlog.Packets:
		return fmt.Sprint(1 + rng.IntN(1000))
	case flowlog.Bytes:
		return fmt.Sprint(40 + rng.IntN(1_000_000))
	case flowlog.Start:
		return fmt.Sprint(start)
	case flowlog.End:
		return fmt.Sprint(start + int64(rng.IntN(60)))
	case flowlog.Action:
		return []string{"ACCEPT", "ACCEPT", "REJECT"}[rng.IntN(3)]
	case flowlog.LogStatus:
		return status
	case flowlog.TCPFlags:
		if proto != 6 {
			return "-"
		}
		return fmt.Sprint([]int{0, 2, 3, 18, 19}[rng.IntN(5)])
	case flowlog.Type:
		if v6 {
			return "IPv6"
		}
		return "IPv4"
	case flowlog.FlowDirection:
		return []string{"ingress", "egress"}[rng.IntN(2)]
	case flowlog.TrafficPath:
		if rng.IntN(2) == 0 {
			return "-"
		}
		return fmt.Sprint(1 + rng.IntN(8))
	case flowlog.SublocationType, flowlog.SublocationID, flowlog.InstanceID:
		if rng.IntN(3) > 0 {
			return "-"
		}
		return fmt.Sprintf("%s-%x", strings.SplitN(f.String(), "-", 2)[0], rng.IntN(1000))
	case flowlog.PktSrcAWSService, flowlog.PktDstAWSService:
		return []string{"-", "-", "S3", "AMAZON", "EC2"}[rng.IntN(5)]
	case flowlog.Region:
		return "ap-northeast-1"
	case flowlog.ResourceType:
		return "TransitGatewayAttachment"
	case flowlog.PacketsLostNoRoute, flowlog.PacketsLostBlackhole, flowlog.PacketsLostMTUExceeded, flowlog.PacketsLostTTLExpired:
		return fmt.Sprint(rng.IntN(3))
	}
	return fmt.Sprintf("%s-%x", strings.ReplaceAll(f.String(), "-", ""), rng.IntN(50))
}

// parseLines parses lines of fm with flowlog and returns owned records.
func parseLines(t testing.TB, fm *flowlog.Format, lines []string) []*flowlog.Record {
	rd := flowlog.NewReader(strings.NewReader(strings.Join(lines, "\n")), flowlog.ReaderOptions{Format: fm})
	var out []*flowlog.Record
	for rd.Scan() {
		require.NoError(t, rd.Err())
		out = append(out, rd.Record().Clone())
	}
	require.NoError(t, rd.Err())
	require.Len(t, out, len(lines))
	return out
}

// writeParquet writes recs with a Writer and returns the object.
func writeParquet(t testing.TB, fm *flowlog.Format, recs []*flowlog.Record, opts WriterOptions) []byte {
	var buf bytes.Buffer
	w := NewWriter(&buf, fm, opts)
	for _, r := range recs {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// readAll reads obj and returns the String of every emitted record.
func readAll(t testing.TB, obj []byte, opts Options) ([]string, Stats) {
	var out []string
	st, err := Read(context.Background(), bytes.NewReader(obj), int64(len(obj)), opts,
		func(r *flowlog.Record) error { out = append(out, r.String()); return nil })
	require.NoError(t, err)
	return out, st
}

func mustFormat(t testing.TB, s string) *flowlog.Format {
	fm, err := flowlog.ParseFormat(s)
	require.NoError(t, err)
	return fm
}

func readFunc(obj []byte, opts Options, emit func(*flowlog.Record) error) (Stats, error) {
	return Read(context.Background(), bytes.NewReader(obj), int64(len(obj)), opts, emit)
}
