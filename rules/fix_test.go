package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// fixDir holds the fix goldens (see package linttest): each input X
// beside X.golden, in LF, CRLF and BOM variants. Every fixable value in
// them is fixToken. They hold token-quoting's fixes too, beside
// token-whitespace's, so both rules run over them.
const (
	fixDir   = "testdata/token-whitespace/fix"
	fixToken = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
)

// TestFixes runs the two rules that make fixes over their fixtures and
// golden files, without the other rules.
func TestFixes(t *testing.T) {
	harness.RunWithFixes(t, "testdata/token-whitespace", rules.TokenWhitespace, rules.TokenQuoting)
}

// TestFixDiffRedacted writes the --diff of every golden input: it names
// the file, keeps CRLF lines as they are, and never shows a whole token.
func TestFixDiffRedacted(t *testing.T) {
	for _, rel := range []string{"lf/.env.production", "crlf/production.yaml", "lf/production.toml", "crlf/appsettings.Production.json", "lf/config/production.json", "crlf/application-prod.properties"} {
		src, err := os.ReadFile(filepath.Join(fixDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		f, findings := lintSource(rel, src)
		edits, _ := lint.SelectFixes(findings)
		var out bytes.Buffer
		if err := report.Diff(&out, f, edits); err != nil {
			t.Fatal(err)
		}
		diff := out.String()
		if !strings.HasPrefix(diff, "--- a/"+rel+"\n+++ b/"+rel+"\n@@ -1,") {
			t.Errorf("%s: diff header:\n%s", rel, diff)
		}
		if strings.Contains(diff, fixToken) || strings.Contains(diff, "9c61-0e5d") {
			t.Errorf("%s: diff shows a whole token:\n%s", rel, diff)
		}
		if !strings.Contains(diff, "…4f19") {
			t.Errorf("%s: diff does not show the redacted token:\n%s", rel, diff)
		}
		if strings.HasPrefix(rel, "crlf/") && strings.Count(diff, "\r\n") < 5 {
			t.Errorf("%s: CRLF lines lost their CR:\n%q", rel, diff)
		}
	}
}

// TestFixDiffShowsBlanks pins the two lines of a fixed value in --diff:
// both keep the token's own last 4 characters, and the removed one shows
// what the fix removes, as written (an escape) or by name (a character no
// one sees), so that the two lines never look alike or name another token.
func TestFixDiffShowsBlanks(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		minus, plus     string
	}{
		{
			name:  "trailing tab escape",
			file:  "production.yaml",
			src:   "postmark:\n  server_token: \"" + fixToken + "\\t\"\n",
			minus: `-  server_token: "…4f19\t"`,
			plus:  `+  server_token: "…4f19"`,
		},
		{
			name:  "trailing zero-width space escape",
			file:  "production.toml",
			src:   "[postmark]\nserver_token = \"" + fixToken + "\\u200b\"\n",
			minus: `-server_token = "…4f19\u200b"`,
			plus:  `+server_token = "…4f19"`,
		},
		{
			name:  "trailing zero-width space",
			file:  "production.yaml",
			src:   "postmark:\n  server_token: \"" + fixToken + "\u200b\"\n",
			minus: `-  server_token: "…4f19⟨U+200B⟩"`,
			plus:  `+  server_token: "…4f19"`,
		},
		{
			name:  "leading no-break space",
			file:  ".env.production",
			src:   "POSTMARK_SERVER_TOKEN=\"\u00a0" + fixToken + "\"\n",
			minus: `-POSTMARK_SERVER_TOKEN="⟨U+00A0⟩…4f19"`,
			plus:  `+POSTMARK_SERVER_TOKEN="…4f19"`,
		},
		{
			name:  "leading no-break space escape",
			file:  "production.yaml",
			src:   "postmark:\n  server_token: \"\\u00a0" + fixToken + "\"\n",
			minus: `-  server_token: "\u00a0…4f19"`,
			plus:  `+  server_token: "…4f19"`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, findings := lintSource(tc.file, []byte(tc.src))
			edits, _ := lint.SelectFixes(findings)
			var out bytes.Buffer
			if err := report.Diff(&out, f, edits); err != nil {
				t.Fatal(err)
			}
			var minus, plus []string
			for _, l := range strings.Split(out.String(), "\n") {
				switch {
				case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"):
				case strings.HasPrefix(l, "-"):
					minus = append(minus, l)
				case strings.HasPrefix(l, "+"):
					plus = append(plus, l)
				}
			}
			if len(minus) != 1 || minus[0] != tc.minus || len(plus) != 1 || plus[0] != tc.plus {
				t.Errorf("diff lines\n got %q %q\nwant %q %q", minus, plus, tc.minus, tc.plus)
			}
			if strings.Contains(out.String(), fixToken[:9]) {
				t.Errorf("diff shows the token:\n%s", out.String())
			}
		})
	}
}

// checkFixable keeps the README's fix column honest: a rule that offers
// fixes in the fixtures says so, and one that says so offers some.
func checkFixable(t *testing.T, offered map[string]bool) {
	t.Helper()
	for _, r := range rules.All {
		if offered[r.ID] && !r.Fixable {
			t.Errorf("%s offers fixes but is not marked Fixable", r.ID)
		}
		if r.Fixable && !offered[r.ID] {
			t.Errorf("%s is marked Fixable but offers no fix in testdata", r.ID)
		}
	}
}
