package rules

import (
	"fmt"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var SMTPLogin = &lint.Rule{
	ID:    "smtp-login",
	Title: "Postmark SMTP login whose user name and password are not the same server token",
	Doc: `Postmark's SMTP hosts (smtp.postmarkapp.com, smtp-broadcasts.postmarkapp.com)
take a server token as both the user name and the password
(https://postmarkapp.com/developer/user-guide/send-email-with-smtp), or an
SMTP Token: an access key as the user name with its own secret key as the
password, neither of which has a server token's shape. A login whose
user name is a server token and whose password is something else, or the
reverse, fails to authenticate: someone pasted the token once, or a
mailbox password from another provider stayed behind. The finding is on
the password and names the user name's key and line; neither value is
shown.`,
	Severity:      lint.Error,
	ByEnvironment: true,
	Kinds:         []lint.Kind{lint.SMTPPassword},
	Examples: []lint.Example{{
		File: ".env.production",
		Bad: "MAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\nMAIL_USERNAME=2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57\n" +
			"MAIL_PASSWORD=hunter2hunter2\n",
		Good: "MAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\nMAIL_USERNAME=2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57\n" +
			"MAIL_PASSWORD=2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57\n",
	}, {
		File: ".env.production",
		Bad:  "MAILER_DSN=smtp://2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57:8c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e@smtp.postmarkapp.com:587\n",
		Good: "MAILER_DSN=smtp://2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57:2b5e8f61-0c3d-4a7e-9b12-6d4f8a0c3e57@smtp.postmarkapp.com:587\n",
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		m := e.Mailer
		u := m.User
		if u == nil || m.Password != e || u.Ref || e.Ref {
			return
		}
		user, pass := core(u.Value), core(e.Value)
		if user == pass || !tokenShaped(user) && !tokenShaped(pass) {
			return
		}
		which := "the server token in the user name " + besideIt(u, e)
		if !tokenShaped(user) {
			which = "the user name " + besideIt(u, e)
		}
		p.Reportf(e, valueWhole(e), "the SMTP password is not %s: %s takes one server token as both user name and password",
			which, strings.ToLower(m.Host.Value))
	},
}

// besideIt names another entry for a message about e: its key and line, or
// "before it" in the same value (a DSN's user name).
func besideIt(other, e *lint.Entry) string {
	if other.Pair == e.Pair {
		return "before it"
	}
	return fmt.Sprintf("(%s, line %d)", other.Key, other.File.Pos(other.Inner.Start).Line)
}

// smtpLogin reports a token entry that logs in to Postmark's SMTP hosts:
// the user name or password beside one, or a DSN that sends by SMTP.
func smtpLogin(e *lint.Entry) bool {
	m := e.Mailer
	if m == nil || !m.SMTP {
		return false
	}
	return e.Detection == lint.ByDSN || m.User != nil && e.Pair == m.User.Pair || m.Password != nil && e.Pair == m.Password.Pair
}
