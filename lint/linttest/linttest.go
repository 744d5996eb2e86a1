// Package linttest runs rules over fixture files and checks what they
// find against expectations written in the files themselves, in the manner
// of golang.org/x/tools/go/analysis/analysistest.
//
// # Expectations
//
// Run lints every file under a folder together (so that a rule comparing
// files sees all of them) and reads the expectations in their comments:
//
//	POSTMARK_SERVER_TOKEN="…" # want "token-whitespace"
//	# want +1 "token-quoting: smart quotes" "token-whitespace"
//	POSTMARK_API_TOKEN=“…”
//
// Each quoted string after "want" expects one finding of that rule on the
// line, "rule-id: text" one whose message contains text. "want +N" (or -N)
// is about the line N lines below (above): a comment on a value's own line
// would change some values. A finding no expectation names fails the test,
// and so does an expectation no finding meets; each expectation meets one
// finding, so two findings alike need two. Expectations that name a
// rule the run does not include are not required, so a rule's test can run
// that rule alone over fixtures written for all rules.
//
// The comment markers that introduce "want" are those of the file's
// format ("#"; "//" and "/*", where "*/" may follow the strings) unless
// the Harness says otherwise. A format without comments (plain JSON) keeps
// its expectations in X.want beside the fixture X, as "#" comments on the
// line of X they are about: line N of X.want holds the expectations of
// line N of X.
//
// # Git
//
// The first folder of a fixture's path (below the folder given to Run) says
// what git holds of it; no git is run:
//
//	committed/X  X is in HEAD and in the index as it is
//	staged/X     X is in the index as it is; X.head, if there, is its HEAD
//	             version (else X is new)
//	modified/X   X is changed in the work tree only; X.head is its HEAD and
//	             index version
//
// Anywhere else, a fixture is outside a work tree. X.head files are not
// fixtures themselves.
//
// # Fixes
//
// RunWithFixes does what Run does and also applies the fixes of the
// findings to every fixture X that has X.golden beside it, the way --fix
// does (a whole fix or none, overlapping fixes skipped, nothing in a file
// with a parse error), and compares the result with X.golden byte for byte.
// The golden file must then lint clean of fixable findings (a second --fix
// changes nothing) and load as X did: the same parse errors, the same keys
// in the same order, every value a fix did not touch unchanged.
//
// A folder named fix holds fixtures whose values cannot carry a comment:
// each file X there needs X.golden, and the folder is linted as a run of
// its own, checked by its golden files instead of by expectations. Run
// leaves fix folders out.
//
// With -update, RunWithFixes writes the golden files instead of reading
// them: every golden beside a fixture, and one for every file of a fix
// folder. Read the diff before committing it.
//
// # Reporting
//
// The functions report through t.Errorf alone, never stopping the test,
// so that a test of the harness can record what it reports. Failure
// messages show no whole token: a source line is shown through
// lint.RedactText.
package linttest

import (
	"bytes"
	"errors"
	"flag"
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
)

// Update is the -update flag: RunWithFixes writes golden files instead of
// comparing with them. A test binary that has golden files of its own
// shares it rather than defining another -update.
var Update = flag.Bool("update", false, "rewrite golden files")

// A Harness holds what varies between callers; its zero value is what
// Run and RunWithFixes use.
type Harness struct {
	// Comment returns the comment marker of files of a format, which
	// introduces their expectations; nil means the format's own. A format
	// without comments returns "": its expectations are in X.want.
	Comment func(lint.Format) string

	// FixedValue, if not empty, is the value every pair a fix edits must
	// load as: fixtures whose fixes all restore one token say which.
	FixedValue string
}

// Result is one run over a folder: its fixtures and their findings.
type Result struct {
	Dir      string // the folder, as given or a fix folder below it
	Files    []*lint.File
	Findings []lint.Finding
}

// Run lints the fixtures under dir with rules and checks the findings
// against the fixtures' expectations.
func Run(t testing.TB, dir string, rules ...*lint.Rule) *Result {
	t.Helper()
	return Harness{}.Run(t, dir, rules...)
}

