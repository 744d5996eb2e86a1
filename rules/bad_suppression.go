package rules

import "github.com/postmarklint/postmarklint/lint"

var BadSuppression = &lint.Rule{
	ID:    "bad-suppression",
	Title: "ignore comment without a reason, for an unknown rule, or suppressing nothing",
	Doc: `Findings are silenced with a comment on the line of the finding or on the
line above it, in the comment syntax of the file's format (#, ! in
.properties, // and /* */ in JSON with comments and Terraform):

    # postmarklint:ignore token-placeholder -- filled in by the deploy job

Every suppression needs a reason after " -- ", must name known rules (comma
separated), and must suppress something: a stale one hides the next real
finding on that line. This rule cannot itself be suppressed.`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "# postmarklint:ignore token-placeholder\nPOSTMARK_SERVER_TOKEN=changeme\n",
		Good: "# postmarklint:ignore token-placeholder -- set by the deploy job\nPOSTMARK_SERVER_TOKEN=changeme\n",
	}},
	Suppressions: true,
}
