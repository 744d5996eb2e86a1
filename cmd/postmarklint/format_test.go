package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// TestFormatTable adds a row to report.Formats, as a new output format
// does, and checks that --format takes it, its help lists it and an
// unknown format's error offers it: the CLI keeps no list of its own.
func TestFormatTable(t *testing.T) {
	saved := report.Formats
	t.Cleanup(func() { report.Formats = saved })
	report.Formats = append(slices.Clip(saved), report.Format{Name: "count", Write: func(w io.Writer, r *report.Run) error {
		_, err := fmt.Fprintf(w, "%d finding(s), %d error(s), %d rules\n", len(r.Findings), r.Summary.Errors, len(r.Rules))
		return err
	}})

	t.Chdir(t.TempDir()) // outside this repository, whose history holds the test token
	var stdout, stderr bytes.Buffer
	src := strings.NewReader("POSTMARK_SERVER_TOKEN=\"" + goodToken + " \"\n")
	code := run([]string{"--format", "count", "--stdin", "--stdin-filename", ".env.production"}, src, &stdout, &stderr)
	if want := fmt.Sprintf("1 finding(s), 1 error(s), %d rules\n", len(rules.All)); code != exitFindings || stdout.String() != want {
		t.Errorf("--format count: exit %d, stdout %q; want exit %d, %q (stderr %q)", code, stdout.String(), exitFindings, want, stderr.String())
	}

	stderr.Reset()
	if code := run([]string{"-h"}, nil, io.Discard, &stderr); code != exitClean || !strings.Contains(stderr.String(), "report FORMAT: text, json, sarif, github, gitlab, junit, checkstyle, rdjsonl or count") {
		t.Errorf("-h: exit %d, the --format help does not list the table:\n%s", code, stderr.String())
	}

	stderr.Reset()
	want := `postmarklint: unknown --format "xml" (want text, json, sarif, github, gitlab, junit, checkstyle, rdjsonl or count)` + "\n"
	if code := run([]string{"--format", "xml", "."}, nil, io.Discard, &stderr); code != exitError || stderr.String() != want {
		t.Errorf("--format xml: exit %d, stderr %q; want exit %d, %q", code, stderr.String(), exitError, want)
	}
}
