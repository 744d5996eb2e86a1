package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// runRules lists the rules, or prints one rule's doc and examples.
func runRules(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("postmarklint rules", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), rulesUsage)
	}
	if code, done := parseSubcommand(flags, args, stderr); done {
		return code
	}
	args = flags.Args()
	switch len(args) {
	case 0:
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, r := range rules.All {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, report.DefaultSeverity(r), r.Title)
		}
		tw.Flush()
		return exitClean
	case 1:
		r := rules.ByID(args[0])
		if r == nil {
			fmt.Fprintf(stderr, "postmarklint: unknown rule %q (postmarklint rules lists them)\n", args[0])
			return exitError
		}
		fmt.Fprint(stdout, report.RuleDoc(r, report.Plain))
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
