package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

var TokenFormat = &lint.Rule{
	ID:    "token-format",
	Title: "Postmark token does not have the shape of a Postmark token",
	Doc: `Postmark server and account tokens are 36-character UUIDs: 8-4-4-4-12
lower-case hexadecimal digits, with no prefix. A value of another shape was
mistyped, truncated, half-pasted, pasted with a "Bearer " prefix or the
header name, followed by a comment that a .properties file keeps in the
value (a comment there takes a line of its own), contains a look-alike
character from another alphabet, or is not a Postmark token at all. Upper-case hexadecimal is a warning: Postmark
compares tokens case-insensitively, but it issues them in lower case.
Postmark's test token POSTMARK_API_TEST is accepted here.`,
	Severity:      lint.Error,
	ByEnvironment: true,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=0045a9a2-c960-4b20-b3a0-7f4e48c8b75\n",
		Good: "POSTMARK_SERVER_TOKEN=0045a9a2-c960-4b20-b3a0-7f4e48c8b756\n",
	}, {
		File: "config/production.yaml",
		Bad:  "postmark:\n  api_token: Bearer 0045a9a2-c960-4b20-b3a0-7f4e48c8b756\n",
		Good: "postmark:\n  api_token: 0045a9a2-c960-4b20-b3a0-7f4e48c8b756\n",
	}},
	CheckEntry: checkFormat,
}

const tokenLen = 36

// maxTokenBytes bounds the values the token rules look into closely: a
// pasted certificate or a megabyte line is no token, and no placeholder.
const maxTokenBytes = 1024

func checkFormat(p *lint.Pass, e *lint.Entry) {
	if !checked(e) {
		return
	}
	if len(e.Value) > maxTokenBytes {
		// Far from any token's shape: say so without scanning it further.
		p.Reportf(e, valueWhole(e), "Postmark token has %d characters; tokens have %d", utf8.RuneCountInString(e.Value), tokenLen)
		return
	}
	c := core(e.Value)
	if c == "" || c == TestToken {
		return
	}
	if what := pasted(c); what != "" {
		p.Reportf(e, valueWhole(e), "Postmark token has %s pasted in front of it; the header takes the bare token", what)
		return
	}
	if n, ok := commentKept(e, c); ok {
		span := valueWhole(e)
		if k := strings.Index(e.Value, c[:n]); k >= 0 {
			span = valueSpan(e, k+n, len(e.Value))
		}
		p.Reportf(e, span, "Postmark token is followed by a comment that java.util.Properties keeps in the value; a .properties comment takes a line of its own")
		return
	}
	if placeholder(c) != "" {
		return // token-placeholder
	}
	span := func(i, j int) lint.Span {
		if k := strings.Index(e.Value, c); k >= 0 {
			return valueSpan(e, k+i, k+j)
		}
		return valueWhole(e)
	}
	for i, r := range c {
		if r >= utf8.RuneSelf {
			p.Reportf(e, span(i, i+utf8.RuneLen(r)), "Postmark token contains %s at character %d; tokens are ASCII", lookAlike(r), charIndex(c, i))
			return
		}
	}
	n := len(c)
	for i := 0; i < n; i++ {
		if ch := c[i]; ch != '-' && !isHex(ch) {
			p.Reportf(e, span(i, i+1), "Postmark token contains %s at character %d; tokens are hexadecimal digits and dashes (8-4-4-4-12)", charName(ch), i+1)
			return
		}
	}
	groups := groupLengths(c)
	switch {
	case n < tokenLen && isPrefixShape(c):
		p.Reportf(e, span(0, n), "Postmark token has %d characters; tokens have %d (truncated?)", n, tokenLen)
	case n != tokenLen:
		p.Reportf(e, span(0, n), "Postmark token has %d characters; tokens have %d", n, tokenLen)
	case groups != "8-4-4-4-12":
		p.Reportf(e, span(0, n), "Postmark token is grouped %s; tokens are grouped 8-4-4-4-12", groups)
	case strings.ToLower(c) != c:
		p.Report(lint.Finding{Entry: e, Span: span(0, n), Severity: lint.Warning,
			Message: "Postmark token has upper-case letters; Postmark issues tokens in lower case"})
	}
}

