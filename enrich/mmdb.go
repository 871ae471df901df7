package enrich

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flowq/flowq/flowlog"
	"github.com/oschwald/maxminddb-golang/v2"
)

// mmdbMarker starts the metadata section of every MaxMind DB file, within
// its last 128 KiB.
var mmdbMarker = []byte("\xab\xcd\xefMaxMind.com")

func isMMDB(data []byte) bool {
	tail := data[max(0, len(data)-128<<10):]
	return bytes.Contains(tail, mmdbMarker)
}

// mmdbKind is what an .mmdb answers.
type mmdbKind int

const (
	mmdbCountry mmdbKind = iota + 1
	mmdbASN
)

// mmRecord is the part of a database record the fields show.
type mmRecord struct {
	Country struct {
		ISOCode string `maxminddb:"iso_code"`
	} `maxminddb:"country"`
	ASN uint   `maxminddb:"autonomous_system_number"`
	Org string `maxminddb:"autonomous_system_organization"`

	asn string // ASN as text, once
}

// mmdbTable looks addresses up in one database. The Reader is safe for
// concurrent use; decoded records are cached by their offset in the
// database (one decode, and one allocation, per distinct record), behind
// a read-write lock.
type mmdbTable struct {
	db      *maxminddb.Reader
	kind    mmdbKind
	dbType  string
	built   time.Time
	records int

	mu    sync.RWMutex
	cache map[uintptr]*mmRecord
}

func openMMDB(data []byte) (*mmdbTable, error) {
	db, err := maxminddb.OpenBytes(data)
	if err != nil {
		return nil, fmt.Errorf("mmdb: %w", err)
	}
	t := &mmdbTable{db: db, dbType: db.Metadata.DatabaseType, built: db.Metadata.BuildTime().UTC(),
		records: int(db.Metadata.NodeCount), cache: map[uintptr]*mmRecord{}}
	switch typ := strings.ToLower(t.dbType); {
	case strings.Contains(typ, "asn"):
		t.kind = mmdbASN
	case strings.Contains(typ, "country") || strings.Contains(typ, "city"):
		t.kind = mmdbCountry
	default:
		db.Close()
		return nil, fmt.Errorf("mmdb: database type %q is neither a country (or city) nor an ASN database", t.dbType)
	}
	return t, nil
}

func (t *mmdbTable) close() error { return t.db.Close() }

// lookup returns the record for a, or nil.
func (t *mmdbTable) lookup(a netip.Addr) *mmRecord {
	res := t.db.Lookup(a.Unmap())
	if !res.Found() {
		return nil
	}
	off := res.Offset()
	t.mu.RLock()
	rec, ok := t.cache[off]
	t.mu.RUnlock()
	if ok {
		return rec
	}
	rec = &mmRecord{}
	if err := res.Decode(rec); err != nil {
		rec = nil // a record of another shape: no answer, every time
	} else if rec.ASN != 0 {
		rec.asn = strconv.FormatUint(uint64(rec.ASN), 10)
	}
	t.mu.Lock()
	t.cache[off] = rec
	t.mu.Unlock()
	return rec
}

func (t *mmdbTable) fields() []flowlog.Derived {
	field := func(name string, addr flowlog.Field, part func(*mmRecord) string) flowlog.Derived {
		return flowlog.Derived{Name: name, Needs: flowlog.SetOf(addr), Derive: func(dst []byte, r *flowlog.Record) ([]byte, bool) {
			a, ok := r.Addr(addr)
			if !ok {
				return dst, false
			}
			rec := t.lookup(a)
			if rec == nil {
				return dst, false
			}
			v := part(rec)
			return append(dst, v...), v != ""
		}}
	}
	if t.kind == mmdbCountry {
		country := func(r *mmRecord) string { return r.Country.ISOCode }
		return []flowlog.Derived{field("src_country", flowlog.SrcAddr, country), field("dst_country", flowlog.DstAddr, country)}
	}
	asn := func(r *mmRecord) string { return r.asn }
	org := func(r *mmRecord) string { return r.Org }
	return []flowlog.Derived{
		field("src_asn", flowlog.SrcAddr, asn), field("dst_asn", flowlog.DstAddr, asn),
		field("src_as_org", flowlog.SrcAddr, org), field("dst_as_org", flowlog.DstAddr, org),
	}
}
