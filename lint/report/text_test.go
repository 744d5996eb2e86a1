package report_test

import (
	"fmt"
	"io"
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

// TestTextSharedLine pins the excerpts of several findings on one line,
// rendered once for all of them: each caret under its own token, counted
// on the line as redacted (the note before the second token is shortened),
// and the next file's line its own.
func TestTextSharedLine(t *testing.T) {
	json := lint.Parse("appsettings.json", lint.JSON, []byte(`{"PostmarkServerToken": " 3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 ", "Note": "abc123def456ghi789", "PostmarkAccountToken": "\t9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e"}`+"\n"), lint.Options{})
	env := lint.Parse(".env.production", lint.Dotenv, []byte("POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n"), lint.Options{})
	var out strings.Builder
	if err := report.Text(&out, &report.Run{Findings: lint.Check([]*lint.File{json, env}, rules.All)}); err != nil {
		t.Fatal(err)
	}
	want := `.env.production:1:24: error: Postmark token ends with a space (token-whitespace)
  1 | POSTMARK_SERVER_TOKEN="…4f19␠"
    |                        ^^^^^^
appsettings.json:1:26: error: Postmark token ends with a space (token-whitespace)
  1 | {"PostmarkServerToken": "␠…4f19␠", "Note": "…i789", "PostmarkAccountToken": "\t…4d5e"}
    |                          ^^^^^^^
appsettings.json:1:26: error: Postmark token starts with a space (token-whitespace)
  1 | {"PostmarkServerToken": "␠…4f19␠", "Note": "…i789", "PostmarkAccountToken": "\t…4d5e"}
    |                          ^^^^^^^
appsettings.json:1:122: error: Postmark token starts with a tab (token-whitespace)
  1 | {"PostmarkServerToken": "␠…4f19␠", "Note": "…i789", "PostmarkAccountToken": "\t…4d5e"}
    |                                                                              ^^^^^^^
`
	if out.String() != want {
		t.Errorf("text report\n%s\nwant\n%s", out.String(), want)
	}
}

// BenchmarkTextManyFindings is a file with a finding on each of
// thousands of lines, and thousands of findings on one line (a minified
// JSON file): the report costs the size of the text, not that times the
// findings.
func BenchmarkTextManyFindings(b *testing.B) {
	var env, json strings.Builder
	json.WriteString("{")
	for i := range 2000 {
		tok := fmt.Sprintf("3f0c9a51-7d2e-4b8a-9c61-%012d", i)
		fmt.Fprintf(&env, "POSTMARK_TOKEN_%d=\" %s \"\n", i, tok)
		fmt.Fprintf(&json, "%q: \" %s \", ", fmt.Sprint("PostmarkServerToken", i), tok)
	}
	json.WriteString(`"x": 1}`)
	files := []*lint.File{
		lint.Parse(".env.production", lint.Dotenv, []byte(env.String()), lint.Options{}),
		lint.Parse("appsettings.json", lint.JSON, []byte(json.String()), lint.Options{}),
	}
	run := &report.Run{Findings: lint.Check(files, rules.All)}
	if len(run.Findings) < 4000 {
		b.Fatalf("%d findings, want one or more per token", len(run.Findings))
	}
	b.ResetTimer()
	for range b.N {
		if err := report.Text(io.Discard, run); err != nil {
			b.Fatal(err)
		}
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
