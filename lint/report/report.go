// Package report writes findings for people and machines: text, json.
package report

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// Summary counts what a run looked at and found.
type Summary struct {
	Files    int `json:"files"`
	Entries  int `json:"entries"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Count adds findings to the summary's severity counts.
func (s *Summary) Count(fs []lint.Finding) {
	for _, f := range fs {
		switch f.Severity {
		case lint.Error:
			s.Errors++
		case lint.Warning:
			s.Warnings++
		case lint.Info:
			s.Infos++
		}
	}
}

// Position returns the finding's start and end as 1-based lines and
// columns (columns count code points; the end is exclusive).
func Position(f *lint.Finding) (start, end lint.Position) {
	return f.File.Pos(f.Span.Start), f.File.Pos(f.Span.End)
}

// Token is the redacted token of a finding's entry: at most its last 4
// characters ("…6a7b"), the same the text excerpt shows, without the
// blanks around it; "" when there is no entry or it is a reference rather
// than a token.
func Token(f *lint.Finding) string {
	if f.Entry == nil || f.Entry.Ref {
		return ""
	}
	return lint.RedactValue(strings.TrimFunc(f.Entry.Value, lint.IsBlank))
}
