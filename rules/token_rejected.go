package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var TokenRejected = &lint.Rule{
	ID:    "token-rejected",
	Title: "Postmark rejects the token",
	Doc: `With --online, Postmark refused the token both as a server token and as an
account token (HTTP 401 or 422, ErrorCode 10): it was mistyped, revoked or
rotated. Every request the application sends with it fails with "Invalid
API Token". Copy the token again from the server's API Tokens page.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=514e4445-f00f-42da-985b-c7877b89cd35\n",
		Good:   "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Online: &postmark.Result{Status: postmark.Rejected, Expected: postmark.Server},
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if e.Online != nil && e.Online.Status == postmark.Rejected {
			p.Reportf(e, valueWhole(e), "Postmark rejects this token as a server and as an account token (ErrorCode 10): it is mistyped, revoked or rotated")
		}
	},
}
