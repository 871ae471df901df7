package gen

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SituationsFormat is the format of the situations tree's flow log
// fl-0f00000000000000a: v2 plus tcp-flags and the packet addresses.
const SituationsFormat = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags pkt-srcaddr pkt-dstaddr"

// situationsDefault is the second flow log's format: AWS's default (v2),
// without packet addresses.
const situationsDefault = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"

// Situations writes into dir a small tree (account 111122223333,
// us-east-1, 2026-01-20 10:00–11:00 UTC, two flow logs) holding each
// situation that flowq explains, one per story:
//
//   - a network ACL dropping responses: 10.2.0.10 (eni-0a0000000000000a1)
//     asks 198.51.100.80:443 three times; each request is accepted (SYN),
//     each response (SYN-ACK) rejected;
//   - a security group dropping requests: 203.0.113.66 is rejected four
//     times on 10.2.0.20:3306 (eni-0b0000000000000b2), with no reply;
//   - a stray response: 192.0.2.9:53 rejected towards 10.2.0.10:50000/udp,
//     with no request on record;
//   - NAT'd traffic: 10.2.1.30 (eni-0c0000000000000c3) reaches
//     198.51.100.99:443 three times through the NAT gateway's interface
//     (eni-0d0000000000000d4, 10.2.0.5), as 10.2.1.31 does at the same
//     times with other byte counts; logged with pkt-srcaddr and
//     pkt-dstaddr by flow log fl-0f00000000000000a, and the same traffic
//     without them by fl-0f00000000000000b (default format);
//   - a delivery gap: fl-0f00000000000000a delivered nothing for 10:25 and
//     10:30;
//   - SKIPDATA: the 10:40 object of fl-0f00000000000000a records lost
//     records on eni-0a0000000000000a1; NODATA on eni-0b0000000000000b2
//     from 10:45.
//
// The bytes are a pure function of the code.
func Situations(dir string) error {
	objs := map[string]map[time.Time][]string{"fl-0f00000000000000a": {}, "fl-0f00000000000000b": {}}
	base := time.Date(2026, 1, 20, 10, 0, 0, 0, time.UTC)
	add := func(fl string, at time.Time, line string) {
		w := at.Truncate(5 * time.Minute)
		objs[fl][w] = append(objs[fl][w], line)
	}
	rec := func(eni, src, dst string, sp, dp, proto, pk, by int, t time.Time, action string, flags int, pkSrc, pkDst string) string {
		s, e := t.Add(-50*time.Second).Unix(), t.Unix()
		return fmt.Sprintf("2 111122223333 %s %s %s %d %d %d %d %d %d %d %s OK %d %s %s", eni, src, dst, sp, dp, proto, pk, by, s, e, action, flags, pkSrc, pkDst)
	}
	const fa, fb = "fl-0f00000000000000a", "fl-0f00000000000000b"
	v2 := func(line string) string { return strings.Join(strings.Fields(line)[:14], " ") } // the default format
	// Every window of both flow logs but the gap has a heartbeat.
	for m := 0; m < 60; m += 5 {
		t := base.Add(time.Duration(m)*time.Minute + 4*time.Minute)
		add(fa, t, rec("eni-0a0000000000000a1", "10.2.0.10", "10.2.0.2", 33000+m, 53, 17, 1, 80, t, "ACCEPT", 0, "10.2.0.10", "10.2.0.2"))
		add(fb, t, v2(rec("eni-0c0000000000000c3", "10.2.1.30", "10.2.0.2", 34000+m, 53, 17, 1, 80, t, "ACCEPT", 0, "-", "-")))
	}
	for i := range 3 { // the NACL drops responses
		t := base.Add(time.Duration(2+i*3)*time.Minute + 10*time.Second)
		sp := 40001 + i
		add(fa, t, rec("eni-0a0000000000000a1", "10.2.0.10", "198.51.100.80", sp, 443, 6, 3, 180, t, "ACCEPT", 2, "10.2.0.10", "198.51.100.80"))
		add(fa, t, rec("eni-0a0000000000000a1", "198.51.100.80", "10.2.0.10", 443, sp, 6, 3, 180, t, "REJECT", 18, "198.51.100.80", "10.2.0.10"))
	}
	for i := range 4 { // the SG drops requests
		t := base.Add(time.Duration(12+i)*time.Minute + 20*time.Second)
		add(fa, t, rec("eni-0b0000000000000b2", "203.0.113.66", "10.2.0.20", 51000+i*7, 3306, 6, 1, 44, t, "REJECT", 2, "203.0.113.66", "10.2.0.20"))
	}
	t := base.Add(19*time.Minute + 30*time.Second) // a stray response
	add(fa, t, rec("eni-0a0000000000000a1", "192.0.2.9", "10.2.0.10", 53, 50000, 17, 1, 120, t, "REJECT", 0, "192.0.2.9", "10.2.0.10"))
	for i := range 3 { // NAT, as AWS logs it: the instance's ENI, then the NAT gateway's (in, out)
		t := base.Add(time.Duration(36+i*2)*time.Minute + 40*time.Second)
		sp, by := 41000+i, 5000+i*1000
		legs := []string{
			rec("eni-0c0000000000000c3", "10.2.1.30", "198.51.100.99", sp, 443, 6, 8, by, t, "ACCEPT", 2, "10.2.1.30", "198.51.100.99"),
			rec("eni-0d0000000000000d4", "10.2.1.30", "10.2.0.5", sp, 443, 6, 8, by, t, "ACCEPT", 2, "10.2.1.30", "198.51.100.99"),
			rec("eni-0d0000000000000d4", "10.2.0.5", "198.51.100.99", 61000+i, 443, 6, 8, by, t, "ACCEPT", 2, "10.2.0.5", "198.51.100.99"),
		}
		for _, l := range legs {
			add(fa, t, l)
			add(fb, t, v2(l))
		}
		// Another instance to the same place at the same time, through the
		// same NAT gateway: what correlation without pkt-* must tell apart.
		other := []string{
			rec("eni-0e0000000000000e5", "10.2.1.31", "198.51.100.99", sp+100, 443, 6, 12, 9000, t, "ACCEPT", 2, "10.2.1.31", "198.51.100.99"),
			rec("eni-0d0000000000000d4", "10.2.1.31", "10.2.0.5", sp+100, 443, 6, 12, 9000, t, "ACCEPT", 2, "10.2.1.31", "198.51.100.99"),
			rec("eni-0d0000000000000d4", "10.2.0.5", "198.51.100.99", 62000+i, 443, 6, 12, 9000, t, "ACCEPT", 2, "10.2.0.5", "198.51.100.99"),
		}
		for _, l := range other {
			add(fa, t, l)
			add(fb, t, v2(l))
		}
	}
	skip := base.Add(41 * time.Minute)
	add(fa, skip, fmt.Sprintf("2 111122223333 eni-0a0000000000000a1 - - - - - - - %d %d - SKIPDATA - - -", skip.Add(-60*time.Second).Unix(), skip.Unix()))
	for m := 45; m < 60; m += 5 {
		nd := base.Add(time.Duration(m)*time.Minute + 3*time.Minute)
		add(fa, nd, fmt.Sprintf("2 111122223333 eni-0b0000000000000b2 - - - - - - - %d %d - NODATA - - -", nd.Add(-60*time.Second).Unix(), nd.Unix()))
	}
	delete(objs[fa], base.Add(25*time.Minute)) // the delivery gap
	delete(objs[fa], base.Add(30*time.Minute))
	for fl, windows := range objs {
		header := SituationsFormat
		if fl == fb {
			header = situationsDefault
		}
		for w, lines := range windows {
			if err := writeSituation(dir, fl, w, header, lines); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeSituation(dir, fl string, w time.Time, header string, lines []string) error {
	stamp := w // as internal/gen names objects: the start of their 5-minute window
	name := fmt.Sprintf("111122223333_vpcflowlogs_us-east-1_%s_%s_%08x.log.gz", fl, stamp.Format("20060102T1504Z"), uint32(stamp.Unix())^uint32(len(fl))*2654435761)
	p := filepath.Join(dir, "AWSLogs", "111122223333", "vpcflowlogs", "us-east-1", w.Format("2006/01/02"), name)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	fmt.Fprintln(zw, header)
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, buf.Bytes(), 0o644)
}
