package rules

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var StreamTypeMismatch = &lint.Rule{
	ID:    "stream-type-mismatch",
	Title: "Postmark message stream of another type than the mail or host it is used for",
	Doc: `Postmark keeps transactional mail (password resets, receipts) and broadcast
mail (newsletters, announcements) apart, in streams of their own type and
through SMTP hosts of their own: smtp.postmarkapp.com for transactional
streams, smtp-broadcasts.postmarkapp.com for broadcast streams
(https://postmarkapp.com/support/article/811-what-are-the-smtp-details-credentials-i-should-be-using).
A warning where a stream's type does not fit: a broadcast stream sent to
smtp.postmarkapp.com, a transactional one sent to
smtp-broadcasts.postmarkapp.com, a Broadcasts stream in a configuration
of transactional mail. A stream's type is Postmark's answer with
--online; offline, its ID says it where it is a default stream's (outbound
is every server's transactional stream, broadcast its broadcast stream).
A configuration sends broadcast mail when its SMTP host is
smtp-broadcasts.postmarkapp.com or a word of its key says so (broadcast,
marketing, newsletter, bulk), transactional mail otherwise.`,
	Severity: lint.Warning,
	Kinds:    []lint.Kind{lint.Stream},
	Examples: []lint.Example{{
		File: "config/production.yml",
		Bad:  "smtp:\n  address: smtp.postmarkapp.com\n  headers:\n    X-PM-Message-Stream: broadcast\n",
		Good: "smtp:\n  address: smtp-broadcasts.postmarkapp.com\n  headers:\n    X-PM-Message-Stream: broadcast\n",
	}, {
		File:         ".env.production",
		Bad:          "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_MESSAGE_STREAM=weekly\n",
		Good:         "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_NEWSLETTER_MESSAGE_STREAM=weekly\n",
		OnlineStream: &postmark.StreamResult{Status: postmark.StreamFound, Type: postmark.Broadcasts},
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if !checked(e) {
			return
		}
		typ, said := streamType(e)
		if typ == "" || typ == postmark.Inbound {
			return
		}
		want := postmark.Transactional
		host := e.Mailer.Host
		switch {
		case host != nil && lint.IsBroadcastHost(host.Value), host == nil && broadcastKey(e.Key):
			want = postmark.Broadcasts
		}
		if typ == want {
			return
		}
		id := lint.RedactText(e.Value)
		if host != nil {
			p.Reportf(e, valueWhole(e), "message stream %q is a %s stream (%s), but %s is Postmark's SMTP host for %s streams",
				id, typ, said, strings.ToLower(host.Value), mailOf(want))
			return
		}
		p.Reportf(e, valueWhole(e), "message stream %q is a %s stream (%s), but this configuration sends %s mail", id, typ, said, mailOf(want))
	},
}

// streamType is a stream entry's type and who says so: Postmark, or its
// ID where that is a default stream's; "" where neither.
func streamType(e *lint.Entry) (typ, said string) {
	if r := e.OnlineStream; r != nil && r.Status == postmark.StreamFound && r.Type != "" {
		return r.Type, "Postmark says so"
	}
	switch strings.ToLower(e.Value) {
	case "outbound":
		return postmark.Transactional, "the default transactional stream"
	case "broadcast":
		return postmark.Broadcasts, "the default broadcast stream"
	}
	return "", ""
}

// broadcastKey reports a key that says its mail is broadcast mail.
func broadcastKey(key string) bool {
	for _, w := range lint.Words(key) {
		switch w {
		case "broadcast", "broadcasts", "marketing", "newsletter", "newsletters", "bulk":
			return true
		}
	}
	return false
}

// mailOf names the mail of a stream type: "transactional", "broadcast".
func mailOf(typ string) string {
	if typ == postmark.Broadcasts {
		return "broadcast"
	}
	return "transactional"
}
