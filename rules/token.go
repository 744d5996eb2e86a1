package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

// TestToken is Postmark's public test token: accepted, never delivered.
const TestToken = "POSTMARK_API_TEST"

// invisibles are characters that a chat window or a word processor slips
// into a pasted token and that no editor shows.
var invisibles = map[rune]string{
	0x00A0: "no-break space",
	0x00AD: "soft hyphen",
	0x200B: "zero-width space",
	0x200C: "zero-width non-joiner",
	0x200D: "zero-width joiner",
	0x2060: "word joiner",
	0xFEFF: "byte order mark",
	0x202F: "narrow no-break space",
	0x2028: "line separator",
	0x2029: "paragraph separator",
	0x0085: "next line",
	0x3000: "ideographic space",
}

// blankName names a character that is whitespace or invisible, or returns
// "" for any other.
func blankName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	case '\r':
		return "a carriage return (CR)"
	case '\n':
		return "a line feed (LF)"
	case '\v', '\f':
		return fmt.Sprintf("a control character (U+%04X)", r)
	}
	if name, ok := invisibles[r]; ok {
		return fmt.Sprintf("%s %s (U+%04X)", article(name), name, r)
	}
	if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
		return fmt.Sprintf("an invisible character (U+%04X)", r)
	}
	return ""
}

func article(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

func isBlank(r rune) bool { return blankName(r) != "" }

// core is the token as the user meant it: the effective value without
// blanks at its ends, without invisible characters inside and without
// surrounding quotes of any kind. token-format and token-placeholder judge
// the core, so that one pasting mistake is reported once, by the rule that
// names it. A plain space inside stays: "Bearer " is token-format's.
func core(v string) string {
	v = strings.TrimFunc(v, isBlank)
	v = strings.Map(func(r rune) rune {
		if r != ' ' && isBlank(r) {
			return -1
		}
		return r
	}, v)
	for {
		r, n := utf8.DecodeRuneInString(v)
		l, m := utf8.DecodeLastRuneInString(v)
		switch {
		case len(v) >= 2 && isQuote(r) && isQuote(l):
			v = v[n : len(v)-m]
		case len(v) >= 1 && isQuote(r):
			v = v[n:]
		case len(v) >= 1 && isQuote(l):
			v = v[:len(v)-m]
		default:
			return v
		}
	}
}

var typographicQuotes = map[rune]string{
	'“': "left double quotation mark", '”': "right double quotation mark",
	'„': "double low-9 quotation mark", '‟': "double high-reversed-9 quotation mark",
	'‘': "left single quotation mark", '’': "right single quotation mark",
	'‚': "single low-9 quotation mark", '‛': "single high-reversed-9 quotation mark",
	'«': "left-pointing double angle quotation mark", '»': "right-pointing double angle quotation mark",
	'‹': "single left-pointing angle quotation mark", '›': "single right-pointing angle quotation mark",
	'″': "double prime", '′': "prime", '＂': "fullwidth quotation mark", '＇': "fullwidth apostrophe",
}

func isQuote(r rune) bool {
	_, typo := typographicQuotes[r]
	return typo || r == '"' || r == '\'' || r == '`'
}

// checked reports whether an entry's value is the kind the token rules
// judge: not a reference to a secret held elsewhere.
func checked(e *lint.Entry) bool { return !e.Ref }

// valueSpan maps the byte range [i, j) of the effective value to the
// source. Where the value is not written literally (escapes, folding) the
// whole value's span is the best place to point at.
func valueSpan(e *lint.Entry, i, j int) lint.Span {
	src := e.File.Src[e.Inner.Start:e.Inner.End]
	if string(src) == e.Value {
		return lint.Span{Start: e.Inner.Start + i, End: e.Inner.Start + j}
	}
	return valueWhole(e)
}

// valueWhole is the span of the whole value; an empty value points at the
// place it would be written.
func valueWhole(e *lint.Entry) lint.Span {
	if e.Inner.Len() == 0 && e.Raw.Len() > 0 {
		return e.Raw
	}
	return e.Inner
}

// charIndex is the 1-based character position of byte offset i in s.
func charIndex(s string, i int) int { return utf8.RuneCountInString(s[:i]) + 1 }

// tokenShaped reports an 8-4-4-4-12 hexadecimal value in either case: what
// Postmark issues, give or take the case.
func tokenShaped(c string) bool {
	if len(c) != tokenLen || !isPrefixShape(c) {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] != '-' && !isHex(c[i]) {
			return false
		}
	}
	return placeholder(c) == ""
}
