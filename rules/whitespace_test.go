package rules_test

import (
	"strings"
	"testing"
)

// TestWhitespaceInsideBounded: a value with thousands of line breaks
// inside (a hostile file, or a pasted document) gets the first few
// findings, not one per line break, in a .env file and in a JSON string
// that writes them as escapes.
func TestWhitespaceInsideBounded(t *testing.T) {
	body := strings.Repeat("ab\ncd", 5000)
	for _, tc := range []struct{ name, src string }{
		{".env.production", "POSTMARK_SERVER_TOKEN=\"" + body + "\"\n"},
		{"appsettings.Production.json", `{"Postmark": {"ServerToken": "` + strings.ReplaceAll(body, "\n", `\n`) + `"}}`},
	} {
		f, findings := lintSource(tc.name, []byte(tc.src))
		var inside []string
		for _, fd := range findings {
			if fd.Rule.ID == "token-whitespace" {
				inside = append(inside, fd.Message)
			}
		}
		if len(inside) != 10 || inside[0] != "Postmark token contains a line feed (LF) at character 3" ||
			inside[9] != "Postmark token contains a line feed (LF) at character 48" {
			t.Errorf("%s: %d token-whitespace findings, want the first 10: %.200q", tc.name, len(inside), inside)
		}
		if first := f.Pos(findings[0].Span.Start); first.Line != 1 {
			t.Errorf("%s: first finding at %+v", tc.name, first)
		}
	}
}
