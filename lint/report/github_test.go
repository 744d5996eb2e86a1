package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

func writeGitHub(t *testing.T, findings []lint.Finding) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.GitHub(&buf, &report.Run{Findings: findings}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGitHub(t *testing.T) {
	findings := lintFixtures(t)
	out := writeGitHub(t, findings)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(findings) {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(findings), redacted(out))
	}
	for _, want := range []string{
		"::error file=.env.production,line=1,col=24,endLine=1,endColumn=61,title=token-whitespace::Postmark token ends with a space",
		`::warning file=.env.production,line=3,col=24,endLine=3,endColumn=51,title=token-placeholder::Postmark token is a placeholder (the word "your"), not a token`,
		`::error file=config/staging.yaml,line=2,col=14,endLine=2,endColumn=57,title=token-format::Postmark token has "Bearer " pasted in front of it; the header takes the bare token`,
	} {
		if !contains(lines, want) {
			t.Errorf("missing line\n  %s\nin\n%s", want, redacted(out))
		}
	}
	// The path "ops/eu, us:1/.env.production" has a comma and a colon,
	// which would end the property and split it.
	if !strings.Contains(out, "::error file=ops/eu%2C us%3A1/.env.production,line=1,") {
		t.Errorf("path not escaped as a property value:\n%s", redacted(out))
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") {
			t.Errorf("line %d is not an error or warning command: %s", i+1, l)
		}
	}
	assertNoToken(t, []byte(out))
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// TestGitHubEscaping puts the characters the runner reads specially into
// a message and a path: in the message only '%', CR and LF are escaped,
// in the file property ',' and ':' too.
func TestGitHubEscaping(t *testing.T) {
	f := lintFixtures(t)[0]
	f.File = &lint.File{Path: "a,b:c/100%/.env.production", Src: f.File.Src}
	f.Message = "50% of it:\r\nsecond, line\nthird"
	f.Severity = lint.Info
	start, end := report.Position(&f)
	got := writeGitHub(t, []lint.Finding{f})
	want := "::notice file=a%2Cb%3Ac/100%25/.env.production," +
		lineCols(start, end) + ",title=" + f.Rule.ID +
		"::50%25 of it:%0D%0Asecond, line%0Athird\n"
	if got != want {
		t.Errorf("got\n  %s\nwant\n  %q", redacted(fmt.Sprintf("%q", got)), want)
	}
}

func lineCols(start, end lint.Position) string {
	return fmt.Sprintf("line=%d,col=%d,endLine=%d,endColumn=%d", start.Line, start.Column, end.Line, end.Column)
}

// TestGitHubLevels checks the command for each severity and that a
// silenced finding prints nothing.
func TestGitHubLevels(t *testing.T) {
	base := lintFixtures(t)[0]
	for sev, cmd := range map[lint.Severity]string{lint.Error: "::error ", lint.Warning: "::warning ", lint.Info: "::notice ", lint.Silent: ""} {
		f := base
		f.Severity = sev
		got := writeGitHub(t, []lint.Finding{f})
		if cmd == "" && got != "" || cmd != "" && !strings.HasPrefix(got, cmd) {
			t.Errorf("%s: got %s, want a line starting %q", sev, redacted(got), cmd)
		}
	}
}
