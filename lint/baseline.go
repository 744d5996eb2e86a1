package lint

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Baseline is the set of findings a team has accepted for now: later runs
// report only findings not in it. It holds fingerprints, rules and files,
// never a token and never a line number, so it survives lines moving.
// Files are relative to the repository root (File.RootPath), as the
// fingerprints are, so it works from any folder; a version 1 baseline
// written at the root by an earlier postmarklint, whose paths were
// relative to the working directory, reads the same.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
}

// NewBaseline records findings, sorted and without duplicates.
func NewBaseline(findings []Finding) *Baseline {
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for i := range findings {
		f := &findings[i]
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint(), Rule: f.Rule.ID, File: RedactPath(f.File.Anchored())})
	}
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	b.Findings = slices.Compact(b.Findings)
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// ParseBaseline reads a baseline file's bytes; path names it in errors.
func ParseBaseline(path string, data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a postmarklint baseline: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("%s: baseline version %d, want 1", path, b.Version)
	}
	return &b, nil
}

// Filter drops the findings in the baseline and counts the baseline
// entries that no longer match anything, among those whose file the run
// covered (covered gets an entry's file; nil covers none): a hook that
// names one file cannot tell whether the other entries still match.
func (b *Baseline) Filter(findings []Finding, covered func(file string) bool) (kept []Finding, stale int) {
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	matched := map[string]bool{}
	for i := range findings {
		fp := findings[i].Fingerprint()
		if known[fp] {
			matched[fp] = true
			continue
		}
		kept = append(kept, findings[i])
	}
	for _, e := range b.Findings {
		if !matched[e.Fingerprint] && covered != nil && covered(e.File) {
			stale++
		}
	}
	return kept, stale
}
