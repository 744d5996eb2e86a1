package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// publicDomains are the public mailbox domains sender-public-domain knows:
// the large free mail services. The list is short on purpose; a domain
// missing from it is a finding missed, never a false one.
var publicDomains = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
	"yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
	"proton.me", "protonmail.com", "gmx.com", "gmx.net", "yandex.com", "mail.ru",
}

// fixtureFolders hold test fixtures, whose addresses are made up.
var fixtureFolders = []string{"fixtures", "__fixtures__", "testdata", "spec", "tests", "__tests__", "cassettes"}

var SenderPublicDomain = &lint.Rule{
	ID:    "sender-public-domain",
	Title: "Postmark sender address on a public mailbox domain",
	Doc: `Postmark sends only from confirmed sender signatures, and a sender
signature needs a private domain its owner controls
(https://postmarkapp.com/developer/user-guide/managing-your-account/managing-sender-signatures;
the API refuses one on a public domain with ErrorCode 503). A From address
on a public mailbox domain beside a Postmark configuration
(POSTMARK_FROM_EMAIL, MAIL_FROM_ADDRESS with the Postmark mailer,
DEFAULT_FROM_EMAIL with anymail's Postmark backend, sender_email beside a
Postmark base URL) can never be confirmed, so every message is refused
(ErrorCode 400). The domains known: ` + strings.Join(publicDomains, ", ") + `.
A warning, silent in example files and in test environments and fixtures
(a ` + strings.Join(fixtureFolders, "/, ") + `/ folder), where addresses are
made up.`,
	Severity:      lint.Warning,
	ByEnvironment: true,
	Kinds:         []lint.Kind{lint.Sender},
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "MAIL_MAILER=postmark\nMAIL_FROM_ADDRESS=shop.notifications@gmail.com\n",
		Good: "MAIL_MAILER=postmark\nMAIL_FROM_ADDRESS=notifications@shop.example\n",
	}, {
		File: "configuration/production.yaml",
		Bad:  "email_client:\n  base_url: https://api.postmarkapp.com\n  sender_email: newsletter@outlook.com\n",
		Good: "email_client:\n  base_url: https://api.postmarkapp.com\n  sender_email: newsletter@example.com\n",
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if !checked(e) || inFixtures(e.File.Path) {
			return
		}
		if domain := senderDomain(e.Value); slices.Contains(publicDomains, domain) {
			p.Reportf(e, valueWhole(e), "sender address on %s, a public mailbox domain: Postmark confirms no sender signature there, so every message is refused", domain)
		}
	},
}

// senderDomain is the lower-case domain of an address written bare or as
// "Name <address>", or "".
func senderDomain(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.LastIndexByte(v, '<'); i >= 0 && strings.HasSuffix(v, ">") {
		v = v[i+1 : len(v)-1]
	}
	_, domain, ok := strings.Cut(v, "@")
	if !ok || strings.ContainsAny(domain, " <>@") {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(domain), ".")
}

func inFixtures(p string) bool {
	for dir := path.Dir(p); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if slices.Contains(fixtureFolders, strings.ToLower(path.Base(dir))) {
			return true
		}
	}
	return false
}
