package driver

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/rules"
)

// TestWorkersDoNotChangeFindings lints the same tree with one loader and
// with many, and wants the same report byte for byte: files arrive in any
// order from a parallel walk, and nothing may depend on it.
func TestWorkersDoNotChangeFindings(t *testing.T) {
	tree, err := filepath.Abs("../../rules/testdata")
	if err != nil {
		t.Fatal(err)
	}
	lintWith := func(n int) string {
		saved := loaders
		loaders = n
		defer func() { loaders = saved }()
		res := Paths(context.Background(), &Options{Rules: rules.All, Config: &lint.Config{}}, []string{tree}) // not this repository's, which ignores testdata
		var out strings.Builder
		for _, f := range res.Findings {
			pos := f.File.Pos(f.Span.Start)
			fmt.Fprintf(&out, "%s:%d:%d: %s: %s (%s)\n", f.File.Path, pos.Line, pos.Column, f.Severity, f.Message, f.Rule.ID)
		}
		for _, err := range slices.Concat(res.Errors, res.Skipped) {
			fmt.Fprintln(&out, err)
		}
		return out.String()
	}
	one := lintWith(1)
	if !strings.Contains(one, "(env-mismatch)") {
		t.Fatalf("the tree gave too few findings to compare:\n%s", one)
	}
	for range 3 {
		if many := lintWith(16); many != one {
			t.Fatalf("16 loaders and 1 loader disagree:\n%s", lineDiffs(one, many))
		}
	}
}

// lineDiffs lists the lines that only one of two outputs has.
func lineDiffs(a, b string) string {
	count := map[string]int{}
	for l := range strings.Lines(a) {
		count[l]++
	}
	for l := range strings.Lines(b) {
		count[l]--
	}
	var out strings.Builder
	for l, n := range count {
		if n != 0 {
			out.WriteString(l)
		}
	}
	return out.String()
}
