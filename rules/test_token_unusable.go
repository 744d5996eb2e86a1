package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var TestTokenUnusable = &lint.Rule{
	ID:    "test-token-unusable",
	Title: "Postmark's test token POSTMARK_API_TEST where it cannot work",
	Doc: `POSTMARK_API_TEST is a server token for the API only
(https://postmarkapp.com/developer/api/overview): X-Postmark-Server-Token
takes it and nothing is delivered. As an account token (X-Postmark-Account-Token)
or as an SMTP login it is refused outright, in every environment: the
tests and the development setup that use it fail too. An error whatever
the environment (test-token-in-production is about the API, in
production).`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.test",
		Bad:  "POSTMARK_ACCOUNT_TOKEN=POSTMARK_API_TEST\n",
		Good: "POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST\n",
	}, {
		File: "config/settings/test.yml",
		Bad:  "smtp:\n  address: smtp.postmarkapp.com\n  user_name: POSTMARK_API_TEST\n  password: POSTMARK_API_TEST\n",
		Good: "postmark:\n  api_token: POSTMARK_API_TEST\n",
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if !checked(e) || core(e.Value) != TestToken {
			return
		}
		switch {
		case ExpectedKind(e) == postmark.Account:
			p.Reportf(e, valueWhole(e), "POSTMARK_API_TEST is a server token for the API: as an account token (%s) every request is refused", e.Key)
		case smtpLogin(e) && !testPasswordBeside(e):
			// Once per login: on the password, where it is the test token
			// too.
			p.Reportf(e, valueWhole(e), "POSTMARK_API_TEST works over the API only: Postmark's SMTP servers refuse it as a login")
		}
	},
}

// testPasswordBeside reports an SMTP user name entry with a password in
// another key beside it that is the test token too, and so has the
// finding of the login.
func testPasswordBeside(e *lint.Entry) bool {
	m := e.Mailer
	return m.User != nil && m.Password != nil && e.Pair == m.User.Pair && m.Password.Pair != e.Pair &&
		checked(m.Password) && core(m.Password.Value) == TestToken
}
