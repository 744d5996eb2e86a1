package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var StreamRejected = &lint.Rule{
	ID:    "stream-rejected",
	Title: "Postmark cannot send through the message stream",
	Doc: `With --online, postmarklint asks Postmark about each message stream
(GET /message-streams/{id}) with a server token that Postmark accepted: one
of the same scope (the same .env file, YAML mapping, JSON object or DSN),
else one of the same file in the same environment, else one of a file of
the same family (.env.production.local beside .env.production) in the same
environment. Each (token, stream) pair is asked once, with the retries of
the token checks, and the answer is cached as theirs is. It is an error
when the token's server has no stream of that ID (HTTP 422, ErrorCode
1226): every message sent through it fails (ErrorCode 1235), also when the
stream exists on another server, since the token says which server mail
goes to. It is an error too when the stream is archived (messages fail
until it is restored; 45 days after archiving it is gone), and when it is
an Inbound stream, which receives mail and cannot send it (ErrorCode
1236). A check that cannot finish is online-unverified's.`,
	Severity: lint.Error,
	Kinds:    []lint.Kind{lint.Stream},
	Examples: []lint.Example{{
		File:         ".env.production",
		Bad:          "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_MESSAGE_STREAM=newsletter\n",
		Good:         "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_MESSAGE_STREAM=${POSTMARK_MESSAGE_STREAM}\n",
		OnlineStream: &postmark.StreamResult{Status: postmark.StreamMissing},
	}, {
		File:         "config/production.yaml",
		Bad:          "postmark:\n  api_token: <%= ENV['POSTMARK_API_TOKEN'] %>\n  message_stream: announcements\n",
		Good:         "postmark:\n  api_token: <%= ENV['POSTMARK_API_TOKEN'] %>\n  message_stream: <%= ENV['POSTMARK_STREAM'] %>\n",
		OnlineStream: &postmark.StreamResult{Status: postmark.StreamFound, Type: postmark.Broadcasts, Archived: true},
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		r, id := e.OnlineStream, lint.RedactText(e.Value)
		switch {
		case r == nil:
		case r.Status == postmark.StreamMissing:
			p.Reportf(e, valueWhole(e), "the token's Postmark server has no message stream %q (ErrorCode 1226): every message sent through it fails (ErrorCode 1235)", id)
		case r.Status != postmark.StreamFound:
		case r.Archived:
			p.Reportf(e, valueWhole(e), "message stream %q is archived: messages sent through it fail until it is restored", id)
		case r.Type == postmark.Inbound:
			p.Reportf(e, valueWhole(e), "message stream %q is the server's inbound stream: it receives mail and cannot send it (ErrorCode 1236)", id)
		}
	},
}
