package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

var MessageStream = &lint.Rule{
	ID:    "message-stream",
	Title: "Postmark message stream ID that no server can have",
	Doc: `The message stream a configuration sends through (POSTMARK_MESSAGE_STREAM,
Postmark:MessageStream, message_stream under a Postmark key, the
X-PM-Message-Stream header, a Symfony DSN's message_stream) is a stream
ID, and Postmark's API reference says what one can be
(https://postmarkapp.com/developer/api/overview#error-codes): "a non-empty
string starting with a letter, up to 30 characters" (ErrorCode 1227), not
starting with the "pm-" prefix, which Postmark reserves (ErrorCode 1233).
The IDs Postmark makes are letters, digits and hyphens (outbound,
broadcast, transactional-dev); postmarklint takes underscores too and
reports any other character (a space, a dot, a slash, a quote the loader
keeps), which no ID has. Mail sent through a stream the server does not
have fails with ErrorCode 1235. The ID inbound is every server's inbound
stream, which receives mail and cannot send it (ErrorCode 1236).
To send through the default transactional stream, leave the setting out
or write outbound. An empty ID is a warning: many SDKs read an empty
setting as unset.`,
	Severity:      lint.Error,
	ByEnvironment: true,
	Kinds:         []lint.Kind{lint.Stream},
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_MESSAGE_STREAM=pm-newsletter\n",
		Good: "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\nPOSTMARK_MESSAGE_STREAM=newsletter\n",
	}, {
		File: "appsettings.Production.json",
		Bad:  "{\n  \"Postmark\": {\n    \"ServerToken\": \"#{PostmarkServerToken}#\",\n    \"MessageStream\": \"Password resets\"\n  }\n}\n",
		Good: "{\n  \"Postmark\": {\n    \"ServerToken\": \"#{PostmarkServerToken}#\",\n    \"MessageStream\": \"password-resets\"\n  }\n}\n",
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if !checked(e) {
			return
		}
		if msg, i, j := streamProblem(e.Value); msg != "" {
			span := valueWhole(e)
			if i >= 0 {
				span = valueSpan(e, i, j)
			}
			// An empty setting is often read as unset (an SDK then sends
			// through the default stream), as an empty token is a
			// placeholder: a warning.
			sev := lint.Silent // the rule's own
			if e.Value == "" {
				sev = lint.Warning
			}
			p.Report(lint.Finding{Entry: e, Span: span, Severity: sev, Message: msg})
		}
	},
}

// maxStreamID is the longest stream ID Postmark takes (ErrorCode 1227).
const maxStreamID = 30

// inboundStream is the ID of every server's inbound stream.
const inboundStream = "inbound"

// streamProblem says what makes id a stream ID that cannot send, and
// where in it (i < 0: the whole ID); "" when nothing does.
func streamProblem(id string) (msg string, i, j int) {
	for k, r := range id {
		if !streamChar(r) {
			what := charName(byte(r))
			if r >= utf8.RuneSelf {
				what = fmt.Sprintf("U+%04X", r)
			}
			return fmt.Sprintf("message stream ID contains %s at character %d; stream IDs are letters, digits, hyphens and underscores", what, charIndex(id, k)),
				k, k + max(1, utf8.RuneLen(r))
		}
	}
	switch n := len(id); {
	case n == 0:
		return "message stream ID is empty (ErrorCode 1227); leave the setting out to send through the default transactional stream", -1, -1
	case n > maxStreamID:
		return fmt.Sprintf("message stream ID has %d characters; Postmark's have at most %d (ErrorCode 1227)", n, maxStreamID), -1, -1
	case !isLetter(id[0]):
		return fmt.Sprintf("message stream ID %q does not start with a letter (ErrorCode 1227)", lint.RedactText(id)), -1, -1
	case strings.HasPrefix(strings.ToLower(id), "pm-"):
		return fmt.Sprintf("message stream ID %q starts with pm-, which Postmark reserves (ErrorCode 1233)", lint.RedactText(id)), 0, 3
	case strings.EqualFold(id, inboundStream):
		return "inbound is the server's inbound stream: it receives mail and cannot send it (ErrorCode 1236)", -1, -1
	}
	return "", -1, -1
}

func streamChar(r rune) bool {
	return r == '-' || r == '_' || '0' <= r && r <= '9' || r < utf8.RuneSelf && isLetter(byte(r))
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
