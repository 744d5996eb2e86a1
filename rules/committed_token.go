package rules

import "github.com/postmarklint/postmarklint/lint"

var CommittedToken = &lint.Rule{
	ID:    "committed-token",
	Title: "Postmark token is committed to git",
	Doc: `A token in the HEAD version of a file (or of the file it was renamed
from) is in the repository's history, and everyone who can read the
repository (or one of its forks or clones) can send mail as you. Deleting
the line does not remove it from history: rotate the token in Postmark
(Servers, API Tokens), then load it from the environment or a secret store.
A token that is only in the index is about to be committed: remove it from
the index before committing. A token only in the work tree of a file git
tracks is a warning: the next commit of the file will carry it. What counts
is the token, not the file: a token pasted into a tracked file is not in
history yet, and a renamed file's token already is. References,
placeholders and the test token are not reported; outside a git work tree
the rule is silent.`,
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
	g, v := e.File.Git, core(e.Value)
	if g == nil || !checked(e) || !tokenShaped(v) {
		return
	}
	switch {
	case g.Committed(v):
		p.Reportf(e, valueWhole(e), "Postmark token is committed to git: rotate it in Postmark, because removing the line does not remove it from history")
	case g.Staged(v):
		p.Reportf(e, valueWhole(e), "Postmark token is staged for commit: remove it from the index before committing (git restore --staged, then edit the file) and load it from the environment instead")
	case g.Tracked():
		p.Report(lint.Finding{Entry: e, Span: valueWhole(e), Severity: lint.Warning,
			Message: "Postmark token is in the work tree of a file git tracks: keep it out of the file and load it from the environment, or the next commit of the file will carry it"})
	}
}
