package lint

import (
	"fmt"
	"regexp"
	"strconv"
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
		if IsTokenByte(c) {
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

// IsTokenByte reports whether c can be part of a run RedactText weighs:
// a letter, a digit, a dash or an underscore.
func IsTokenByte(c byte) bool {
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
	if IsBlank(r) {
		return fmt.Sprintf("⟨U+%04X⟩", r)
	}
	return string(r)
}

// IsInvisible reports whitespace and format characters (no-break and
// zero-width spaces, a BOM, a soft hyphen): what a chat window or a word
// processor slips into a pasted value where no one sees it.
func IsInvisible(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// IsBlank reports a character that Visible has to render: an invisible
// one or a control character.
func IsBlank(r rune) bool { return IsInvisible(r) || unicode.IsControl(r) }

// TypographicQuotes are the quote characters that a document or a chat
// puts around or into a pasted value; no format reads them as quotes.
const TypographicQuotes = "“”„‟‘’‚‛«»‹›″′＂＇"

// IsQuote reports a quote character: one a format reads (" ' `) or a
// typographic one.
func IsQuote(r rune) bool { return strings.ContainsRune("\"'`"+TypographicQuotes, r) }

// RedactValue renders a secret value as written in a file, for a report
// or a diff: at most its last 4 characters, after Redact's rule, and
// everything around them that is not the token itself shown where it is,
// so that a removed blank is never hidden by the redaction and never
// taken for the token: blanks by name (Visible), quotes as they are, and
// escapes that stand for a blank (\t, \u200b) or a quote (\") as written.
// "3f0c…4f19\t" is "…4f19\t"; "\u00a03f0c…4f19" is "⟨U+00A0⟩…4f19";
// a blank inside the value shows between two cuts: "…⟨U+200B⟩…4f19".
func RedactValue(written string) string {
	// Two passes over the value, so that a megabyte-long one costs no
	// more memory than a short one: count the secret runes, then show the
	// last 4 of them, none of a short value, and every run of hidden ones
	// as one "…".
	secrets := 0
	eachUnit(written, func(_ string, secret bool) {
		if secret {
			secrets++
		}
	})
	show := 0
	if secrets > 8 {
		show = 4
	}
	var b strings.Builder
	seen, cut := 0, false
	eachUnit(written, func(text string, secret bool) {
		switch {
		case !secret:
			b.WriteString(text)
			cut = false
		case seen >= secrets-show:
			b.WriteString(text)
		case !cut:
			b.WriteString("…")
			cut = true
		}
		if secret {
			seen++
		}
	})
	return b.String()
}

// eachUnit splits a written value into units: a secret rune, or a piece
// of text shown as it is (a blank by name, a quote, an escape of a blank).
func eachUnit(written string, fn func(text string, secret bool)) {
	for i := 0; i < len(written); {
		if n := blankEscape(written[i:]); n > 0 {
			fn(written[i:i+n], false)
			i += n
			continue
		}
		if q, size := utf8.DecodeRuneInString(written[min(i+1, len(written)):]); written[i] == '\\' && i+1 < len(written) && IsQuote(q) {
			fn(written[i:i+1+size], false) // an escaped quote (\" in JSON, YAML, TOML, HCL) is a quote
			i += 1 + size
			continue
		}
		c, size := utf8.DecodeRuneInString(written[i:])
		switch {
		case IsBlank(c):
			fn(Visible(c), false)
		case IsQuote(c):
			fn(string(c), false)
		default:
			fn(written[i:i+size], true)
		}
		i += size
	}
}

var (
	shortEscapes = map[byte]rune{
		't': '\t', 'n': '\n', 'r': '\r', 'f': '\f', 'v': '\v', 'b': '\b', 'a': '\a', 'e': 0x1b, '0': 0,
		' ': ' ', '_': 0xA0, 'N': 0x85, 'L': 0x2028, 'P': 0x2029,
	}
	hexEscapes = map[byte]int{'x': 2, 'u': 4, 'U': 8} // digits after the letter
)

// blankEscape is the length of a backslash escape at the start of s that
// stands for a blank in YAML, TOML or .env double quotes (\t, \n, \u200b,
// \x09, YAML's \_ and \N), or 0.
func blankEscape(s string) int {
	if len(s) < 2 || s[0] != '\\' {
		return 0
	}
	r, n := rune(-1), 2
	if c, ok := shortEscapes[s[1]]; ok {
		r = c
	} else if digits := hexEscapes[s[1]]; digits > 0 && len(s) >= 2+digits {
		if v, err := strconv.ParseUint(s[2:2+digits], 16, 32); err == nil {
			r, n = rune(v), 2+digits
		}
	}
	if r < 0 || !IsBlank(r) {
		return 0
	}
	return n
}

// QuotePath is a path as a line of text shows it: redacted (RedactPath),
// and Go-quoted when it holds a line break, another control character or
// invalid UTF-8, so that a message that names a file stays one line,
// whatever the file is called.
func QuotePath(p string) string {
	p = RedactPath(p)
	if !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl) {
		return strconv.Quote(p)
	}
	return p
}