// RunWithFixes is Run, and checks the fixes of the findings against the
// golden files under dir, fix folders included. It returns the run of dir
// first, then one per fix folder.
func RunWithFixes(t testing.TB, dir string, rules ...*lint.Rule) []*Result {
	t.Helper()
	return Harness{}.RunWithFixes(t, dir, rules...)
}

// Run is the package's Run with h's settings.
func (h Harness) Run(t testing.TB, dir string, rules ...*lint.Rule) *Result {
	t.Helper()
	res := h.runWants(t, dir, rules)
	if res != nil && len(res.Files) == 0 {
		t.Errorf("%s holds no fixtures", dir)
	}
	return res
}

// RunWithFixes is the package's RunWithFixes with h's settings.
func (h Harness) RunWithFixes(t testing.TB, dir string, rules ...*lint.Rule) []*Result {
	t.Helper()
	res := h.runWants(t, dir, rules)
	if res == nil {
		return nil
	}
	h.checkFixes(t, res, rules, false)
	out := []*Result{res}
	fixDirs, err := findFixDirs(dir)
	if err != nil {
		t.Errorf("%v", err)
	}
	if len(res.Files) == 0 && len(fixDirs) == 0 {
		t.Errorf("%s holds no fixtures", dir)
	}
	for _, fd := range fixDirs {
		r, err := run(fd, rules, true)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		h.checkFixes(t, r, rules, true)
		out = append(out, r)
	}
	return out
}

// runWants lints the fixtures under dir, fix folders left out, and checks
// their expectations.
func (h Harness) runWants(t testing.TB, dir string, rules []*lint.Rule) *Result {
	t.Helper()
	res, err := run(dir, rules, false)
	if err != nil {
		t.Errorf("%v", err)
		return nil
	}
	h.checkWants(t, res, rules)
	return res
}

// Parse reads one fixture as the command line reads a file of that name:
// in the format its name says, else the one its first line suggests.
func Parse(name string, src []byte) *lint.File {
	format := lint.FormatOf(name)
	if format == lint.FormatUnknown {
		format = lint.Sniff(src)
	}
	return lint.Parse(name, format, src, lint.Options{})
}

// fixDir is the name of the folders whose fixtures are checked by their
// golden files alone.
const fixDir = "fix"

// run loads the fixtures under dir (all of them in a fix folder, none in
// fix folders below it otherwise) and lints them together.
func run(dir string, rules []*lint.Rule, inFixDir bool) (*Result, error) {
	res := &Result{Dir: dir}
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case de.IsDir():
			if p != dir && de.Name() == fixDir && !inFixDir {
				return filepath.SkipDir
			}
			return nil
		case strings.HasSuffix(p, ".golden"), strings.HasSuffix(p, ".head"), strings.HasSuffix(p, ".want"):
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f := Parse(filepath.ToSlash(rel), src)
		if f.Git, err = gitFixture(p, f.Path, src); err != nil {
			return err
		}
		// As the driver does: the file's own checks as it is read, and
		// its pairs let go before the run's checks.
		lint.CheckRead(f, rules, nil)
		f.Compact()
		res.Files = append(res.Files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading fixtures: %w", err)
	}
	res.Findings = lint.Check(res.Files, rules)
	return res, nil
}

// findFixDirs lists the fix folders under dir.
func findFixDirs(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err == nil && de.IsDir() && p != dir && de.Name() == fixDir {
			out = append(out, p)
			return filepath.SkipDir
		}
		return err
	})
	return out, err
}

// gitFixture is what git holds of the fixture at p, whose path below the
// run's folder is rel, by rel's first folder (see the package doc).
func gitFixture(p, rel string, src []byte) (*lint.GitFile, error) {
	dir, _, _ := strings.Cut(rel, "/")
	head, err := os.ReadFile(p + ".head")
	hasHead := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	switch dir {
	case "committed":
		return &lint.GitFile{InHead: true, Head: src, InIndex: true, Index: src}, nil
	case "staged":
		return &lint.GitFile{InHead: hasHead, Head: head, InIndex: true, Index: src}, nil
	case "modified":
		if !hasHead {
			return nil, fmt.Errorf("%s: a modified/ fixture needs its committed version in %s.head", p, filepath.Base(p))
		}
		return &lint.GitFile{InHead: true, Head: head, InIndex: true, Index: head}, nil
	}
	return nil, nil
}

