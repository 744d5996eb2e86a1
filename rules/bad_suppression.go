package rules

import "github.com/postmarklint/postmarklint/lint"

var BadSuppression = &lint.Rule{
	ID:    "bad-suppression",
	Title: "ignore comment without a reason, for an unknown rule, or suppressing nothing",
	Doc: `Findings are silenced with a comment on the line of the finding or on the
line above it, in the file's own comment syntax (# in .env, YAML, TOML,
.properties and Terraform; ! in .properties; // or /* */ in JSON with
comments such as appsettings.json, and in Terraform):

    # postmarklint:ignore token-placeholder -- filled in by the deploy job
    // postmarklint:ignore token-placeholder -- filled in by the deploy job

Every suppression needs a reason after " -- ", must name known rules (comma
separated), and must suppress something: a stale one hides the next real
finding on that line. This rule cannot itself be suppressed.

Plain JSON (app.json, .mcp.json, claude_desktop_config.json, *.tfvars.json,
mcp.json outside .vscode/) has no comments: its loaders refuse the file with one, and
postmarklint reports that as a parse-error. There, record the findings you
accept with --write-baseline FILE and lint with --baseline FILE, which
reports only findings that are not in it (the baseline keeps rule, file,
key and a hash of the value, so a changed token is reported again); or
leave the whole file out with a glob in the ignore: list of
.postmarklint.yaml.`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "# postmarklint:ignore token-placeholder\nPOSTMARK_SERVER_TOKEN=changeme\n",
		Good: "# postmarklint:ignore token-placeholder -- set by the deploy job\nPOSTMARK_SERVER_TOKEN=changeme\n",
	}, {
		File: "appsettings.Production.json",
		Bad:  "{\n  // postmarklint:ignore token-placeholder\n  \"Postmark\": { \"ServerToken\": \"changeme\" }\n}\n",
		Good: "{\n  // postmarklint:ignore token-placeholder -- set by the release pipeline\n  \"Postmark\": { \"ServerToken\": \"changeme\" }\n}\n",
	}},
	Suppressions: true,
}
