package rules_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/linttest"
	"github.com/postmarklint/postmarklint/rules"
)

// update is -update, which the fix goldens of package linttest share.
var update = linttest.Update

const corpus = "../../shared/corpus/real"

// sourceRow matches a file row of real/SOURCES.md:
// | 1 | `file` | Format | [owner/repo](url) | `path in repo` | ...
var sourceRow = regexp.MustCompile("^\\| *\\d+ *\\| *`([^`]+)` *\\|[^|]*\\| *\\[([^\\]]+)\\]\\([^)]*\\) *\\| *`([^`]+)` *\\|")

// TestRealCorpus lints the 60 real Postmark-related files of the shared
// corpus under the paths they have in their repositories (so that file
// names and folders say their environments as they would there) and
// compares every entry and finding with testdata/real-corpus.golden. The
// golden file holds no token: keys, environments, positions and redacted
// messages only. Run with -update to rewrite it after a deliberate change,
// and read the diff.
func TestRealCorpus(t *testing.T) {
	index, err := os.ReadFile(filepath.Join(corpus, "SOURCES.md"))
	if err != nil {
		t.Skipf("shared corpus not found (%v); it lives beside the repository in ../shared/corpus", err)
	}
	var files []*lint.File
	seen := map[string]bool{}
	for line := range strings.Lines(string(index)) {
		m := sourceRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name, repo, inRepo := m[1], m[2], m[3]
		src, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Fatal(err)
		}
		p := repo + "/" + inRepo
		if seen[p] {
			// The same path at an older commit.
			p = repo + "/@" + strings.Split(name, "__")[2] + "/" + inRepo
		}
		seen[p] = true
		format := lint.FormatOf(p)
		if format == lint.FormatUnknown {
			format = lint.Sniff(src)
		}
		files = append(files, lint.Parse(p, format, src, lint.Options{}))
	}
	if len(files) != 60 {
		t.Fatalf("read %d files from SOURCES.md, want 60", len(files))
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })

	var got bytes.Buffer
	fmt.Fprintln(&got, "# Entries: file:line: key (environment, detection[, reference])")
	for _, f := range files {
		for _, e := range f.Entries {
			ref := ""
			if e.Ref {
				ref = ", reference"
			}
			fmt.Fprintf(&got, "%s:%d: %s (%s, %s%s)\n", f.Path, f.Pos(e.Inner.Start).Line, e.Key, e.Env, e.Detection, ref)
		}
	}
	fmt.Fprintln(&got, "\n# Findings")
	for _, fd := range lint.Check(files, rules.All) {
		pos := fd.File.Pos(fd.Span.Start)
		fmt.Fprintf(&got, "%s:%d:%d: %s: %s (%s)\n", fd.File.Path, pos.Line, pos.Column, fd.Severity, fd.Message, fd.Rule.ID)
	}

	golden := filepath.Join("testdata", "real-corpus.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("entries or findings on the real corpus changed; run go test ./rules -run TestRealCorpus -update and read the diff\n%s", lineDiff(string(want), got.String()))
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	count := map[string]int{}
	for l := range strings.Lines(want) {
		count[l]++
	}
	for l := range strings.Lines(got) {
		count[l]--
	}
	var b strings.Builder
	for l, n := range count {
		for ; n > 0; n-- {
			b.WriteString("- " + l)
		}
		for ; n < 0; n++ {
			b.WriteString("+ " + l)
		}
	}
	return b.String()
}
