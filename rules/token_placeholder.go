package rules

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var TokenPlaceholder = &lint.Rule{
	ID:    "token-placeholder",
	Title: "Postmark token is empty or a placeholder",
	Doc: `An empty value or template text such as your-postmark-token, xxxx, <token>,
changeme or Postmark's own 111-YOUR-SERVER-TOKEN-0000-000000 means that the
real token was never filled in: every send fails with "Invalid API Token".
Placeholders are normal in example and template files (.env.example,
*.sample.*), so the rule is silent there and in development and test
environments.`,
	Severity:      lint.Warning,
	ByEnvironment: true,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=your-postmark-server-token\n",
		Good: "POSTMARK_SERVER_TOKEN=12345678-90ab-cdef-1234-567890abcdef\n",
	}, {
		File: "config/production.yaml",
		Bad:  "postmark:\n  api_token: \"\"\n",
		Good: "postmark:\n  api_token: ${POSTMARK_API_TOKEN}\n",
	}},
	CheckEntry: checkPlaceholder,
}

func checkPlaceholder(p *lint.Pass, e *lint.Entry) {
	if !checked(e) {
		return
	}
	if len(e.Value) > maxTokenBytes {
		return // token-format reports its length
	}
	c := core(e.Value)
	if c == "" {
		p.Reportf(e, valueWhole(e), "Postmark token is empty")
		return
	}
	if c == TestToken || pasted(c) != "" {
		return // token-format names what was pasted
	}
	if why := placeholder(c); why != "" {
		p.Reportf(e, valueWhole(e), "Postmark token is a placeholder (%s), not a token", why)
	}
}

// placeholderWords are words of template text. Every one has a letter
// beyond a-f, so no word of a real (hexadecimal) token can be one.
var placeholderWords = map[string]bool{
	"your": true, "changeme": true, "change": true, "todo": true, "fixme": true, "tbd": true,
	"replace": true, "placeholder": true, "example": true, "sample": true, "dummy": true,
	"fake": true, "insert": true, "redacted": true, "secret": true, "token": true, "key": true,
	"password": true, "here": true, "test": true, "null": true, "none": true, "nil": true,
	"empty": true, "demo": true, "foo": true, "bar": true, "xxx": true, "xxxx": true,
	"server": true, "api": true, "my": true, "put": true, "paste": true, "enter": true,
	"postmark": true, "missing": true, "notset": true, "unset": true, "required": true,
}

// placeholder says why a value is template text, or "" when it is not.
func placeholder(c string) string {
	lower := strings.ToLower(c)
	switch {
	case len(c) >= 2 && (c[0] == '<' && c[len(c)-1] == '>' || c[0] == '[' && c[len(c)-1] == ']'):
		return "text in brackets"
	case strings.Contains(lower, "..."), strings.Contains(lower, "…"):
		return "an ellipsis"
	case repeated(lower):
		return "one character repeated"
	}
	for _, w := range lint.Words(lower) {
		if placeholderWords[w] || len(w) >= 3 && strings.Trim(w, "x") == "" {
			return "the word \"" + w + "\""
		}
	}
	return ""
}

// repeated reports a value made of one character, dashes aside:
// xxxxxxxx, ********, 00000000-0000-0000-0000-000000000000.
func repeated(s string) bool {
	s = strings.ReplaceAll(s, "-", "")
	if len(s) < 4 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}
