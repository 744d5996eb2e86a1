package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/linttest"
	"github.com/postmarklint/postmarklint/rules"
)

func TestAllValid(t *testing.T) {
	if err := lint.Validate(rules.All); err != nil {
		t.Fatal(err)
	}
}

// lintSource lints one in-memory file the way the command line does.
func lintSource(name string, src []byte) (*lint.File, []lint.Finding) {
	f := linttest.Parse(name, src)
	return f, lint.Check([]*lint.File{f}, rules.All)
}

// lintExample lints a documented example, committed to git as shown where
// it says so.
func lintExample(ex lint.Example, src string) []lint.Finding {
	f := linttest.Parse(ex.File, []byte(src))
	if ex.Tracked {
		f.Git = &lint.GitFile{InHead: true, Head: f.Src, InIndex: true, Index: f.Src}
	}
	if ex.Online != nil {
		for _, e := range f.Entries {
			if _, kind, ok := rules.OnlineRequest(e); ok {
				r := *ex.Online
				r.Expected = kind
				e.Online = &r
			}
		}
	}
	if ex.OnlineStream != nil {
		for _, e := range f.Settings {
			if e.Kind == lint.Stream && !e.Ref {
				r := *ex.OnlineStream
				e.OnlineStream = &r
			}
		}
	}
	return lint.Check([]*lint.File{f}, rules.All)
}

// TestExamples runs every rule's documented examples: the bad one must
// trigger the rule, the good one must be clean (info aside). Examples of
// --online rules come with Postmark's answer.
func TestExamples(t *testing.T) {
	for _, r := range rules.All {
		for i, ex := range r.Examples {
			t.Run(fmt.Sprintf("%s/%d", r.ID, i), func(t *testing.T) {
				bad := lintExample(ex, ex.Bad)
				if !slices.ContainsFunc(bad, func(f lint.Finding) bool { return f.Rule == r }) {
					t.Errorf("bad example: %s did not fire; got %s", r.ID, describe(bad))
				}
				// token-verified's info is no problem in a good example.
				good := slices.DeleteFunc(lintExample(ex, ex.Good), func(f lint.Finding) bool { return f.Severity == lint.Info })
				if len(good) > 0 {
					t.Errorf("good example is not clean: %s", describe(good))
				}
			})
		}
	}
}

// harness checks the fixtures of testdata; the fixes there all restore
// fixToken.
var harness = linttest.Harness{FixedValue: fixToken}

// fixtureDirs lists the folders of testdata, one per rule (and more where
// a rule needs them).
func fixtureDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

// TestFixtures runs every folder of testdata with all rules, as the
// command line does: every expectation is met, no rule finds anything
// unexpected, every fix golden holds (see package linttest), and the rules
// that offer fixes are the ones marked Fixable.
func TestFixtures(t *testing.T) {
	offered := map[string]bool{}
	for _, dir := range fixtureDirs(t) {
		t.Run(dir, func(t *testing.T) {
			for _, res := range harness.RunWithFixes(t, filepath.Join("testdata", dir), rules.All...) {
				for _, fd := range res.Findings {
					offered[fd.Rule.ID] = offered[fd.Rule.ID] || fd.Fix != nil
				}
			}
		})
	}
	checkFixable(t, offered)
}

// TestRulesAlone runs each rule alone over its folder: its findings do not
// depend on other rules running. bad-suppression judges the suppressions
// of every rule, so it is tested with all of them (TestFixtures).
func TestRulesAlone(t *testing.T) {
	for _, r := range rules.All {
		dir := filepath.Join("testdata", r.ID)
		if _, err := os.Stat(dir); err != nil || r.Suppressions {
			continue
		}
		t.Run(r.ID, func(t *testing.T) { linttest.Run(t, dir, r) })
	}
}

func describe(fs []lint.Finding) string {
	if len(fs) == 0 {
		return "no findings"
	}
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%d: %s (%s)", f.File.Pos(f.Span.Start).Line, f.Message, f.Rule.ID))
	}
	return strings.Join(parts, "; ")
}

// TestParseErrorUnknownFormat: a file whose format has no reader is a
// parse-error, not a .env file with a token in it.
func TestParseErrorUnknownFormat(t *testing.T) {
	src := []byte("POSTMARK_SERVER_TOKEN=\"12345678-90ab-cdef-1234-567890abcdef \"\n")
	f := lint.Parse(".env.production", lint.FormatUnknown, src, lint.Options{})
	got := lint.Check([]*lint.File{f}, rules.All)
	if len(got) != 1 || got[0].Rule != rules.ParseError || got[0].Message != "cannot parse: postmarklint has no reader for format unknown" {
		t.Errorf("findings %+v, want one parse-error", got)
	}
}

// TestEmptyStreamIsWarning: an empty message stream setting is often
// read as unset, like an empty token: a warning, where a malformed ID is
// an error.
func TestEmptyStreamIsWarning(t *testing.T) {
	for src, want := range map[string]lint.Severity{
		"POSTMARK_SERVER_TOKEN=${T}\nPOSTMARK_MESSAGE_STREAM=\n":              lint.Warning,
		"POSTMARK_SERVER_TOKEN=${T}\nPOSTMARK_MESSAGE_STREAM=pm-newsletter\n": lint.Error,
	} {
		_, findings := lintSource(".env.production", []byte(src))
		var got []lint.Severity
		for _, f := range findings {
			if f.Rule == rules.MessageStream {
				got = append(got, f.Severity)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: message-stream severities %v, want [%v]", src, got, want)
		}
	}
}

// TestStreamInDSNDecoded: a DSN's message_stream is judged as the mailer
// reads it, percent-decoded.
func TestStreamInDSNDecoded(t *testing.T) {
	for stream, want := range map[string]int{
		"my%2Dstream":         0, // my-stream
		"outbound":            0,
		"Newsletter%20Weekly": 1, // a space
		"pm%2Dnews":           1, // the reserved prefix
	} {
		src := "MAILER_DSN=postmark+api://${POSTMARK_TOKEN}@default?message_stream=" + stream + "\n"
		_, findings := lintSource(".env.production", []byte(src))
		n := 0
		for _, f := range findings {
			if f.Rule == rules.MessageStream {
				n++
			}
		}
		if n != want {
			t.Errorf("message_stream=%s: %d message-stream findings, want %d", stream, n, want)
		}
	}
}
