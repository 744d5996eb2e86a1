package rules

import (
	"strings"
	"unicode"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/online"
)

// OnlineRequest says whether an entry's token may be sent to Postmark and
// which kind its key expects: only well-formed tokens, never references,
// placeholders or the test token.
func OnlineRequest(e *lint.Entry) (string, online.Kind, bool) {
	c := core(e.Value)
	if !checked(e) || c == TestToken || !tokenShaped(c) {
		return "", online.UnknownKind, false
	}
	return c, ExpectedKind(e), true
}

// ExpectedKind is the kind of token an entry's key asks for: ACCOUNT in the
// name means an account token, anything else a server token.
func ExpectedKind(e *lint.Entry) online.Kind {
	for _, w := range lint.Words(e.Key) {
		if w == "account" || w == "accounttoken" {
			return online.Account
		}
	}
	return online.Server
}

// alive returns Postmark's answer when the token is alive.
func alive(e *lint.Entry) *online.Result {
	if e.Online != nil && e.Online.Status == online.Alive {
		return e.Online
	}
	return nil
}

// serverName is the Postmark server's name as safe to print: it is the
// user's own text, so control characters go and anything token-like is
// redacted.
func serverName(r *online.Result) string {
	name := strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, r.ServerName)
	return lint.RedactText(name)
}

// onlineExample is the answer the documented examples of online rules get.
func onlineExample(status online.Status, kind online.Kind, name, delivery string) *online.Result {
	return &online.Result{Status: status, Kind: kind, Expected: online.Server, ServerID: 1234, ServerName: name, DeliveryType: delivery}
}
