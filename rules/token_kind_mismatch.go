package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var TokenKindMismatch = &lint.Rule{
	ID:    "token-kind-mismatch",
	Title: "account token where a server token belongs, or the reverse",
	Doc: `With --online: the token is alive, but of the other kind than its key says.
Server tokens (X-Postmark-Server-Token) send mail; account tokens
(X-Postmark-Account-Token) manage servers and domains. The two cannot be
told apart by shape, and each is "Invalid API Token" where the other is
expected. A key with ACCOUNT in its name expects an account token; any other
key a server token.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=cc345283-2ef9-46ae-af0f-168048e468c4\n",
		Good:   "POSTMARK_ACCOUNT_TOKEN=cc345283-2ef9-46ae-af0f-168048e468c4\n",
		Online: &postmark.Result{Status: postmark.Alive, Kind: postmark.Account, Expected: postmark.Server},
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if r := alive(e); r != nil && r.KindMismatch() {
			p.Reportf(e, valueWhole(e), "this is a Postmark %s token, but %s expects %s %s token", r.Kind, e.Key, article(ExpectedKind(e).String()), ExpectedKind(e))
		}
	},
}