// findingsOf returns the findings in f.
func (r *Result) findingsOf(f *lint.File) []lint.Finding {
	var out []lint.Finding
	for _, fd := range r.Findings {
		if fd.File == f {
			out = append(out, fd)
		}
	}
	return out
}

// name is how messages show a fixture: its path from the test's folder.
func (r *Result) name(f *lint.File) string {
	return filepath.ToSlash(filepath.Join(r.Dir, filepath.FromSlash(f.Path)))
}

// checkWants fails the test for every finding no expectation names and
// every expectation, of a rule in rules, that no finding meets.
func (h Harness) checkWants(t testing.TB, res *Result, rules []*lint.Rule) {
	t.Helper()
	for _, f := range res.Files {
		name := res.name(f)
		ff, _ := lint.LookupFormat(f.Format)
		markers := ff.Comments
		if h.Comment != nil {
			markers = []string{h.Comment(f.Format)}
		}
		src := f.Src
		if len(markers) == 0 || markers[0] == "" {
			var err error
			if src, err = os.ReadFile(filepath.Join(res.Dir, filepath.FromSlash(f.Path)) + ".want"); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: %v", name, err)
				continue
			}
			markers = []string{"#"}
		}
		wants, err := expectations(src, markers)
		if err != nil {
			t.Errorf("%s:%v", name, err)
			continue
		}
		wants = slices.DeleteFunc(wants, func(w expectation) bool {
			return !slices.ContainsFunc(rules, func(r *lint.Rule) bool { return r.ID == w.rule })
		})
		met := make([]bool, len(wants))
		for _, fd := range res.findingsOf(f) {
			line := f.Pos(fd.Span.Start).Line
			// The first expectation the finding meets that no other
			// finding has met: two findings alike need two.
			i := -1
			for j, w := range wants {
				if !met[j] && w.line == line && w.rule == fd.Rule.ID && strings.Contains(fd.Message, w.text) {
					i = j
					break
				}
			}
			if i < 0 {
				t.Errorf("%s:%d: unexpected %s: %s (%s)", name, line, fd.Severity, fd.Message, fd.Rule.ID)
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
}

// expectation is one quoted string of a want comment.
type expectation struct {
	line int
	rule string
	text string // a part of the message, or ""
}

var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// wantRE matches a want comment after marker; its groups are the line
// offset and the quoted strings.
func wantRE(marker string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(marker) + `\s*want(?:\s+([+-]\d+))?((?:\s+"(?:[^"\\]|\\.)*")+)`)
}

// expectations reads the want comments of src that follow one of the
// comment markers.
func expectations(src []byte, markers []string) ([]expectation, error) {
	var res []*regexp.Regexp
	for _, m := range markers {
		res = append(res, wantRE(m))
	}
	var out []expectation
	for i, line := range strings.Split(string(src), "\n") {
		var m []string
		for _, re := range res {
			if m = re.FindStringSubmatch(line); m != nil {
				break
			}
		}
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
				return nil, fmt.Errorf("%d: bad want string: %v", i+1, err)
			}
			rule, text, _ := strings.Cut(q, ": ")
			out = append(out, expectation{line: n, rule: rule, text: text})
		}
	}
	return out, nil
}

// checkFixes applies the fixes of res's findings to every fixture with a
// golden file (every fixture, in a fix folder) and checks the result.
func (h Harness) checkFixes(t testing.TB, res *Result, rules []*lint.Rule, inFixDir bool) {
	t.Helper()
	for _, f := range res.Files {
		golden := filepath.Join(res.Dir, filepath.FromSlash(f.Path)) + ".golden"
		if _, err := os.Stat(golden); err != nil && !(inFixDir && *Update) {
			if inFixDir || !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: no golden file: %v", res.name(f), err)
			}
			continue
		}
		h.checkFix(t, res, f, golden, rules)
	}
}

