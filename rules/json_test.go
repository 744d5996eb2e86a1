package rules_test

import (
	"fmt"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
)

// TestJSONSpans pins where findings in JSON values point: a character the
// loader decodes from an escape is pointed at as written ("\u200b", "\""),
// so that an editor underlines the escape, not the whole token.
func TestJSONSpans(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	for _, tc := range []struct {
		name, file, src string
		rule            string
		col, endCol     int // 1-based, in code points; endCol is past the span
	}{
		{"escaped zero-width space inside", "appsettings.Production.json",
			`{"Postmark": {"ServerToken": "3f0c9a51\u200b-7d2e-4b8a-9c61-0e5d7a2b4f19"}}`, "token-whitespace", 39, 45},
		{"literal zero-width space inside", "appsettings.Production.json",
			"{\"Postmark\": {\"ServerToken\": \"3f0c9a51\u200b-7d2e-4b8a-9c61-0e5d7a2b4f19\"}}", "token-whitespace", 39, 40},
		{"escaped quote inside after an escaped digit", "config/production.json",
			`{"postmark": {"token": "\u0033f0c9a51-7d2e\"-4b8a-9c61-0e5d7a2b4f19"}}`, "token-quoting", 43, 45},
		{"non-hex character after an escape", ".mcp.json",
			`{"env": {"POSTMARK_SERVER_TOKEN": "\u00203f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f1g"}}`, "token-format", 77, 78},
		{"trailing tab: the whole value", "app.json",
			`{"env": {"POSTMARK_API_TOKEN": "` + tok + `\t"}}`, "token-whitespace", 33, 71},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, findings := lintSource(tc.file, []byte(tc.src))
			var got []string
			for _, fd := range findings {
				if fd.Rule.ID != tc.rule {
					continue
				}
				start, end := f.Pos(fd.Span.Start), f.Pos(fd.Span.End)
				if start.Column == tc.col && end.Column == tc.endCol {
					return
				}
				got = append(got, describe([]lint.Finding{fd})+fmt.Sprintf(" at %d-%d", start.Column, end.Column))
			}
			t.Errorf("no %s finding at columns %d-%d; got %v", tc.rule, tc.col, tc.endCol, got)
		})
	}
}
