package lint

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

// Rule is one check. Rules are values listed in rules.All; nothing
// registers itself.
type Rule struct {
	ID       string
	Title    string
	Doc      string
	Severity Severity
	Examples []Example

	// ByEnvironment makes the severity follow the entry's environment:
	// as listed in production, staging and unknown environments, one step
	// lower in development and test, silent in example files.
	ByEnvironment bool

	// Fixable says whether findings of the rule can carry a fix.
	Fixable bool

	// Kinds lists the kinds of entries CheckEntry runs on; none means
	// token entries only.
	Kinds []Kind

	// CheckFile runs once per file, as soon as it is read (CheckRead): it
	// may look at the whole file (Pairs, Src) but at nothing a run learns
	// later (File.Git, Entry.Online). CheckEntry runs once per entry of
	// the rule's Kinds, and CheckRun once per run over every file (to
	// compare entries across files), when all of that is in; they see
	// entries and sources, not Pairs. The engine applies
	// suppressions itself (Suppressions true marks the rule that reports
	// bad ones).
	CheckEntry   func(*Pass, *Entry)
	CheckFile    func(*Pass)
	CheckRun     func(*Pass, []*File)
	Suppressions bool
}

// Checks reports whether the rule's CheckEntry runs on entries of a kind.
func (r *Rule) Checks(k Kind) bool {
	if len(r.Kinds) == 0 {
		return k == Token
	}
	return slices.Contains(r.Kinds, k)
}

// Example is a bad and a good version of one file; the rule must fire on
// Bad and stay silent on Good.
type Example struct {
	File    string // its name decides format and environment
	Bad     string
	Good    string
	Tracked bool             // committed to git as shown (in HEAD and the index)
	Online  *postmark.Result // Postmark's answer, for --online rules

	// OnlineStream is Postmark's answer about the example's message
	// streams, for --online rules about them.
	OnlineStream *postmark.StreamResult
}

var ruleID = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// Validate checks a rule set at start-up: unique kebab-case IDs, a title,
// a doc, a check and at least one example each.
func Validate(rules []*Rule) error {
	seen := map[string]bool{}
	var errs []error
	for _, r := range rules {
		switch {
		case !ruleID.MatchString(r.ID):
			errs = append(errs, fmt.Errorf("rule %q: id is not kebab-case", r.ID))
		case seen[r.ID]:
			errs = append(errs, fmt.Errorf("rule %q: listed twice", r.ID))
		case r.Title == "" || r.Doc == "":
			errs = append(errs, fmt.Errorf("rule %q: title or doc missing", r.ID))
		case len(r.Examples) == 0:
			errs = append(errs, fmt.Errorf("rule %q: no examples", r.ID))
		case r.CheckEntry == nil && r.CheckFile == nil && r.CheckRun == nil && !r.Suppressions:
			errs = append(errs, fmt.Errorf("rule %q: no check", r.ID))
		case r.Severity == Silent:
			errs = append(errs, fmt.Errorf("rule %q: no default severity", r.ID))
		}
		seen[r.ID] = true
	}
	return errors.Join(errs...)
}

// Pass is what a rule sees: one file, or for CheckRun the whole run.
type Pass struct {
	File *File // nil in CheckRun
	rule *Rule
	out  *[]Finding
}

// Report records a finding of the pass's rule. What the finding leaves
// zero the pass fills in: Severity is the rule's default, File the
// entry's file, or the pass's for a finding about no entry. A rule that
// follows the environment has the severity lowered for the entry's
// environment. Rule is always the pass's rule.
func (p *Pass) Report(f Finding) {
	f.Rule = p.rule
	if f.Severity == Silent {
		f.Severity = p.rule.Severity
	}
	if f.File == nil {
		f.File = p.File
		if f.Entry != nil {
			f.File = f.Entry.File
		}
	}
	if f.Entry != nil && p.rule.ByEnvironment {
		f.Severity = f.Entry.Env.Lower(f.Severity)
	}
	*p.out = append(*p.out, f)
}

// Reportf records a finding of the rule's default severity, without a
// fix, about an entry (or nil) at span.
func (p *Pass) Reportf(e *Entry, span Span, format string, args ...any) {
	p.Report(Finding{Entry: e, Span: span, Message: fmt.Sprintf(format, args...)})
}
