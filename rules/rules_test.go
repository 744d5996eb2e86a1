package rules_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/rules"
)

func TestAllValid(t *testing.T) {
	if err := lint.Validate(rules.All); err != nil {
		t.Fatal(err)
	}
}

// lintSource lints one in-memory file the way the command line does.
func lintSource(name string, src []byte) (*lint.File, []lint.Finding) {
	f := parse(name, src)
	return f, lint.Check([]*lint.File{f}, rules.All)
}

func parse(name string, src []byte) *lint.File {
	format := lint.FormatOf(name)
	if format == lint.FormatUnknown {
		format = lint.Sniff(src)
	}
	return lint.Parse(name, format, src, lint.Options{})
}

// lintExample lints a documented example, committed to git as shown where
// it says so.
func lintExample(ex lint.Example, src string) []lint.Finding {
	f := parse(ex.File, []byte(src))
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

// want matches an inline expectation: `# want "rule-id"`, `# want
// "rule-id: message part" "other-rule"`, or `# want +1 "rule-id"` for the
// next line (where a comment on the line itself would change the value;
// -1 for the line before).
var (
	wantRE   = regexp.MustCompile(`#\s*want(?:\s+([+-]\d+))?((?:\s+"(?:[^"\\]|\\.)*")+)`)
	quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

type expectation struct {
	line int
	rule string
	text string // a part of the message, or ""
}

func expectations(src []byte) []expectation {
	var out []expectation
	for i, line := range strings.Split(string(src), "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n := i + 1
		if m[1] != "" {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
		for _, q := range quotedRE.FindAllString(m[2], -1) {
			q, err := strconv.Unquote(q)
			if err != nil {
				panic(fmt.Sprintf("line %d: bad want string: %v", i+1, err))
			}
			rule, text, _ := strings.Cut(q, ": ")
			out = append(out, expectation{line: n, rule: rule, text: text})
		}
	}
	return out
}

// TestFixtures lints the files under each testdata/<rule>/ together with
// all rules (so that cross-file rules see their siblings) and checks the
// findings against the files' inline expectations: an unexpected finding
// and an unmet expectation both fail. The first folder of a file can say
// what git holds of it (see gitFixture).
func TestFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		root := filepath.Join("testdata", d.Name())
		var files []*lint.File
		err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() || strings.HasSuffix(p, ".golden") || strings.HasSuffix(p, ".head") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			f := parse(filepath.ToSlash(rel), src)
			f.Git, err = gitFixture(p, f)
			files = append(files, f)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		findings := lint.Check(files, rules.All)
		for _, f := range files {
			t.Run(d.Name()+"/"+f.Path, func(t *testing.T) {
				var mine []lint.Finding
				for _, fd := range findings {
					if fd.File == f {
						mine = append(mine, fd)
					}
				}
				checkFixture(t, f, mine)
			})
		}
	}
}

// gitFixture is what git would hold of fixture file f (read from p), by
// its first folder:
//
//	committed/X  X is in HEAD and in the index as shown
//	staged/X     X is in the index as shown; X.head, if there, is its HEAD
//	             version (else the file is new)
//	modified/X   X is changed in the work tree only; X.head is its HEAD and
//	             index version
//
// Anywhere else, the file is outside a work tree.
func gitFixture(p string, f *lint.File) (*lint.GitFile, error) {
	dir, _, _ := strings.Cut(f.Path, "/")
	head, err := os.ReadFile(p + ".head")
	hasHead := err == nil
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	switch dir {
	case "committed":
		return &lint.GitFile{InHead: true, Head: f.Src, InIndex: true, Index: f.Src}, nil
	case "staged":
		return &lint.GitFile{InHead: hasHead, Head: head, InIndex: true, Index: f.Src}, nil
	case "modified":
		if !hasHead {
			return nil, fmt.Errorf("%s: a modified/ fixture needs its committed version in %s.head", f.Path, filepath.Base(p))
		}
		return &lint.GitFile{InHead: true, Head: head, InIndex: true, Index: head}, nil
	}
	return nil, nil
}

func checkFixture(t *testing.T, file *lint.File, findings []lint.Finding) {
	t.Helper()
	name := file.Path
	wants := expectations(file.Src)
	met := make([]bool, len(wants))
	for _, f := range findings {
		line := file.Pos(f.Span.Start).Line
		i := slices.IndexFunc(wants, func(w expectation) bool {
			return w.line == line && w.rule == f.Rule.ID && strings.Contains(f.Message, w.text)
		})
		if i < 0 {
			t.Errorf("%s:%d: unexpected %s: %s (%s)", name, line, f.Severity, f.Message, f.Rule.ID)
			continue
		}
		met[i] = true
	}
	for i, w := range wants {
		if !met[i] {
			t.Errorf("%s:%d: expected %s %q, got none", name, w.line, w.rule, w.text)
		}
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
