package main

import (
	"bytes"
	"io"
	"testing"

	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// TestRulesDoc checks that postmarklint rules RULE prints the rule's
// documentation as report.RuleDoc renders it, the text of SARIF's help.
func TestRulesDoc(t *testing.T) {
	for _, r := range rules.All {
		var stdout bytes.Buffer
		if code := run([]string{"rules", r.ID}, nil, &stdout, io.Discard); code != exitClean {
			t.Fatalf("rules %s: exit %d", r.ID, code)
		}
		if want := report.RuleDoc(r, report.Plain); stdout.String() != want {
			t.Errorf("rules %s printed\n%s\nwant\n%s", r.ID, stdout.String(), want)
		}
	}
}
