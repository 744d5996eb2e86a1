package rules

import (
	"strings"
	"unicode"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

// OnlineRequest says whether an entry's token may be sent to Postmark and
// which kind its key expects: only well-formed tokens, never references,
// placeholders or the test token.
func OnlineRequest(e *lint.Entry) (string, postmark.Kind, bool) {
	c := core(e.Value)
	if !checked(e) || c == TestToken || !tokenShaped(c) {
		return "", postmark.UnknownKind, false
	}
	return c, ExpectedKind(e), true
}

// ExpectedKind is the kind of token an entry's key asks for: ACCOUNT in the
// name means an account token, anything else a server token.
func ExpectedKind(e *lint.Entry) postmark.Kind {
	for _, w := range lint.Words(e.Key) {
		if w == "account" || w == "accounttoken" {
			return postmark.Account
		}
	}
	return postmark.Server
}

// alive returns Postmark's answer when the token is alive.
func alive(e *lint.Entry) *postmark.Result {
	if e.Online != nil && e.Online.Status == postmark.Alive {
		return e.Online
	}
	return nil
}

// serverName is the Postmark server's name as safe to print: it is the
// user's own text, so control characters go and anything token-like is
// redacted.
func serverName(r *postmark.Result) string {
	name := strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, r.ServerName)
	return lint.RedactText(name)
}

// onlineExample is the answer the documented examples of online rules get.
func onlineExample(status postmark.Status, kind postmark.Kind, name, delivery string) *postmark.Result {
	return &postmark.Result{Status: status, Kind: kind, Expected: postmark.Server, ServerID: 1234, ServerName: name, DeliveryType: delivery}
}

// StreamRequest says whether a stream entry's stream may be asked about,
// and with which of the token entries beside it (lint.StreamTokens): only
// IDs a stream can have (message-stream reports the others), with the
// first server token Postmark accepted.
func StreamRequest(s *lint.Entry, tokens []*lint.Entry) (token, id string, ok bool) {
	if msg, _, _ := streamProblem(s.Value); !checked(s) || msg != "" {
		return "", "", false
	}
	for _, t := range tokens {
		if r := alive(t); r != nil && r.Kind == postmark.Server {
			token, _, _ := OnlineRequest(t)
			return token, s.Value, true
		}
	}
	return "", "", false
}
