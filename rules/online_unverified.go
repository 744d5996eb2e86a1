package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var OnlineUnverified = &lint.Rule{
	ID:    "online-unverified",
	Title: "Postmark could not be asked about the token",
	Doc: `With --online: the check did not finish (no network, a timeout, HTTP 429 or
5xx after retries, an HTML page instead of Postmark's JSON), so nothing is
known about the token. It is a warning, never silent, and the summary line
says for how many tokens Postmark answered ("--online: checked 0 of 2
tokens"). A warning does not fail the default --fail-on error: a CI job
that must not pass on an unanswered check runs with --fail-on warning.
The same goes for a message stream that Postmark could not be asked about
(stream-rejected).`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=4a66b263-ab84-44cc-b768-f221a91b4e9d\n",
		Good:   "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Online: &postmark.Result{Status: postmark.Unverified, Expected: postmark.Server, Reason: "HTTP 503 after 3 attempts"},
	}},
	Kinds: []lint.Kind{lint.Token, lint.Stream},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if e.Online != nil && e.Online.Status == postmark.Unverified {
			p.Reportf(e, valueWhole(e), "could not verify the token with Postmark: %s", lint.RedactText(e.Online.Reason))
		}
		if s := e.OnlineStream; s != nil && s.Status == postmark.StreamUnverified {
			p.Reportf(e, valueWhole(e), "could not ask Postmark about message stream %q: %s", lint.RedactText(e.Value), lint.RedactText(s.Reason))
		}
	},
}
