package report

import (
	"fmt"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// DocStyle is the markup of a rule's documentation.
type DocStyle int

const (
	// Plain is text for a terminal (postmarklint rules RULE) and SARIF's
	// help.text: examples indented by four spaces.
	Plain DocStyle = iota
	// Markdown is for the README and SARIF's help.markdown: a heading with
	// the rule's id, for links to #rule-id, and examples in fenced blocks.
	Markdown
)

// RuleDoc is one rule's documentation: its id and title, its default
// severity and whether it follows the environment, whether it is fixable,
// its doc, and every example, bad then good, with the file it is in. The
// styles differ in markup only, so that `postmarklint rules RULE`, SARIF's
// help and the README say the same.
func RuleDoc(r *lint.Rule, style DocStyle) string {
	var b strings.Builder
	if style == Markdown {
		fmt.Fprintf(&b, "### %s\n\n%s.\n\n", r.ID, strings.ToUpper(r.Title[:1])+r.Title[1:])
	} else {
		fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
	}
	fmt.Fprintf(&b, "Default severity: %s", r.Severity)
	if r.ByEnvironment {
		b.WriteString(" in production, staging and unknown environments; one step lower in development and test; silent in example files")
	}
	fixable := "no"
	if r.Fixable {
		fixable = "yes"
	}
	fmt.Fprintf(&b, ". Fixable: %s.\n\n%s\n", fixable, r.Doc)
	for _, ex := range r.Examples {
		if style == Markdown {
			fmt.Fprintf(&b, "\nBad (`%s`):\n\n%s\nGood (`%s`):\n\n%s", ex.File, fenced(ex.File, ex.Bad), ex.File, fenced(ex.File, ex.Good))
		} else {
			fmt.Fprintf(&b, "\nBad (%s):\n%s\nGood (%s):\n%s", ex.File, indent(ex.Bad), ex.File, indent(ex.Good))
		}
	}
	return b.String()
}

// DefaultSeverity is a rule's default severity as the rule list and the
// README's table show it: marked * when it follows the environment.
func DefaultSeverity(r *lint.Rule) string {
	s := r.Severity.String()
	if r.ByEnvironment {
		s += "*"
	}
	return s
}

// indent sets example lines apart from the prose around them.
func indent(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		b.WriteString("    " + line)
	}
	if !strings.HasSuffix(s, "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

// fenced is an example as a fenced code block in the file's language,
// with a fence longer than any run of back-ticks in it.
func fenced(file, s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return fence + language(file) + "\n" + s + fence + "\n"
}

// language names a file's format for syntax highlighting.
func language(file string) string {
	if f, ok := lint.LookupFormat(lint.FormatOf(file)); ok {
		return f.Lang
	}
	return ""
}
