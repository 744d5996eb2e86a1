package report_test

import (
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// TestTokenOnlyForTokens: a finding about a sender address, a stream or
// an SMTP port shows no "token" (the JSON field, SARIF's property); one
// about a token shows its last 4 characters.
func TestTokenOnlyForTokens(t *testing.T) {
	src := "POSTMARK_SERVER_TOKEN=\"8d0f5e2a-1c3b-4d5e-9f60-718293a4b5c6 \"\nPOSTMARK_FROM_EMAIL=shop.orders@gmail.com\nPOSTMARK_MESSAGE_STREAM=pm-outbound\n"
	f := lint.Parse(".env.production", lint.Dotenv, []byte(src), lint.Options{})
	seen := map[bool]bool{}
	for _, fd := range lint.Check([]*lint.File{f}, rules.All) {
		if fd.Entry == nil {
			continue
		}
		isToken := fd.Entry.Kind == lint.Token
		seen[isToken] = true
		switch got := report.Token(&fd); {
		case isToken && got != "…b5c6":
			t.Errorf("%s: token %q, want …b5c6", fd.Rule.ID, got)
		case !isToken && got != "":
			t.Errorf("%s about a %v: token %q, want none", fd.Rule.ID, fd.Entry.Kind, got)
		}
	}
	if !seen[true] || !seen[false] {
		t.Fatalf("want findings about the token and about other settings, got %v", seen)
	}
}
