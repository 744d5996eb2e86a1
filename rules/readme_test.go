package rules_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

const (
	readme      = "../README.md"
	rulesBegin  = "<!-- rules:begin (generated from rules.All by go test ./rules -run TestREADME -update) -->\n"
	rulesEnd    = "<!-- rules:end -->\n"
	envSeverity = "as listed in production, staging and unknown environments, one step lower in development and test, silent in example files"
)

// readmeRules renders the README's rule section from the rule values: a
// table, then each rule's documentation as report.RuleDoc writes it.
func readmeRules() string {
	var b strings.Builder
	b.WriteString("| rule | default | fix | catches |\n|---|---|---|---|\n")
	for _, r := range rules.All {
		fix := "no"
		if r.Fixable {
			fix = "yes"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, report.DefaultSeverity(r), fix, r.Title)
	}
	fmt.Fprintf(&b, "\n\\* %s.\n", envSeverity)
	for _, r := range rules.All {
		b.WriteString("\n" + report.RuleDoc(r, report.Markdown))
	}
	return b.String()
}

// TestREADME fails when the README's rule section drifts from rules.All.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, rulesBegin), strings.Index(text, rulesEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the rule section markers %q and %q", rulesBegin, rulesEnd)
	}
	want := readmeRules()
	got := text[i+len(rulesBegin) : j]
	if got == want {
		return
	}
	if *update {
		text = text[:i+len(rulesBegin)] + want + text[j:]
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's rule section is out of date: run go test ./rules -run TestREADME -update\n%s", lineDiff(got, want))
}
