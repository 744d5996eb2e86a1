package rules

import "github.com/postmarklint/postmarklint/lint"

var CommittedToken = &lint.Rule{
	ID:    "committed-token",
	Title: "Postmark token is committed to git",
	Doc: `A token that git's history holds is in the repository for good, and
everyone who can read the repository (or one of its forks or clones) can
send mail as you. Deleting the line does not remove it from history:
rotate the token in Postmark (Servers, API Tokens), then load it from the
environment or a secret store. What counts is the token, not the file:
it is committed when the HEAD version of its file (or of the file it was
renamed from) holds it, and also when HEAD holds it in any other file,
when the commit being merged, cherry-picked or reverted holds it, or when
an earlier version of its file's path held it (a file deleted and added
again, git checkout HEAD~1 -- FILE, a .env committed once and ignored
since); the message says where. An untracked or ignored file's token that
history holds is committed too. A token that only an older version of
another, since deleted, file held is not searched for (that would read
every commit). A token in no commit that is
staged is about to be committed: remove it from the file and from what is
staged. One only in the work tree of a file git tracks is a warning: the
next commit of the file will carry it. References, placeholders and the
test token are not reported; outside a git work tree the rule is silent.
Searching history costs one git grep over the tree the first time a token
is seen; the answer is kept per commit in the user cache folder
(postmarklint/history-cache.json: hashes and redacted paths, never a
token; not in shallow clones), and --no-cache turns that off.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:    ".env.production",
		Bad:     "POSTMARK_SERVER_TOKEN=da0aea0e-aa72-470b-9d63-d2a5d1764460\n",
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
	const rotate = "rotate it in Postmark, because removing the line does not remove it from history"
	// A token written with escapes or over continued lines is in git as
	// written.
	written := string(e.File.Src[e.Inner.Start:e.Inner.End])
	if written == e.Value {
		written = v
	}
	if g.Committed(v) || g.Committed(written) {
		p.Reportf(e, valueWhole(e), "Postmark token is committed to git: "+rotate)
		return
	}
	if at, ok := g.CommittedElsewhere(v); ok {
		p.Reportf(e, valueWhole(e), "Postmark token is committed to git (%s): "+rotate, at)
		return
	}
	switch {
	case g.Staged(v), g.Staged(written):
		// Not "git restore --staged": git commit -a and git commit PATH
		// stage into a temporary index of their own, which that command
		// does not touch, and the next commit -a stages the file again.
		p.Reportf(e, valueWhole(e), "Postmark token is staged for commit: remove it from the file and from what is staged before committing, and load it from the environment instead")
	case g.Tracked():
		p.Report(lint.Finding{Entry: e, Span: valueWhole(e), Severity: lint.Warning,
			Message: "Postmark token is in the work tree of a file git tracks: keep it out of the file and load it from the environment, or the next commit of the file will carry it"})
	}
}
