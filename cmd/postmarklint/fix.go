package main

import (
	"fmt"
	"io"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/lint/report"
)

// fixOrDiff runs --fix and --diff on a run's result. With --diff, or
// --fix on standard input, it does the rest of the run and returns done.
// With --fix on files it writes them (the result then holds what remains)
// and lets the caller report. Both work from the findings left after the
// baseline: a baselined finding is neither shown nor fixed.
func fixOrDiff(cfg *config, res *driver.Result, stdout, stderr io.Writer) (code int, done bool) {
	if !cfg.fix && !cfg.diff {
		return 0, false
	}
	switch {
	case cfg.diff:
		return writeDiffs(res, stdout, stderr), true
	case cfg.stdin:
		return fixStdin(cfg, res, stdout, stderr), true
	}
	fixed := res.WriteFixes()
	notFixed(fixed, stderr)
	fmt.Fprintf(stderr, "postmarklint: fixed %s in %s\n", report.Plural(fixed.Findings, "finding"), report.Plural(fixed.Files, "file"))
	return 0, false
}

func notFixed(fixed driver.Fixed, stderr io.Writer) {
	for _, r := range fixed.Refused {
		fmt.Fprintf(stderr, "postmarklint: %s: not fixed: %v\n", lint.QuotePath(r.Path), lint.RedactText(r.Err.Error()))
	}
}

// writeDiffs prints what --fix would change and changes nothing; like
// gofmt -d it exits 1 when there is something to fix.
func writeDiffs(res *driver.Result, stdout, stderr io.Writer) int {
	var nFixed, nFiles int
	for _, p := range res.Plans() {
		if p.Err != nil {
			fmt.Fprintf(stderr, "postmarklint: %s: --fix would not change it: %v\n", lint.QuotePath(p.File.Path), p.Err)
			continue
		}
		if err := report.Diff(stdout, p.File, p.Edits); err != nil {
			fmt.Fprintf(stderr, "postmarklint: %v\n", err)
			return exitError
		}
		nFixed += p.Fixed
		nFiles++
	}
	fmt.Fprintf(stderr, "postmarklint: %s fixable in %s\n", report.Plural(nFixed, "finding"), report.Plural(nFiles, "file"))
	fmt.Fprintf(stderr, "postmarklint: %s\n", res.Summary().Line())
	switch {
	case len(res.Errors) > 0:
		return exitError
	case nFiles > 0:
		return exitFindings
	}
	return exitClean
}

// fixStdin prints the fixed buffer, for an editor's format-on-save: the
// buffer unchanged when nothing is fixable. The exit code reflects what
// remains, as after --fix on a file.
func fixStdin(cfg *config, res *driver.Result, stdout, stderr io.Writer) int {
	buf, fixed := res.FixBuffer()
	if buf == nil {
		// The buffer was not linted (binary input): print nothing and fail,
		// so that an editor keeps its buffer instead of an empty output.
		fmt.Fprintf(stderr, "postmarklint: %s\n", res.Summary().Line())
		return exitError
	}
	notFixed(fixed, stderr)
	if _, err := stdout.Write(buf); err != nil {
		fmt.Fprintf(stderr, "postmarklint: writing the fixed buffer: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stderr, "postmarklint: fixed %s in %s\n", report.Plural(fixed.Findings, "finding"), report.Plural(fixed.Files, "file"))
	fmt.Fprintf(stderr, "postmarklint: %s\n", res.Summary().Line())
	return exitCode(res, cfg.failOn)
}
