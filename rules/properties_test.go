package rules_test

import (
	"fmt"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
)

// TestPropertiesPositions pins the line and column of findings inside
// .properties values that are not written as they read: an escape, the
// next line of a continued value, the default inside a placeholder. The
// fixtures pin the line only.
func TestPropertiesPositions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		rule      string
		want      string // line:column-line:column of the finding
	}{
		{
			name: "escaped zero-width space on a continued line",
			src:  "postmark.api.token=3f0c9a51-7d2e-4b8a-\\\n    9c61\\u200b-0e5d7a2b4f19\n",
			rule: "token-whitespace", want: "2:9-2:15",
		},
		{
			name: "look-alike escape after a continuation",
			src:  "postmark.api.token=\\\r\n  3784\\u0430b77-2ac9-44c3-b173-f9f7b59ecf10\r\n",
			rule: "token-format", want: "2:7-2:13",
		},
		{
			name: "default written over a continued line",
			src:  "postmark.api.token=${POSTMARK_API_TOKEN:\\\n    3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\\t}\n",
			rule: "token-whitespace", want: "2:5-2:43",
		},
		{
			name: "escaped placeholder default",
			src:  "postmark.api.token=\\${POSTMARK_API_TOKEN:3f0c9a51-7d2e-4b8a-9c61\\u00a0-0e5d7a2b4f19}\n",
			rule: "token-whitespace", want: "1:65-1:71",
		},
		{
			name: "host of a continued URL",
			src:  "postmark.api.url=https://api.\\\n    postmark.com/v1\n",
			rule: "api-endpoint", want: "1:26-2:17",
		},
		{
			name: "blank after a placeholder",
			src:  "postmark.api.token=${POSTMARK_API_TOKEN}\\t\n",
			rule: "token-whitespace", want: "1:41-1:43",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, findings := lintSource("application-prod.properties", []byte(tc.src))
			var got []string
			for _, fd := range findings {
				if fd.Rule.ID == tc.rule {
					s, e := f.Pos(fd.Span.Start), f.Pos(fd.Span.End)
					got = append(got, fmt.Sprintf("%d:%d-%d:%d", s.Line, s.Column, e.Line, e.Column))
				}
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("%s findings at %v, want one at %s; all: %s", tc.rule, got, tc.want, describe(findings))
			}
		})
	}
}

// TestPropertiesPlaceholderBlanks: Spring keeps the blanks around a
// placeholder it expands, so the token gets them; the fix deletes them and
// leaves the placeholder as it is.
func TestPropertiesPlaceholderBlanks(t *testing.T) {
	for _, tc := range []struct{ src, msg, fixed string }{
		{"postmark.api.token=${POSTMARK_API_TOKEN} \n",
			"Postmark token ends with a space after the placeholder; java.util.Properties and Spring Boot keep blanks at the end of a .properties value",
			"postmark.api.token=${POSTMARK_API_TOKEN}\n"},
		{"postmark.api.token=\\ ${POSTMARK_API_TOKEN}\r\n",
			"Postmark token starts with a space before the placeholder",
			"postmark.api.token=${POSTMARK_API_TOKEN}\r\n"},
		{"postmark.api.token=${POSTMARK_API_TOKEN:}\\t\n",
			"Postmark token ends with a tab after the placeholder",
			"postmark.api.token=${POSTMARK_API_TOKEN:}\n"},
		{"postmark.api.token=${POSTMARK_API_TOKEN:" + fixToken + "}\t\n",
			"Postmark token ends with a tab after the placeholder; java.util.Properties and Spring Boot keep blanks at the end of a .properties value",
			"postmark.api.token=${POSTMARK_API_TOKEN:" + fixToken + "}\n"},
	} {
		f, findings := lintSource("application-prod.properties", []byte(tc.src))
		if len(findings) != 1 || findings[0].Message != tc.msg || findings[0].Fix == nil {
			t.Errorf("%q: findings %s, want one fixable %q", tc.src, describe(findings), tc.msg)
			continue
		}
		edits, _ := lint.SelectFixes(findings)
		if got := string(lint.ApplyEdits(f.Src, edits)); got != tc.fixed {
			t.Errorf("%q: fixed to %q, want %q", tc.src, got, tc.fixed)
		}
	}
	// YAML plain scalars lose their trailing blanks; .env expansion is
	// the shell's business: neither is reported.
	for _, c := range []struct{ name, src string }{
		{"config/production.yaml", "postmark:\n  token: \"${POSTMARK_API_TOKEN} \"\n"},
		{".env.production", "POSTMARK_API_TOKEN=\"${POSTMARK_TOKEN} \"\n"},
	} {
		if _, findings := lintSource(c.name, []byte(c.src)); len(findings) != 0 {
			t.Errorf("%s: %s", c.name, describe(findings))
		}
	}
}
