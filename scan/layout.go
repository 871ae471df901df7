package scan

import (
	"strconv"
	"strings"
	"time"
)

// FileInfo is what an AWS flow log object name says about its content:
//
//	123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz
//
// Stamp is the start of the 5-minute delivery window (UTC).
type FileInfo struct {
	Account   string
	Region    string
	FlowLogID string
	Stamp     time.Time
	Parquet   bool // the name ends in .parquet
}

// stampLayout is the file name's YYYYMMDDTHHmmZ stamp.
const stampLayout = "20060102T1504Z"

// ParseFileName parses the base name of a flow log object and reports
// whether it has the AWS shape. It accepts any suffix after the hash, so
// copies renamed to .log or .log.parquet parse too.
func ParseFileName(name string) (FileInfo, bool) {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	parts := strings.SplitN(name, "_", 6)
	if len(parts) != 6 || parts[1] != "vpcflowlogs" || !strings.HasPrefix(parts[3], "fl-") {
		return FileInfo{}, false
	}
	if !isAccount(parts[0]) || parts[2] == "" {
		return FileInfo{}, false
	}
	stamp, err := time.Parse(stampLayout, parts[4])
	if err != nil {
		return FileInfo{}, false
	}
	return FileInfo{Account: parts[0], Region: parts[2], FlowLogID: parts[3], Stamp: stamp,
		Parquet: strings.HasSuffix(parts[5], ".parquet")}, true
}

// isAccount reports whether s looks like an AWS account ID (12 digits).
func isAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// level is a position in the flow log folder layout below AWSLogs/.
type level uint8

const (
	lvNone    level = iota // not inside a recognised layout
	lvAccount              // next segment is the account
	lvService              // next segment is the service (vpcflowlogs)
	lvRegion
	lvYear
	lvMonth
	lvDay
	lvHour
	lvDone // below the hour (or day) level: nothing more to learn
)

// PathInfo is what the folders of a key or path say: the parts of the
// layout (plain, hourly, Hive and hourly Hive, anywhere below a prefix)
// that are known. Zero fields are unknown. NotFlowLogs is set for a folder
// of another AWS service (AWSLogs/123456789012/CloudTrail/).
type PathInfo struct {
	Account, Region        string
	Year, Month, Day, Hour int // Hour is -1 when unknown
	NotFlowLogs            bool
	Hive                   bool // key=value folders were seen
	next                   level
}

// ParsePath interprets the folder segments of a slash-separated path. The
// last segment is included only if the path ends with "/".
func ParsePath(p string) PathInfo {
	info := PathInfo{Hour: -1}
	segs := strings.Split(p, "/")
	for _, s := range segs[:len(segs)-1] {
		info.add(s)
	}
	return info
}

// add interprets one folder name.
func (pi *PathInfo) add(seg string) {
	if k, v, ok := strings.Cut(seg, "="); ok {
		pi.addHive(k, v)
		return
	}
	switch pi.next {
	case lvNone:
		if seg == "AWSLogs" {
			pi.next = lvAccount
		} else if seg == "vpcflowlogs" {
			pi.next = lvRegion
		}
	case lvAccount:
		if isAccount(seg) {
			pi.Account, pi.next = seg, lvService
		} else if !strings.HasPrefix(seg, "o-") { // organisation ID folders are skipped
			pi.next = lvNone
		}
	case lvService:
		pi.setService(seg)
	case lvRegion:
		pi.Region, pi.next = seg, lvYear
	case lvYear, lvMonth, lvDay, lvHour:
		pi.setDate(pi.next, seg)
	}
}

// addHive interprets a key=value folder, wherever it appears.
func (pi *PathInfo) addHive(k, v string) {
	pi.Hive = true
	switch k {
	case "aws-account-id":
		pi.Account, pi.next = v, lvService
	case "aws-service", "service":
		pi.setService(v)
	case "aws-region":
		pi.Region, pi.next = v, lvYear
	case "year":
		pi.setDate(lvYear, v)
	case "month":
		pi.setDate(lvMonth, v)
	case "day":
		pi.setDate(lvDay, v)
	case "hour":
		pi.setDate(lvHour, v)
	}
}

func (pi *PathInfo) setService(s string) {
	if s == "vpcflowlogs" {
		pi.next = lvRegion
		return
	}
	pi.NotFlowLogs, pi.next = true, lvNone
}

// dateLimits are the valid values of year, month, day and hour folders.
var dateLimits = [4][2]int{{1970, 9999}, {1, 12}, {1, 31}, {0, 23}}

// setDate records one date part; a value out of range ends the layout.
func (pi *PathInfo) setDate(at level, s string) {
	n, err := strconv.Atoi(s)
	lim := dateLimits[at-lvYear]
	if err != nil || n < lim[0] || n > lim[1] {
		pi.next = lvNone
		return
	}
	switch at {
	case lvYear:
		pi.Year = n
	case lvMonth:
		pi.Month = n
	case lvDay:
		pi.Day = n
	case lvHour:
		pi.Hour = n
	}
	pi.next = at + 1
}

// Interval returns the span of delivery stamps [from, to) the folder can
// hold, and false if its date is not known.
func (pi PathInfo) Interval() (from, to time.Time, ok bool) {
	switch {
	case pi.Year == 0:
		return time.Time{}, time.Time{}, false
	case pi.Month == 0:
		from = time.Date(pi.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(1, 0, 0), true
	case pi.Day == 0:
		from = time.Date(pi.Year, time.Month(pi.Month), 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(0, 1, 0), true
	case pi.Hour < 0:
		from = time.Date(pi.Year, time.Month(pi.Month), pi.Day, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(0, 0, 1), true
	}
	from = time.Date(pi.Year, time.Month(pi.Month), pi.Day, pi.Hour, 0, 0, 0, time.UTC)
	return from, from.Add(time.Hour), true
}
