package report_test

import (
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// TestRuleDoc pins both styles of one rule's documentation.
func TestRuleDoc(t *testing.T) {
	r := &lint.Rule{
		ID:            "demo-rule",
		Title:         "value is shown twice",
		Doc:           "Why it breaks,\nand what to do.",
		Severity:      lint.Warning,
		ByEnvironment: true,
		Fixable:       true,
		Examples: []lint.Example{
			{File: ".env.production", Bad: "A=1\nA=1\n", Good: "A=1\n"},
			{File: "config/production.yaml", Bad: "a: |\n  ```\n", Good: "a: b"},
		},
	}
	const plain = `demo-rule: value is shown twice

Default severity: warning in production, staging and unknown environments; one step lower in development and test; silent in example files. Fixable: yes.

Why it breaks,
and what to do.

Bad (.env.production):
    A=1
    A=1

Good (.env.production):
    A=1

Bad (config/production.yaml):
    a: |
      ` + "```" + `

Good (config/production.yaml):
    a: b
`
	const markdown = "### demo-rule\n\nValue is shown twice.\n\n" +
		"Default severity: warning in production, staging and unknown environments; one step lower in development and test; silent in example files. Fixable: yes.\n\n" +
		"Why it breaks,\nand what to do.\n\n" +
		"Bad (`.env.production`):\n\n```sh\nA=1\nA=1\n```\n\n" +
		"Good (`.env.production`):\n\n```sh\nA=1\n```\n\n" +
		"Bad (`config/production.yaml`):\n\n````yaml\na: |\n  ```\n````\n\n" +
		"Good (`config/production.yaml`):\n\n```yaml\na: b\n```\n"
	if got := report.RuleDoc(r, report.Plain); got != plain {
		t.Errorf("plain:\n%s\nwant:\n%s", got, plain)
	}
	if got := report.RuleDoc(r, report.Markdown); got != markdown {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, markdown)
	}
}

// TestRuleDocStylesAgree checks that both styles of every rule carry the
// same content: title, severity, fixable, doc, and every example's file,
// bad and good lines.
func TestRuleDocStylesAgree(t *testing.T) {
	for _, r := range rules.All {
		for style, doc := range map[string]string{"plain": report.RuleDoc(r, report.Plain), "markdown": report.RuleDoc(r, report.Markdown)} {
			want := []string{r.ID, r.Title[1:], "Default severity: " + r.Severity.String(), r.Doc}
			if r.Fixable {
				want = append(want, "Fixable: yes.")
			} else {
				want = append(want, "Fixable: no.")
			}
			for _, ex := range r.Examples {
				want = append(want, ex.File)
				for line := range strings.Lines(ex.Bad + "\n" + ex.Good) {
					want = append(want, strings.TrimSuffix(line, "\n"))
				}
			}
			for _, w := range want {
				if !strings.Contains(doc, w) {
					t.Errorf("%s, %s: lacks %q", r.ID, style, w)
				}
			}
			if n := strings.Count(doc, "\nBad ("); n != len(r.Examples) {
				t.Errorf("%s, %s: %d bad examples, want %d", r.ID, style, n, len(r.Examples))
			}
			if n := strings.Count(doc, "\nGood ("); n != len(r.Examples) {
				t.Errorf("%s, %s: %d good examples, want %d", r.ID, style, n, len(r.Examples))
			}
			if got := strings.Contains(doc, "one step lower in development and test"); got != r.ByEnvironment {
				t.Errorf("%s, %s: says the severity follows the environment: %v, want %v", r.ID, style, got, r.ByEnvironment)
			}
		}
	}
}

func TestDefaultSeverity(t *testing.T) {
	if got := report.DefaultSeverity(rules.TokenFormat); got != "error*" {
		t.Errorf("token-format: %q, want error*", got)
	}
	if got := report.DefaultSeverity(rules.TokenWhitespace); got != "error" {
		t.Errorf("token-whitespace: %q, want error", got)
	}
}
