package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/postmarklint/postmarklint/lint"
)

// The part of the Code Climate issue format that GitLab's Code Quality
// report reads (artifacts: reports: codequality), plus the fields the
// Code Climate spec requires (type, categories), so that other readers of
// the spec take it too.
type (
	gitlabIssue struct {
		Type        string         `json:"type"`
		CheckName   string         `json:"check_name"`
		Description string         `json:"description"`
		Categories  []string       `json:"categories"`
		Severity    string         `json:"severity"`
		Fingerprint string         `json:"fingerprint"`
		Location    gitlabLocation `json:"location"`
	}
	gitlabLocation struct {
		Path  string      `json:"path"`
		Lines gitlabLines `json:"lines"`
	}
	gitlabLines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	}
)

// GitLab writes a GitLab Code Quality report: a JSON array with one issue
// per finding ([] when there is none). GitLab compares the fingerprints
// of a merge request's report with its target branch's to tell new
// findings from fixed ones, and keeps only the first issue of a
// fingerprint, so each is the finding's own (stable across line moves)
// made unique within the report.
func GitLab(w io.Writer, run *Run) error {
	issues := make([]gitlabIssue, 0, len(run.Findings))
	seen := map[string]int{}
	for i := range run.Findings {
		f := &run.Findings[i]
		start, end := Position(f)
		issues = append(issues, gitlabIssue{
			Type:        "issue",
			CheckName:   f.Rule.ID,
			Description: f.Message,
			Categories:  []string{gitlabCategory(f.Rule.ID)},
			Severity:    gitlabSeverity(f.Severity),
			Fingerprint: uniqueFingerprint(f.Fingerprint(), seen),
			Location: gitlabLocation{
				Path:  lint.RedactPath(f.File.Path),
				Lines: gitlabLines{Begin: start.Line, End: end.Line},
			},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// uniqueFingerprint returns fp the first time, and for the n-th repeat
// (two findings of one rule on one key and value in one file) a hash of
// fp and n: unique, and still stable from run to run.
func uniqueFingerprint(fp string, seen map[string]int) string {
	n := seen[fp]
	seen[fp] = n + 1
	if n == 0 {
		return fp
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", fp, n))
	return hex.EncodeToString(h[:])[:len(fp)]
}

// gitlabSeverity maps a severity to Code Climate's scale (info, minor,
// major, critical, blocker): an error means mail that is never sent or a
// secret in history.
func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "critical"
	case lint.Warning:
		return "minor"
	}
	return "info"
}

// gitlabCategory is the Code Climate category: a token in git history or
// sent over plain HTTP is a security matter, the rest a bug risk.
func gitlabCategory(rule string) string {
	switch rule {
	case "committed-token", "api-endpoint":
		return "Security"
	}
	return "Bug Risk"
}
