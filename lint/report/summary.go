package report

import (
	"fmt"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// Summary counts what a run looked at and found, and what it left out.
type Summary struct {
	Files    int `json:"files"`
	Entries  int `json:"entries"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`

	// What a walk left out: configuration files git ignores, and files in
	// submodules (other repositories).
	Ignored    int `json:"ignored,omitempty"`
	Submodules int `json:"submodules,omitempty"`

	// With --online: how many distinct tokens were sent, and for how many
	// Postmark answered.
	Online *OnlineSummary `json:"online,omitempty"`

	// For postmarklint history, where Files counts the distinct versions
	// of configuration files read: the commits read, and the distinct
	// tokens found in them.
	History *HistorySummary `json:"history,omitempty"`
}

type HistorySummary struct {
	Commits int `json:"commits"`
	Tokens  int `json:"tokens"`
}

type OnlineSummary struct {
	Tokens  int `json:"tokens"`
	Checked int `json:"checked"`
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

// Line is the one line every run ends with, so that a hook that scanned
// nothing, a walk that found nothing because git ignores .env.production,
// and an --online run that verified nothing are visible as such.
func (s Summary) Line() string {
	parts := []string{Plural(s.Files, "file"), Plural(s.Entries, "Postmark entry")}
	if h := s.History; h != nil {
		parts = []string{Plural(h.Commits, "commit"), Plural(s.Files, "file version"), Plural(s.Entries, "Postmark entry"), Plural(h.Tokens, "distinct token")}
	}
	counts := []string{}
	for _, c := range []struct {
		n    int
		name string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Infos, "info"}} {
		if c.n > 0 {
			counts = append(counts, Plural(c.n, c.name))
		}
	}
	if len(counts) == 0 {
		counts = []string{"no findings"}
	}
	line := strings.Join(append(parts, counts...), ", ")
	if s.Ignored > 0 {
		name := "name it"
		if s.Ignored > 1 {
			name = "name them"
		}
		line += fmt.Sprintf("; %s that git ignores not linted (%s, or use --no-ignore)", Plural(s.Ignored, "file"), name)
	}
	if s.Submodules > 0 {
		line += fmt.Sprintf("; %s in submodules not linted (name a submodule's folder to lint it)", Plural(s.Submodules, "file"))
	}
	switch {
	case s.Online == nil:
	case s.Online.Tokens == 0:
		line += "; --online: no token to check"
	default:
		line += fmt.Sprintf("; --online: checked %d of %s", s.Online.Checked, Plural(s.Online.Tokens, "token"))
	}
	return line
}

// Plural writes a count with its noun: "1 file", "2 Postmark entries".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "entry"):
		noun = strings.TrimSuffix(noun, "y") + "ies"
	case noun == "info":
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
