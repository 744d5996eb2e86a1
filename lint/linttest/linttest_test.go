package linttest_test

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/linttest"
	"github.com/postmarklint/postmarklint/rules"
)

// token is the fake token of the fixtures.
const token = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"

// recorder is a testing.TB that records what the harness reports. Any
// other method than Helper and Errorf panics on the nil TB it embeds: the
// harness must not stop a test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// check compares what rec recorded with want, one substring per report,
// in order, and makes sure no report shows the whole token.
func check(t *testing.T, rec *recorder, want ...string) {
	t.Helper()
	if len(rec.errs) != len(want) {
		t.Fatalf("harness reported %d errors, want %d:\n%s", len(rec.errs), len(want), strings.Join(rec.errs, "\n"))
	}
	for i, e := range rec.errs {
		if !strings.Contains(e, want[i]) {
			t.Errorf("report %d is %q, want it to contain %q", i, e, want[i])
		}
		if strings.Contains(e, token[9:]) {
			t.Errorf("report %d shows the token: %q", i, e)
		}
	}
}

var (
	whitespace = rules.TokenWhitespace
	quoting    = rules.TokenQuoting
	committed  = rules.CommittedToken
)

func TestRun(t *testing.T) {
	tomlSlashes := linttest.Harness{Comment: func(f lint.Format) string {
		if f == lint.TOML {
			return "//"
		}
		return "#"
	}}
	for _, tc := range []struct {
		name  string
		h     linttest.Harness
		dir   string
		rules []*lint.Rule
		want  []string
	}{
		{name: "all expectations met", dir: "pass", rules: []*lint.Rule{whitespace, quoting, committed}},
		// The other rules' expectations are not required of one rule.
		{name: "one rule alone", dir: "pass", rules: []*lint.Rule{whitespace}},
		{name: "git fixtures alone", dir: "pass", rules: []*lint.Rule{committed}},
		{
			name: "a rule without its expectations", dir: "pass", rules: []*lint.Rule{rules.TokenPlaceholder, whitespace, quoting},
		},
		{
			name: "unmet expectation", dir: "unmet", rules: []*lint.Rule{whitespace},
			want: []string{`testdata/unmet/.env.production:1: expected token-whitespace "", got none`},
		},
		{
			name: "unexpected finding", dir: "unexpected", rules: []*lint.Rule{whitespace},
			want: []string{"testdata/unexpected/.env.production:1: unexpected error: Postmark token ends with a space"},
		},
		{
			name: "expectation of another message", dir: "wrongtext", rules: []*lint.Rule{whitespace},
			want: []string{
				"testdata/wrongtext/.env.production:1: unexpected error: Postmark token ends with a space",
				`testdata/wrongtext/.env.production:1: expected token-whitespace "starts with", got none`,
			},
		},
		{
			name: "one expectation for two findings", dir: "twice", rules: []*lint.Rule{whitespace},
			want: []string{"testdata/twice/.env.production:2: unexpected error: Postmark token starts with a space"},
		},
		{
			name: "bad expectation", dir: "badwant", rules: []*lint.Rule{whitespace},
			want: []string{`testdata/badwant/.env.production:2: bad want string`},
		},
		{
			name: "comment marker by format", h: tomlSlashes, dir: "marker", rules: []*lint.Rule{whitespace},
		},
		{
			name: "default comment marker", dir: "marker", rules: []*lint.Rule{whitespace},
			want: []string{"testdata/marker/production.toml:3: unexpected error: Postmark token ends with a space"},
		},
		{
			name: "modified without its head", dir: "nohead", rules: []*lint.Rule{committed},
			want: []string{"a modified/ fixture needs its committed version in .env.production.head"},
		},
		{
			name: "missing folder", dir: "missing", rules: []*lint.Rule{whitespace},
			want: []string{"loading fixtures"},
		},
		// Plain JSON has no comments: X.want holds X's expectations, line
		// for line, and X alone expects nothing.
		{name: "expectations in X.want", dir: "sidecar", rules: []*lint.Rule{whitespace}},
		{
			name: "no X.want", dir: "nosidecar", rules: []*lint.Rule{whitespace},
			want: []string{
				"testdata/nosidecar/app.json:3: unexpected error: Postmark token ends with a space",
				"testdata/nosidecar/app.json:5: unexpected error: Postmark token starts with a space",
			},
		},
		// JSON with comments: "//" and "/* */" both introduce "want".
		{name: "every comment marker of the format", dir: "blocks", rules: []*lint.Rule{whitespace}},
		// Run leaves the fix folder out: its finding expects nothing.
		{name: "fix folder left out", dir: "fixes", rules: []*lint.Rule{whitespace}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			tc.h.Run(rec, filepath.Join("testdata", tc.dir), tc.rules...)
			check(t, rec, tc.want...)
		})
	}
}

func TestRunResult(t *testing.T) {
	rec := &recorder{}
	res := linttest.Run(rec, "testdata/pass", whitespace)
	check(t, rec)
	if len(res.Files) != 4 {
		t.Errorf("run read %d fixtures, want 4 (.head files are no fixtures)", len(res.Files))
	}
	for _, f := range res.Files {
		inGit := strings.HasPrefix(f.Path, "committed/") || strings.HasPrefix(f.Path, "modified/")
		if (f.Git != nil) != inGit {
			t.Errorf("%s: git facts %v", f.Path, f.Git)
		}
	}
	if len(res.Findings) != 3 {
		t.Errorf("run found %d findings of token-whitespace, want 3", len(res.Findings))
	}
}

