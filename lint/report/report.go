// Package report writes what a run found for people and machines: the
// named formats of --format (one file each, listed in Formats), the
// unified diff of --diff, and the documentation of a rule (RuleDoc).
package report

import (
	"io"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// Run is what a report is written from.
type Run struct {
	Findings []lint.Finding
	Summary  Summary
	Rules    []*lint.Rule // the rule set, described in full by SARIF
	Color    bool         // ANSI colors, for a terminal; only text has any

	// FailOn is --fail-on: findings at or above it fail the run, and
	// JUnit shows them as failed tests; Silent (never) fails none.
	FailOn lint.Severity

	// Repository is the git repository whose history was read, for a
	// report of postmarklint history: file paths are relative to its top,
	// and each finding's file says the commit it was read from.
	Repository *Repository
}

// Repository is a git repository as SARIF's versionControlProvenance
// describes it.
type Repository struct {
	URI      string // where it is fetched from, without credentials; "" when unknown
	Revision string // the full id of HEAD; "" before the first commit
	Branch   string // HEAD's branch; "" when detached
}

// Writer writes one run's report in one format.
type Writer func(w io.Writer, r *Run) error

// Format is a report format that --format names.
type Format struct {
	Name  string
	Write Writer
}

// Formats are the report formats, in the order --format's help lists
// them; the first is the default. A new format is a file with its Writer
// and a row here.
var Formats = []Format{
	{"text", Text},
	{"json", JSON},
	{"sarif", SARIF},
	{"github", GitHub},
	{"gitlab", GitLab},
	{"junit", JUnit},
	{"checkstyle", Checkstyle},
	{"rdjsonl", RDJSONL},
}

// Lookup returns the writer of the named format, or nil if there is none.
func Lookup(name string) Writer {
	for _, f := range Formats {
		if f.Name == name {
			return f.Write
		}
	}
	return nil
}

// FormatNames lists the format names for help and error messages:
// "text, json, sarif or github".
func FormatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Position returns the finding's start and end as 1-based lines and
// columns (columns count code points; the end is exclusive).
func Position(f *lint.Finding) (start, end lint.Position) {
	return f.File.Pos(f.Span.Start), f.File.Pos(f.Span.End)
}

// FileName is how a line of text names a finding's file: its path,
// redacted and quoted as lint.QuotePath does, and for a version read
// from git's history the commit after an @ (config/.env@1a2b3c4).
func FileName(f *lint.Finding) string {
	name := lint.QuotePath(f.File.Path)
	if rev := f.File.Rev; rev != nil {
		name += "@" + rev.Short
	}
	return name
}

// Token is the redacted token of a finding's entry: at most its last 4
// characters ("…6a7b"), the same the text excerpt shows, without the
// blanks around it; "" when there is no entry or it is a reference rather
// than a token.
func Token(f *lint.Finding) string {
	if f.Entry == nil || f.Entry.Ref || f.Entry.Kind != lint.Token {
		return "" // a stream, a host, a port, an address: no token to show
	}
	return lint.RedactValue(strings.TrimFunc(f.Entry.Value, lint.IsBlank))
}

// Fails reports whether a finding of severity s fails a run with
// --fail-on failOn: the exit code and the JUnit report go by it alike.
func Fails(s, failOn lint.Severity) bool {
	return failOn != lint.Silent && s >= failOn
}

// byFile groups the findings by file, files in the order they first
// appear (findings come sorted by file), findings in their order.
func byFile(findings []lint.Finding) [][]*lint.Finding {
	var groups [][]*lint.Finding
	index := map[string]int{}
	for i := range findings {
		f := &findings[i]
		p := f.File.Path
		g, ok := index[p]
		if !ok {
			g = len(groups)
			index[p] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], f)
	}
	return groups
}
