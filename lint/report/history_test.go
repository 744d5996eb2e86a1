package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// historyRun is a report of postmarklint history: two tokens, at the
// versions of their files where they entered history.
func historyRun(t *testing.T) *report.Run {
	t.Helper()
	date := time.Date(2024, 5, 1, 23, 30, 0, 0, time.FixedZone("", -7*3600))
	var findings []lint.Finding
	for i, fx := range []fixture{
		{"config/production.toml", "[postmark]\nserver_token = \"" + tok(6, 0) + "\"\n"},
		{"deploy/.env.staging", "A=1\nPOSTMARK_SERVER_TOKEN=" + tok(5, 0) + "\n"},
	} {
		f := lint.Parse(fx.name, lint.FormatOf(fx.name), []byte(fx.src), lint.Options{})
		f.Rev = &lint.Revision{ID: strings.Repeat("ab", 19) + "0" + string(rune('1'+i)), Short: "abababa", Date: date.AddDate(0, 0, i)}
		findings = append(findings, lint.HistoryFinding(rules.CommittedToken, lint.HistoryToken{Entry: f.Entries[0]}))
	}
	return &report.Run{
		Findings:   findings,
		Rules:      rules.All,
		Summary:    report.Summary{Files: 3, Entries: 2, Errors: 2, History: &report.HistorySummary{Commits: 5, Tokens: 2}},
		Repository: &report.Repository{URI: "https://example.com/shop.git", Revision: strings.Repeat("cd", 20), Branch: "main"},
	}
}

// TestHistoryReports pins how each format names the commit a token
// entered at: text as path@commit:line:col, JSON with the added commit
// and commit_date fields (author date, the author's zone), SARIF in each
// result's properties and the run's versionControlProvenance; and none
// of them shows the token.
func TestHistoryReports(t *testing.T) {
	run := historyRun(t)
	write := func(format string) []byte {
		var buf bytes.Buffer
		if err := report.Lookup(format)(&buf, run); err != nil {
			t.Fatal(err)
		}
		assertNoToken(t, buf.Bytes())
		return buf.Bytes()
	}

	text := string(write("text"))
	for _, want := range []string{
		"config/production.toml@abababa:2:17: error: Postmark token committed in abababa on 2024-05-01: rotate it",
		"deploy/.env.staging@abababa:2:23: error: Postmark token committed in abababa on 2024-05-02",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, redacted(text))
		}
	}

	var doc struct {
		Findings []map[string]any
		Summary  map[string]any
	}
	if err := json.Unmarshal(write("json"), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 2 {
		t.Fatalf("%d JSON findings, want 2", len(doc.Findings))
	}
	f := doc.Findings[0]
	if f["commit"] != strings.Repeat("ab", 19)+"01" || f["commit_date"] != "2024-05-01T23:30:00-07:00" || f["file"] != "config/production.toml" || f["line"] != 2.0 {
		t.Errorf("JSON finding %v", f)
	}
	if h, _ := doc.Summary["history"].(map[string]any); h["commits"] != 5.0 || h["tokens"] != 2.0 {
		t.Errorf("JSON summary %v", doc.Summary)
	}

	out := write("sarif")
	validateSARIF(t, out)
	var sarif struct {
		Runs []struct {
			VersionControlProvenance []struct {
				RepositoryURI, RevisionID, Branch string
				MappedTo                          struct{ URIBaseID string }
			}
			Results []struct {
				Properties struct{ Commit, CommitDate string }
			}
		}
	}
	if err := json.Unmarshal(out, &sarif); err != nil {
		t.Fatal(err)
	}
	vc := sarif.Runs[0].VersionControlProvenance
	if len(vc) != 1 || vc[0].RepositoryURI != "https://example.com/shop.git" || vc[0].RevisionID != strings.Repeat("cd", 20) || vc[0].Branch != "main" || vc[0].MappedTo.URIBaseID != "%SRCROOT%" {
		t.Errorf("versionControlProvenance %+v", vc)
	}
	if p := sarif.Runs[0].Results[1].Properties; p.Commit != strings.Repeat("ab", 19)+"02" || p.CommitDate != "2024-05-02T23:30:00-07:00" {
		t.Errorf("result properties %+v", p)
	}

	// A repository without a remote URL has no versionControlProvenance
	// (its repositoryUri is required), and the log stays valid.
	run.Repository.URI = ""
	out = write("sarif")
	validateSARIF(t, out)
	if bytes.Contains(out, []byte("versionControlProvenance")) {
		t.Errorf("versionControlProvenance without a repository URI")
	}

	gh := string(write("github"))
	if !strings.Contains(gh, "::error file=config/production.toml,line=2,col=17,") || !strings.Contains(gh, "committed in abababa on 2024-05-01") {
		t.Errorf("github report:\n%s", redacted(gh))
	}
}

// TestHistorySummaryLine: the summary line of a history run counts
// commits, file versions and distinct tokens.
func TestHistorySummaryLine(t *testing.T) {
	s := report.Summary{Files: 3, Entries: 4, Errors: 1, History: &report.HistorySummary{Commits: 1, Tokens: 2}}
	if got, want := s.Line(), "1 commit, 3 file versions, 4 Postmark entries, 2 distinct tokens, 1 error"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