func TestRunWithFixes(t *testing.T) {
	both := []*lint.Rule{whitespace, quoting}
	for _, tc := range []struct {
		name string
		h    linttest.Harness
		dir  string
		want []string
	}{
		{name: "goldens hold", dir: "fixes", h: linttest.Harness{FixedValue: token}},
		{
			name: "golden differs", dir: "badgolden",
			want: []string{"testdata/badgolden/fix/production.yaml: fixed file differs from testdata/badgolden/fix/production.yaml.golden"},
		},
		{
			name: "fix folder fixture without golden", dir: "nogolden",
			want: []string{"testdata/nogolden/fix/production.yaml: no golden file"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			tc.h.RunWithFixes(rec, filepath.Join("testdata", tc.dir), both...)
			check(t, rec, tc.want...)
		})
	}

	rec := &recorder{}
	res := linttest.RunWithFixes(rec, "testdata/fixes", both...)
	check(t, rec)
	if len(res) != 2 || res[0].Dir != "testdata/fixes" || res[1].Dir != filepath.Join("testdata", "fixes", "fix") {
		t.Errorf("results of %v", res)
	}
}

// The golden differs on the fixed line only, and shows it redacted.
func TestRunWithFixesDiff(t *testing.T) {
	rec := &recorder{}
	linttest.RunWithFixes(rec, "testdata/badgolden", whitespace, quoting)
	check(t, rec, "line 2:\n\twant \"  server_token: \\\"…4f19 \\\" # the comment is no expectation\\n\"\n\t got \"  server_token: \\\"…4f19\\\"")
}

// fakeRule offers the edits fix returns for an entry, if any.
func fakeRule(id string, fix func(e *lint.Entry) []lint.Edit) *lint.Rule {
	return &lint.Rule{ID: id, Severity: lint.Error, Fixable: true, CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if edits := fix(e); edits != nil {
			p.Report(lint.Finding{Entry: e, Span: e.Raw, Message: "fake finding", Fix: &lint.Fix{Message: "fake fix", Edits: edits}})
		}
	}}
}

// TestFixChecks runs rules whose fixes are wrong in one way each, with
// golden files that hold what the fixes do: the harness must see what is
// wrong beyond the golden file.
func TestFixChecks(t *testing.T) {
	const src = "MAIL_FROM=hello@example.com\nPOSTMARK_SERVER_TOKEN=" + token + "\n"
	for _, tc := range []struct {
		name   string
		src    string // src if empty
		rule   *lint.Rule
		golden string
		want   string
	}{
		{
			name: "fix that never ends",
			rule: fakeRule("again", func(e *lint.Entry) []lint.Edit {
				return []lint.Edit{{Span: e.Raw, New: e.Value}}
			}),
			golden: src,
			want:   "fixed file still fixable at line 2: fake finding (again)",
		},
		{
			name: "fix to another value",
			rule: fakeRule("append", func(e *lint.Entry) []lint.Edit {
				if strings.HasSuffix(e.Value, "x") {
					return nil
				}
				return []lint.Edit{{Span: lint.Span{Start: e.Raw.End, End: e.Raw.End}, New: "x"}}
			}),
			golden: strings.Replace(src, token, token+"x", 1),
			want:   "POSTMARK_SERVER_TOKEN: fixed value is …f19x, want …4f19",
		},
		{
			name: "fix of a value another is built from",
			src:  "SUFFIX=x\nMAIL_FROM=hello${SUFFIX}@example.com\nPOSTMARK_SERVER_TOKEN=" + token + "\n",
			rule: fakeRule("neighbour", func(e *lint.Entry) []lint.Edit {
				at := strings.Index(string(e.File.Src), "SUFFIX=x\n") + len("SUFFIX=")
				if at < len("SUFFIX=") {
					return nil
				}
				return []lint.Edit{{Span: lint.Span{Start: at, End: at + 1}, New: token}}
			}),
			golden: "SUFFIX=" + token + "\nMAIL_FROM=hello${SUFFIX}@example.com\nPOSTMARK_SERVER_TOKEN=" + token + "\n",
			want:   "fix/.env.production: MAIL_FROM: value changed from ….com to ….com",
		},
		{
			name: "fix that breaks the file",
			rule: fakeRule("quote", func(e *lint.Entry) []lint.Edit {
				if strings.Contains(string(e.File.Src), `"`) {
					return nil
				}
				return []lint.Edit{{Span: lint.Span{Start: e.Raw.Start, End: e.Raw.Start}, New: `"`}}
			}),
			golden: strings.Replace(src, "="+token, `="`+token, 1),
			want:   "fix changed the parse errors: 0 before, 1 after",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			fix := filepath.Join(dir, "fix")
			if err := os.Mkdir(fix, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(fix, ".env.production"), cmp.Or(tc.src, src))
			write(t, filepath.Join(fix, ".env.production.golden"), tc.golden)
			rec := &recorder{}
			linttest.Harness{FixedValue: token}.RunWithFixes(rec, dir, tc.rule)
			check(t, rec, tc.want)
		})
	}
}

// TestUpdate writes the golden file a fix folder lacks, and then holds.
func TestUpdate(t *testing.T) {
	dir := t.TempDir()
	fix := filepath.Join(dir, "fix")
	if err := os.Mkdir(fix, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(fix, ".env.production"), "POSTMARK_SERVER_TOKEN=\""+token+" \"\n")

	defer func(old bool) { *linttest.Update = old }(*linttest.Update)
	*linttest.Update = true
	rec := &recorder{}
	linttest.RunWithFixes(rec, dir, whitespace)
	check(t, rec)
	got, err := os.ReadFile(filepath.Join(fix, ".env.production.golden"))
	if want := "POSTMARK_SERVER_TOKEN=\"" + token + "\"\n"; err != nil || string(got) != want {
		t.Fatalf("-update wrote %q (%v)", got, err)
	}

	*linttest.Update = false
	linttest.RunWithFixes(rec, dir, whitespace)
	check(t, rec)
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