// charName shows an ASCII character as written: 's', '\', or U+0007 for
// one that does not print.
func charName(c byte) string {
	if c < ' ' || c == 0x7F {
		return fmt.Sprintf("U+%04X", c)
	}
	return "'" + string(c) + "'"
}

// pasted names what was pasted along with the token: a header name or an
// Authorization scheme.
func pasted(c string) string {
	lower := strings.ToLower(c)
	for _, h := range []string{"x-postmark-server-token", "x-postmark-account-token"} {
		if strings.HasPrefix(lower, h) && len(c) > len(h) {
			return "the header name " + c[:len(h)]
		}
	}
	if strings.HasPrefix(lower, "bearer ") || strings.HasPrefix(lower, "bearer\t") {
		return "\"Bearer \""
	}
	// The rest of a template around a pasted token: your-<token>.
	if n := len(c) - tokenLen; n > 0 && n <= 16 && tokenShaped(lower[n:]) && printableASCII(c[:n]) && !allHexOrDash(c[:n]) {
		return fmt.Sprintf("the text %q", c[:n])
	}
	return ""
}

// commentKept reports a .properties value that is a token (or the test
// token) followed by what its author meant as a comment: "# …" or "! …"
// after it on its line, which java.util.Properties reads as part of the
// value. n is the length of the token in c.
func commentKept(e *lint.Entry, c string) (n int, ok bool) {
	if e.File.Format != lint.Properties {
		return 0, false
	}
	switch {
	case len(c) > tokenLen && tokenShaped(c[:tokenLen]):
		n = tokenLen
	case len(c) > len(TestToken) && c[:len(TestToken)] == TestToken:
		n = len(TestToken)
	default:
		return 0, false
	}
	rest := strings.TrimLeft(c[n:], " \t\f")
	return n, rest != "" && (rest[0] == '#' || rest[0] == '!')
}

func allHexOrDash(s string) bool {
	return strings.Trim(s, "0123456789abcdefABCDEF-") == ""
}

func printableASCII(s string) bool {
	for _, c := range []byte(s) {
		if c < ' ' || c >= 0x7F {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// groupLengths writes the lengths of the dash-separated groups: "8-4-4-4-12".
func groupLengths(s string) string {
	var b strings.Builder
	for i, g := range strings.Split(s, "-") {
		if i > 0 {
			b.WriteByte('-')
		}
		fmt.Fprint(&b, len(g))
	}
	return b.String()
}

// isPrefixShape reports whether s is the start of an 8-4-4-4-12 token.
func isPrefixShape(s string) bool {
	const shape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
	for i := 0; i < len(s); i++ {
		if (shape[i] == '-') != (s[i] == '-') {
			return false
		}
	}
	return true
}

// lookAlikes are the non-ASCII characters that most often stand in for a
// token's own: dashes from word processors, Cyrillic and Greek letters,
// full-width digits.
var lookAlikes = map[rune]string{
	'‐': "hyphen", '‑': "non-breaking hyphen", '‒': "figure dash", '–': "en dash",
	'—': "em dash", '−': "minus sign", '﹣': "small hyphen-minus", '－': "fullwidth hyphen-minus",
	'а': "Cyrillic a", 'е': "Cyrillic e", 'о': "Cyrillic o", 'с': "Cyrillic es", 'р': "Cyrillic er",
	'х': "Cyrillic ha", 'В': "Cyrillic Ve", 'Е': "Cyrillic Ie", 'А': "Cyrillic A", 'С': "Cyrillic Es",
	'ο': "Greek omicron", 'α': "Greek alpha", 'β': "Greek beta", 'ε': "Greek epsilon",
}

func lookAlike(r rune) string {
	if name, ok := lookAlikes[r]; ok {
		return fmt.Sprintf("a look-alike character, %s (U+%04X)", name, r)
	}
	if '０' <= r && r <= '９' {
		return fmt.Sprintf("a full-width digit %c (U+%04X)", r, r)
	}
	return fmt.Sprintf("the non-ASCII character U+%04X", r)
}