func (h Harness) checkFix(t testing.TB, res *Result, f *lint.File, golden string, rules []*lint.Rule) {
	t.Helper()
	name := res.name(f)
	got, edits := f.Src, []lint.Edit(nil)
	if len(f.ParseErrors) == 0 {
		edits, _ = lint.SelectFixes(res.findingsOf(f))
		got = lint.ApplyEdits(f.Src, edits)
	}
	if *Update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Errorf("%v", err)
			return
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: fixed file differs from %s (rerun with -update and read the diff):\n%s", name, filepath.ToSlash(golden), firstDiff(want, got))
	}

	// Lint the fixed file in place of the fixture, among the others.
	again := Parse(f.Path, got)
	again.Git = f.Git
	files := slices.Clone(res.Files)
	files[slices.Index(files, f)] = again
	for _, fd := range lint.Check(files, rules) {
		if fd.File == again && fd.Fix != nil {
			t.Errorf("%s: fixed file still fixable at line %d: %s (%s)", name, again.Pos(fd.Span.Start).Line, fd.Message, fd.Rule.ID)
		}
	}
	h.checkReload(t, name, Parse(f.Path, f.Src), again, edits) // the fixture's pairs: the run let them go
}

// checkReload checks that the fixed file loads as the fixture did except
// for the values the edits touch.
func (h Harness) checkReload(t testing.TB, name string, before, after *lint.File, edits []lint.Edit) {
	t.Helper()
	switch {
	case before.Parsed != after.Parsed:
		t.Errorf("%s: fixed file is no longer read (it does not mention Postmark)", name)
		return
	case len(after.ParseErrors) != len(before.ParseErrors):
		t.Errorf("%s: fix changed the parse errors: %d before, %d after", name, len(before.ParseErrors), len(after.ParseErrors))
		return
	case len(after.Pairs) != len(before.Pairs):
		t.Errorf("%s: fix changed the number of values: %d before, %d after", name, len(before.Pairs), len(after.Pairs))
		return
	}
	for i := range before.Pairs {
		b, a := &before.Pairs[i], &after.Pairs[i]
		if !slices.Equal(b.Path, a.Path) {
			t.Errorf("%s: value %d: key %s became %s", name, i+1, b.Key(), a.Key())
			continue
		}
		edited := slices.ContainsFunc(edits, func(e lint.Edit) bool {
			return e.Span.Start < b.Raw.End && b.Raw.Start < e.Span.End ||
				e.Span.Len() == 0 && b.Raw.Start <= e.Span.Start && e.Span.Start <= b.Raw.End
		})
		fixed := a.Value
		if def, _, ok := after.Default(a); ok {
			fixed = def // a fix of ${POSTMARK_API_TOKEN:default} restores the default
		}
		switch {
		case edited && h.FixedValue != "" && fixed != h.FixedValue:
			t.Errorf("%s: %s: fixed value is %s, want %s", name, b.Key(), lint.Redact(fixed), lint.Redact(h.FixedValue))
		case !edited && a.Value != b.Value:
			t.Errorf("%s: %s: value changed from %s to %s", name, b.Key(), lint.Redact(b.Value), lint.Redact(a.Value))
		}
	}
}

// firstDiff shows the first line where got differs from want, redacted.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.SplitAfter(want, []byte("\n")), bytes.SplitAfter(got, []byte("\n"))
	i := 0
	for i < len(wl) && i < len(gl) && bytes.Equal(wl[i], gl[i]) {
		i++
	}
	line := func(ls [][]byte) string {
		if i >= len(ls) {
			return "end of file"
		}
		return strconv.Quote(lint.RedactText(string(ls[i])))
	}
	return fmt.Sprintf("line %d:\n\twant %s\n\t got %s", i+1, line(wl), line(gl))
}
