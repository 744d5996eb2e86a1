package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

type gitlabIssue struct {
	Type        string   `json:"type"`
	CheckName   string   `json:"check_name"`
	Description string   `json:"description"`
	Categories  []string `json:"categories"`
	Severity    string   `json:"severity"`
	Fingerprint string   `json:"fingerprint"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
			End   int `json:"end"`
		} `json:"lines"`
	} `json:"location"`
}

// writeReport runs a format's writer, checks its output (against the
// format's schema) and decodes it into a T.
func writeReport[T any](t *testing.T, w report.Writer, run *report.Run, check func(*testing.T, []byte), decode func([]byte, any) error) ([]byte, T) {
	t.Helper()
	var buf bytes.Buffer
	if err := w(&buf, run); err != nil {
		t.Fatal(err)
	}
	check(t, buf.Bytes())
	var doc T
	if err := decode(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

// writeGitLab writes the findings' GitLab report, checked against the
// fields GitLab and the Code Climate spec require (testdata).
func writeGitLab(t *testing.T, findings []lint.Finding) ([]byte, []gitlabIssue) {
	t.Helper()
	return writeReport[[]gitlabIssue](t, report.GitLab, &report.Run{Findings: findings}, func(t *testing.T, out []byte) {
		validateJSON(t, "GitLab Code Quality", "testdata/gitlab-codequality.schema.json", jsonschema.Draft7, out)
	}, json.Unmarshal)
}

func TestGitLab(t *testing.T) {
	findings := lintFixtures(t)
	out, issues := writeGitLab(t, findings)
	if len(issues) != len(findings) {
		t.Fatalf("%d issues for %d findings", len(issues), len(findings))
	}
	wantSeverity := map[lint.Severity]string{lint.Error: "critical", lint.Warning: "minor", lint.Info: "info"}
	fingerprints := map[string]bool{}
	for i, is := range issues {
		f := &findings[i]
		start, end := report.Position(f)
		if is.CheckName != f.Rule.ID || is.Description != f.Message || is.Severity != wantSeverity[f.Severity] {
			t.Errorf("issue %d: %s %s %q, want %s %s %q", i, is.CheckName, is.Severity, redacted(is.Description), f.Rule.ID, wantSeverity[f.Severity], f.Message)
		}
		if is.Location.Path != lint.RedactPath(f.File.Path) || is.Location.Lines.Begin != start.Line || is.Location.Lines.End != end.Line {
			t.Errorf("issue %d: location %+v, want %s lines %d-%d", i, is.Location, f.File.Path, start.Line, end.Line)
		}
		if is.Fingerprint != f.Fingerprint() {
			t.Errorf("issue %d: fingerprint %s, want the finding's own", i, is.Fingerprint)
		}
		fingerprints[is.Fingerprint] = true
	}
	if len(fingerprints) != len(issues) {
		t.Errorf("%d distinct fingerprints for %d issues", len(fingerprints), len(issues))
	}
	assertNoToken(t, out)
}

// TestGitLabEdges: an empty run is an empty array, which GitLab reads as
// "no issues"; two findings with one fingerprint (the same finding
// reported twice) get distinct ones, the same from run to run, since
// GitLab drops all but the first issue of a fingerprint.
func TestGitLabEdges(t *testing.T) {
	out, _ := writeGitLab(t, nil)
	if got := string(bytes.TrimSpace(out)); got != "[]" {
		t.Errorf("no findings: %s, want []", got)
	}

	f := lintFixtures(t)[0]
	twice := []lint.Finding{f, f, f}
	out, issues := writeGitLab(t, twice)
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] || len(is.Fingerprint) != len(f.Fingerprint()) {
			t.Errorf("fingerprints %s %s %s: want three distinct of one length", issues[0].Fingerprint, issues[1].Fingerprint, issues[2].Fingerprint)
			break
		}
		seen[is.Fingerprint] = true
	}
	if issues[0].Fingerprint != f.Fingerprint() {
		t.Errorf("the first of the repeated findings should keep its own fingerprint")
	}
	again, _ := writeGitLab(t, twice)
	if !bytes.Equal(out, again) {
		t.Error("two runs over the same findings differ")
	}
}
