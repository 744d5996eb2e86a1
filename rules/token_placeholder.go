package rules

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var TokenPlaceholder = &lint.Rule{
	ID:    "token-placeholder",
	Title: "Postmark token is empty or a placeholder",
	Doc: `An empty value or template text such as your-postmark-token, xxxx, <token>,
changeme or Postmark's own 111-YOUR-SERVER-TOKEN-0000-000000, or a value of
the token's shape that a person typed (12345678-90ab-cdef-1234-567890abcdef,
aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, all zeros), means that the real token
was never filled in: every send fails with "Invalid API Token".
Placeholders are normal in example and template files (.env.example,
*.sample.*), so the rule is silent there and in development and test
environments.`,
	Severity:      lint.Warning,
	ByEnvironment: true,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=your-postmark-server-token\n",
		Good: "POSTMARK_SERVER_TOKEN=55b4c0a7-f061-4ec6-96b5-b8cec30d2a40\n",
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
	if _, comment := commentKept(e, c); c == TestToken || pasted(c) != "" || comment {
		return // token-format names what was pasted, or the comment kept
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
	case patterned(lower):
		return "a pattern, not a random value"
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

// patterned reports a token-shaped value that a person typed as an
// example: every group one character repeated (aaaaaaaa-bbbb-cccc-...),
// one character repeated but for a counter at the end (...-000000000001),
// every group a run of consecutive digits, up or down, through
// 0123456789abcdef, 1234567890abcdef or 0123456789, each one cycled
// (12345678-90ab-cdef-1234-567890abcdef, 01234567-89ab-cdef-0123-...,
// 12345678-1234-1234-1234-123456789012), or the digits one short unit
// written again and again (deadbeef-dead-beef-dead-beefdeadbeef,
// abcdabcd-abcd-abcd-abcd-abcdabcdabcd). A random token is none of these,
// bar odds far below one in a billion.
func patterned(lower string) bool {
	groups := strings.Split(lower, "-")
	if len(groups) != 5 || len(lower) != tokenLen {
		return false
	}
	return all(groups, repeatedRun) || all(groups, consecutive) || counter(lower) || repeatedUnit(lower)
}

// repeatedUnit reports hex digits that are one unit of at most 8
// characters over and over: "deadbeef" four times, "abcd" eight times.
func repeatedUnit(lower string) bool {
	digits := strings.ReplaceAll(lower, "-", "")
	for n := 1; n <= 8; n++ {
		if len(digits)%n == 0 && strings.Repeat(digits[:n], len(digits)/n) == digits {
			return true
		}
	}
	return false
}

// counter reports one character repeated but for a short number at the
// end: 00000000-0000-0000-0000-000000000001, ffffffff-...-ffffffff0042.
func counter(lower string) bool {
	digits := strings.ReplaceAll(lower, "-", "")
	return repeatedRun(digits[:len(digits)-4])
}

func all(groups []string, ok func(string) bool) bool {
	for _, g := range groups {
		if !ok(g) {
			return false
		}
	}
	return true
}

// repeatedRun reports one character written again and again: "dddd".
func repeatedRun(g string) bool { return g != "" && strings.Count(g, g[:1]) == len(g) }

// runCycles are the orders that people type digits in.
var runCycles = []string{"0123456789abcdef", "1234567890abcdef", "0123456789"}

// consecutive reports a run of characters that follow each other in one
// of runCycles, wrapping around, in either direction: "90ab", "cdef1234",
// "3210".
func consecutive(g string) bool {
	for _, cycle := range runCycles {
		for _, step := range []int{1, len(cycle) - 1} {
			if followsIn(g, cycle, step) {
				return true
			}
		}
	}
	return false
}

func followsIn(g, cycle string, step int) bool {
	if len(g) < 2 {
		return false
	}
	for i := 1; i < len(g); i++ {
		a, b := strings.IndexByte(cycle, g[i-1]), strings.IndexByte(cycle, g[i])
		if a < 0 || b < 0 || (a+step)%len(cycle) != b {
			return false
		}
	}
	return true
}
