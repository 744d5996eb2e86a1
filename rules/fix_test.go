package rules_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/envfile"
	"github.com/postmarklint/postmarklint/lint/tomlfile"
	"github.com/postmarklint/postmarklint/lint/yamlfile"
	"github.com/postmarklint/postmarklint/rules"
)

// fixDir holds the fix goldens: each input X beside X.golden. They live
// outside rules/testdata, whose files TestFixtures lints against inline
// expectations, because a "# want" comment on a value's line would be
// part of what the fix rewrites. Every fixable value in them is fixToken.
const (
	fixDir   = "testdata/token-whitespace/fix"
	fixToken = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
)

// fixFile applies the fixes of one file's findings the way --fix does:
// nothing in a file the loader refuses.
func fixFile(f *lint.File, findings []lint.Finding) ([]byte, []lint.Edit) {
	if len(f.ParseErrors) > 0 {
		return f.Src, nil
	}
	edits, _ := lint.SelectFixes(findings)
	return lint.ApplyEdits(f.Src, edits), edits
}

// TestFixGolden applies every fix in fixDir and compares with the golden
// file; the golden file must lint clean of fixable findings (a second
// --fix changes nothing), and must load to the same values as the input
// except for the fixed ones, which must be the intended token.
func TestFixGolden(t *testing.T) {
	err := filepath.WalkDir(fixDir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || strings.HasSuffix(p, ".golden") {
			return err
		}
		rel, _ := filepath.Rel(fixDir, p)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { checkFixGolden(t, p) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkFixGolden(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	f, findings := lintSource(name, src)
	got, edits := fixFile(f, findings)
	golden := path + ".golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fixed %s differs from %s (run go test ./rules -run TestFixGolden -update to see):\n%s", path, golden, lineDiff(string(want), string(got)))
	}

	again, findings := lintSource(name, got)
	for _, fd := range findings {
		if fd.Fix != nil {
			t.Errorf("golden still fixable at line %d: %s (%s)", again.Pos(fd.Span.Start).Line, fd.Message, fd.Rule.ID)
		}
	}
	checkValuesKept(t, f, got, edits)
}

// checkValuesKept reads the file before and after with the format's own
// reader: every pair keeps its value, except the fixed ones, which hold the
// intended token.
func checkValuesKept(t *testing.T, f *lint.File, fixed []byte, edits []lint.Edit) {
	t.Helper()
	read := map[lint.Format]func([]byte) ([]lint.Pair, []lint.ParseError){
		lint.Dotenv: envfile.Read, lint.YAML: yamlfile.Read, lint.TOML: tomlfile.Read,
	}[f.Format]
	before, errsBefore := read(f.Src)
	after, errsAfter := read(fixed)
	if len(errsAfter) != len(errsBefore) {
		t.Fatalf("fix changed the parse errors: %d before, %d after", len(errsBefore), len(errsAfter))
	}
	if len(after) != len(before) {
		t.Fatalf("fix changed the number of values: %d before, %d after", len(before), len(after))
	}
	for i := range before {
		b, a := before[i], after[i]
		if b.Key() != a.Key() {
			t.Errorf("pair %d: key %q became %q", i, b.Key(), a.Key())
			continue
		}
		edited := false
		for _, e := range edits {
			edited = edited || e.Span.Start < b.Raw.End && b.Raw.Start < e.Span.End
		}
		switch {
		case edited && a.Value != fixToken:
			t.Errorf("%s: fixed value is %s, want the token", b.Key(), lint.Redact(a.Value))
		case !edited && a.Value != b.Value:
			t.Errorf("%s: value changed from %s to %s", b.Key(), lint.Redact(b.Value), lint.Redact(a.Value))
		}
	}
}

// TestFixDiffRedacted writes the --diff of every golden input: it names
// the file, keeps CRLF lines as they are, and never shows a whole token.
func TestFixDiffRedacted(t *testing.T) {
	for _, rel := range []string{"lf/.env.production", "crlf/production.yaml", "lf/production.toml"} {
		src, err := os.ReadFile(filepath.Join(fixDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		f, findings := lintSource(rel, src)
		edits, _ := lint.SelectFixes(findings)
		var out bytes.Buffer
		if err := lint.WriteDiff(&out, f, edits); err != nil {
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
			if err := lint.WriteDiff(&out, f, edits); err != nil {
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

// TestFixableRules keeps the README's fix column honest: a rule that
// offers fixes says so, and one that says so offers some in fixDir.
func TestFixableRules(t *testing.T) {
	offered := map[string]bool{}
	filepath.WalkDir(fixDir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || strings.HasSuffix(p, ".golden") {
			return err
		}
		src, _ := os.ReadFile(p)
		_, findings := lintSource(filepath.Base(p), src)
		for _, fd := range findings {
			if fd.Fix != nil {
				offered[fd.Rule.ID] = true
			}
		}
		return nil
	})
	for _, r := range rules.All {
		if offered[r.ID] && !r.Fixable {
			t.Errorf("%s offers fixes but is not marked Fixable", r.ID)
		}
		if r.Fixable && !offered[r.ID] {
			t.Errorf("%s is marked Fixable but offers no fix in %s", r.ID, fixDir)
		}
	}
}
