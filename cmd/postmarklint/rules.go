package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/rules"
)

// runRules lists the rules, or prints one rule's doc and examples.
func runRules(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("postmarklint rules", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), rulesUsage)
	}
	if err := parseFlagSet(flags, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError
	}
	args = flags.Args()
	switch len(args) {
	case 0:
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, r := range rules.All {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, defaultSeverity(r), r.Title)
		}
		tw.Flush()
		return exitClean
	case 1:
		r := rules.ByID(args[0])
		if r == nil {
			fmt.Fprintf(stderr, "postmarklint: unknown rule %q (postmarklint rules lists them)\n", args[0])
			return exitError
		}
		fmt.Fprint(stdout, RuleDoc(r))
		return exitClean
	}
	fmt.Fprintln(stderr, "postmarklint: usage: postmarklint rules [RULE]")
	return exitError
}

const rulesUsage = `usage: postmarklint rules          list the rules: id, default severity, title
       postmarklint rules RULE     print one rule's doc and examples

A severity marked * depends on the environment: as listed in production,
staging and unknown environments, one step lower in development and test,
silent in example files.
`

func defaultSeverity(r *lint.Rule) string {
	s := r.Severity.String()
	if r.ByEnvironment {
		s += "*"
	}
	return s
}

// RuleDoc is one rule's documentation as text.
func RuleDoc(r *lint.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Default severity: %s", r.Severity)
	if r.ByEnvironment {
		b.WriteString(" in production, staging and unknown environments; one step lower in development and test; silent in example files")
	}
	fmt.Fprintf(&b, ". Fixable: %s.\n\n%s\n", map[bool]string{true: "yes", false: "no"}[r.Fixable], r.Doc)
	for _, ex := range r.Examples {
		fmt.Fprintf(&b, "\nBad (%s):\n%s\nGood (%s):\n%s", ex.File, indent(ex.Bad), ex.File, indent(ex.Good))
	}
	return b.String()
}

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
