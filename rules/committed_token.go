package rules

import "github.com/postmarklint/postmarklint/lint"

var CommittedToken = &lint.Rule{
	ID:    "committed-token",
	Title: "Postmark token is committed to git",
	Doc: `A token in a file that git tracks is in the repository's history, and
everyone who can read the repository (or one of its forks or clones) can send
mail as you. Deleting the line does not remove it from history: rotate the
token in Postmark (Servers, API Tokens), then load it from the environment or
a secret store. A token in a staged file is about to be committed: unstage
it. References, placeholders and the test token are not reported; outside a
git work tree the rule is silent.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:    ".env.production",
		Bad:     "POSTMARK_SERVER_TOKEN=12345678-90ab-cdef-1234-567890abcdef\n",
		Good:    "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Tracked: true,
	}},
	CheckEntry: checkCommitted,
}

func checkCommitted(p *lint.Pass, e *lint.Entry) {
	f := e.File
	if !f.GitKnown || !(f.Tracked || f.Staged) || !checked(e) || !tokenShaped(core(e.Value)) {
		return
	}
	if f.Tracked {
		p.Report(e, valueWhole(e), "Postmark token is committed to git: rotate it in Postmark, because removing the line does not remove it from history")
		return
	}
	p.Report(e, valueWhole(e), "Postmark token is staged for commit: unstage the file (git restore --staged) and load the token from the environment instead")
}
