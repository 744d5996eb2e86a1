package lint

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenShape is a Postmark token's shape (8-4-4-4-12 hex), in either case.
var tokenShape = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// Redact shows at most the last 4 characters of a secret: "…6a7b". Values
// of 8 characters or fewer show none of them.
func Redact(v string) string {
	n := utf8.RuneCountInString(v)
	if n <= 8 {
		return "…"
	}
	r := []rune(v)
	return "…" + string(r[n-4:])
}

// RedactPath is a path as every output shows it, in reports, diffs,
// baselines and messages: each token-shaped run (8-4-4-4-12 hex, either
// case) in a file or folder name cut to its last 4 characters. It cuts
// only that shape, not every run RedactText would, because a report's
// path must still lead to the file (problem matchers, code scanning,
// annotations): "node20-alpine3" is a folder, a UUID is treated as a
// token. Fingerprints hash the path whole, so files stay apart.
func RedactPath(p string) string {
	if len(p) < 36 {
		return p
	}
	return tokenShape.ReplaceAllStringFunc(p, Redact)
}

// RedactText is the last line of defence for text that may quote a file
// (parser messages, source lines): every run of 12 or more letters,
// digits, dashes and underscores that mixes at least 3 digits and 3
// letters, the shape of any token, is cut to its last 4 characters.
func RedactText(s string) string {
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		run := s[start:end]
		if looksSecret(run) {
			b.WriteString(Redact(run))
		} else {
			b.WriteString(run)
		}
		start = -1
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isTokenByte(c) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteByte(c)
	}
	flush(len(s))
	return b.String()
}

func isTokenByte(c byte) bool {
	return c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func looksSecret(run string) bool {
	if len(run) < 12 {
		return false
	}
	if tokenShape.MatchString(run) {
		return true // a UUID is a token whatever its mix: 00000000-...-000000000001
	}
	digits, letters := 0, 0
	for i := 0; i < len(run); i++ {
		switch c := run[i]; {
		case '0' <= c && c <= '9':
			digits++
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letters++
		}
	}
	return digits >= 3 && letters >= 3
}

// Visible renders a character so that a reader sees it: a space, tab, CR
// or LF as a glyph (␠ ␉ ␍ ␊), any other whitespace, format or control
// character (no-break and zero-width spaces, a BOM) by its code point
// (⟨U+200B⟩), and everything else as itself.
func Visible(r rune) string {
	switch r {
	case ' ':
		return "␠"
	case '\t':
		return "␉"
	case '\r':
		return "␍"
	case '\n':
		return "␊"
	}
	if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
		return fmt.Sprintf("⟨U+%04X⟩", r)
	}
	return string(r)
}

// IsBlank reports a character that Visible has to render: whitespace and
// characters no editor shows.
func IsBlank(r rune) bool { return Visible(r) != string(r) }
