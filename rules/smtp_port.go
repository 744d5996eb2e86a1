package rules

import (
	"strconv"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var SMTPPort = &lint.Rule{
	ID:    "smtp-port",
	Title: "Postmark SMTP host with a port Postmark does not listen on",
	Doc: `Postmark's SMTP hosts listen on ports 25, 2525 and 587, each with STARTTLS
(https://postmarkapp.com/developer/user-guide/send-email-with-smtp,
https://postmarkapp.com/support/article/811-what-are-the-smtp-details-credentials-i-should-be-using).
Any other port, 465 (implicit TLS) most often, is a connection that
times out. Where many hosts block port 25, 2525 and 587 get through. The
port is read wherever a configuration pairs it with a Postmark host:
Laravel's MAIL_PORT, Django's EMAIL_PORT, Spring's spring.mail.port,
Rails' smtp_settings port, a host:port value and a DSN's :port.`,
	Severity: lint.Warning,
	Kinds:    []lint.Kind{lint.SMTPPort},
	Examples: []lint.Example{{
		File: ".env",
		Bad:  "MAIL_MAILER=smtp\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=465\n",
		Good: "MAIL_MAILER=smtp\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\n",
	}, {
		File: "application.properties",
		Bad:  "spring.mail.host=smtp.postmarkapp.com\nspring.mail.port=${MAIL_PORT:465}\n",
		Good: "spring.mail.host=smtp.postmarkapp.com\nspring.mail.port=${MAIL_PORT:2525}\n",
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		v := strings.TrimFunc(e.Value, lint.IsBlank)
		port, err := strconv.Atoi(v)
		if !checked(e) || err != nil {
			return // not a number: a placeholder, or the loader's business
		}
		switch port {
		case 25, 2525, 587:
			return
		}
		p.Reportf(e, valueWhole(e), "Postmark's SMTP servers do not listen on port %d; use 587 (or 2525, or 25), with STARTTLS", port)
	},
}
