package rules

import (
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var SMTPDisabled = &lint.Rule{
	ID:    "smtp-disabled",
	Title: "Postmark server has SMTP turned off, but the configuration sends by SMTP",
	Doc: `With --online: the server token of an SMTP login (the user name or password
beside a Postmark SMTP host, an smtp:// or postmark+smtp:// DSN) belongs
to a server whose SMTP access is turned off: GET /server answers
"SmtpApiActivated": false. Every login is refused until SMTP is turned
on in the server's settings, or the application sends through the API.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "MAILER_DSN=smtp://5d0a9c1e-7b3f-4e2d-8a6c-1f9e0b7d3c24:5d0a9c1e-7b3f-4e2d-8a6c-1f9e0b7d3c24@smtp.postmarkapp.com:587\n",
		Good:   "MAILER_DSN=postmark+api://5d0a9c1e-7b3f-4e2d-8a6c-1f9e0b7d3c24@default\n",
		Online: &postmark.Result{Status: postmark.Alive, Kind: postmark.Server, Expected: postmark.Server, ServerID: 1234, ServerName: "Shop Production", DeliveryType: "Live", SMTPOff: true},
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		// One finding per login: on its first token entry that says so.
		r := smtpOff(e)
		if r == nil {
			return
		}
		if first := slices.IndexFunc(e.Mailer.Tokens, func(t *lint.Entry) bool { return smtpOff(t) != nil }); e.Mailer.Tokens[first] != e {
			return
		}
		p.Reportf(e, valueWhole(e), "Postmark server %q (ID %d) has SMTP turned off: this login to %s is refused; turn SMTP on in the server's settings",
			serverName(r), r.ServerID, smtpHostOf(e.Mailer))
	},
}

// smtpOff is what Postmark answered for the token of an SMTP login whose
// server has SMTP turned off, or nil.
func smtpOff(t *lint.Entry) *postmark.Result {
	if r := alive(t); smtpLogin(t) && r != nil && r.SMTPOff {
		return r
	}
	return nil
}

// smtpHostOf names the SMTP host a mailer logs in to.
func smtpHostOf(m *lint.Mailer) string {
	if m.Host != nil {
		return strings.ToLower(m.Host.Value)
	}
	return "smtp.postmarkapp.com"
}
