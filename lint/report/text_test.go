package report_test

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// TestExcerpt pins the excerpt under a finding: tokens redacted, blanks
// shown, and the caret under the finding even when something else on the
// line was shortened by redaction.
func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		name, src, line, caret string
	}{
		{
			name:  "trailing space in quotes",
			src:   "POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n",
			line:  `POSTMARK_SERVER_TOKEN="…4f19␠"`,
			caret: `                       ^^^^^^`,
		},
		{
			name:  "an escaped line feed, beside the token's last 4",
			src:   "POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\\n\"\n",
			line:  `POSTMARK_SERVER_TOKEN="…4f19\n"`,
			caret: `                       ^^^^^^^`,
		},
		{
			name:  "a token-like run before the finding",
			src:   "MAIL_NOTE=abc123def456ghi789 # postmarklint:ignore bogus -- x\nPOSTMARK_TOKEN=${X}\n",
			line:  `MAIL_NOTE=…i789 # postmarklint:ignore bogus -- x`,
			caret: `                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^`,
		},
		{
			// Byte by byte, the token would show with a character
			// between each of its own, past redaction: no excerpt.
			name: "UTF-16 file",
			src:  utf16LE("POSTMARK_SERVER_TOKEN=3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\r\n"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lint.Parse(".env.production", lint.Dotenv, []byte(tc.src), lint.Options{})
			findings := lint.Check([]*lint.File{f}, rules.All)
			if len(findings) != 1 {
				t.Fatalf("got %d findings, want 1", len(findings))
			}
			line, col, width := report.Excerpt(&findings[0])
			caret := strings.Repeat(" ", col) + strings.Repeat("^", width)
			if line != tc.line || caret != tc.caret {
				t.Errorf("excerpt\n got %q\n     %q\nwant %q\n     %q", line, caret, tc.line, tc.caret)
			}
		})
	}
}

// TestTokenLastFour pins the token field of the machine reports: the last
// 4 characters of the token itself, as documented (…4f19), whatever blanks
// surround it, and the same 4 the text excerpt shows.
func TestTokenLastFour(t *testing.T) {
	for _, src := range []string{
		"POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n",
		"POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\t\"\n",
		"POSTMARK_SERVER_TOKEN=\"\u00a03f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\u200b\"\n",
	} {
		f := lint.Parse(".env.production", lint.Dotenv, []byte(src), lint.Options{})
		findings := lint.Check([]*lint.File{f}, rules.All)
		if len(findings) == 0 {
			t.Fatalf("%q: no finding", src)
		}
		for i := range findings {
			tok := report.Token(&findings[i])
			if tok != "…4f19" {
				t.Errorf("%q: token %q, want …4f19", src, tok)
			}
			if line, _, _ := report.Excerpt(&findings[i]); !strings.Contains(line, tok) {
				t.Errorf("%q: excerpt %q does not show the token as %q", src, line, tok)
			}
		}
	}
}

// utf16LE is s as Windows PowerShell 5 writes it: a BOM, then UTF-16LE.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}
