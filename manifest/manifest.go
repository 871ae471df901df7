package manifest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/scan"
)

// Manifest is the evidence of one search, as written in JSON.
type Manifest struct {
	Tool       string       `json:"tool"` // "flowq v1.2.3"
	Query      Query        `json:"query"`
	Enrichment []Enrichment `json:"enrichment"`
	Objects    []Object     `json:"objects"`
	Totals     Totals       `json:"totals"`
	Started    time.Time    `json:"started"`
	Finished   time.Time    `json:"finished"`
}

// Query is what was asked.
type Query struct {
	Filter    string    `json:"filter"`    // as given
	Canonical string    `json:"canonical"` // as understood
	Sources   []string  `json:"sources"`
	Since     time.Time `json:"since,omitzero"`
	Until     time.Time `json:"until,omitzero"`
	Accounts  []string  `json:"accounts,omitempty"`
	Regions   []string  `json:"regions,omitempty"`
	Format    string    `json:"format,omitempty"`
}

// Enrichment is one --enrich file.
type Enrichment struct {
	Path    string    `json:"path"`
	Kind    string    `json:"kind"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	Date    time.Time `json:"date,omitzero"`
	Entries int       `json:"entries"`
	Detail  string    `json:"detail,omitempty"`
}

// Object is one object or pruned folder.
type Object struct {
	Source    string    `json:"source"`
	Dir       bool      `json:"dir,omitempty"`
	Size      int64     `json:"size"`
	ETag      string    `json:"etag,omitempty"`
	SHA256    string    `json:"sha256,omitempty"` // local files, read again after the scan
	Modified  time.Time `json:"modified,omitzero"`
	Stamp     time.Time `json:"stamp,omitzero"` // delivery time in the AWS name
	Outcome   string    `json:"outcome"`
	Reason    string    `json:"reason,omitempty"`
	Records   int64     `json:"records"`
	Matched   int64     `json:"matched"`
	Malformed int64     `json:"malformed,omitempty"`
	HashError string    `json:"hash_error,omitempty"`
}

// Totals repeat the scan's statistics that do not depend on timing.
type Totals struct {
	ObjectsListed  int64 `json:"objects_listed"`
	ObjectsPruned  int64 `json:"objects_pruned"`
	ObjectsRead    int64 `json:"objects_read"`
	ObjectsSkipped int64 `json:"objects_skipped"`
	ObjectsFailed  int64 `json:"objects_failed"`
	PrefixesPruned int64 `json:"prefixes_pruned"`
	PrefixesFailed int64 `json:"prefixes_failed"`
	Records        int64 `json:"records"`
	Matched        int64 `json:"matched"`
	Malformed      int64 `json:"malformed"`
}

// Collector gathers object reports during a scan. Add is safe for
// concurrent use.
type Collector struct {
	mu      sync.Mutex
	reports []scan.ObjectReport
	started time.Time
}

// NewCollector starts a manifest at now.
func NewCollector(now time.Time) *Collector { return &Collector{started: now.UTC()} }

// Add keeps one report; it is scan.Options.OnObject.
func (c *Collector) Add(r scan.ObjectReport) {
	c.mu.Lock()
	c.reports = append(c.reports, r)
	c.mu.Unlock()
}

// Build makes the manifest: objects sorted by source, local files hashed
// (an object that cannot be hashed says why, in HashError).
func (c *Collector) Build(ctx context.Context, tool string, q Query, set *enrich.Set, st scan.Stats, finished time.Time) (*Manifest, error) {
	m := &Manifest{Tool: tool, Query: q, Started: c.started, Finished: finished.UTC(), Enrichment: []Enrichment{}, Objects: []Object{}}
	for _, f := range set.Files() {
		m.Enrichment = append(m.Enrichment, Enrichment{Path: f.Path, Kind: string(f.Kind), Size: f.Size,
			SHA256: f.SHA256, Date: f.Date, Entries: f.Entries, Detail: f.Detail})
	}
	c.mu.Lock()
	reports := slices.Clone(c.reports)
	c.mu.Unlock()
	slices.SortFunc(reports, func(a, b scan.ObjectReport) int { return strings.Compare(a.Source, b.Source) })
	for _, r := range reports {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := Object{Source: r.Source, Dir: r.Dir, Size: r.Size, ETag: r.ETag, Modified: r.Modified, Stamp: r.Stamp,
			Outcome: string(r.Outcome), Reason: r.Reason, Records: r.Records, Matched: r.Matched, Malformed: r.Malformed}
		if isLocalFile(r) {
			o.SHA256, o.HashError = hashFile(r.Source)
		}
		m.Objects = append(m.Objects, o)
	}
	m.Totals = Totals{ObjectsListed: st.ObjectsListed, ObjectsPruned: st.ObjectsPruned, ObjectsRead: st.ObjectsRead,
		ObjectsSkipped: st.ObjectsSkipped, ObjectsFailed: st.ObjectsFailed, PrefixesPruned: st.PrefixesPruned,
		PrefixesFailed: st.PrefixesFailed, Records: st.Records, Matched: st.Matched, Malformed: st.Malformed}
	return m, nil
}

func isLocalFile(r scan.ObjectReport) bool {
	return !r.Dir && r.Source != "-" && !strings.Contains(r.Source, "://")
}

func hashFile(path string) (sum, problem string) {
	f, err := os.Open(path)
	if err != nil {
		return "", err.Error()
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err.Error()
	}
	return hex.EncodeToString(h.Sum(nil)), ""
}

// WriteFile writes m as indented JSON to path.
func (m *Manifest) WriteFile(path string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}
