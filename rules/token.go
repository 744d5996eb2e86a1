package rules

import (
	"fmt"
	"strings"
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

// blankName names a character that lint.IsInvisible reports, or returns
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
	if lint.IsInvisible(r) {
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

// core is the token as the user meant it: the effective value without
// blanks at its ends, without invisible characters inside and without
// quotes of any kind, around it or inside it. token-format and
// token-placeholder judge the core, so that one pasting mistake is
// reported once, by the rule that names it. A plain space inside stays:
// "Bearer " is token-format's.
func core(v string) string {
	v = strings.Map(func(r rune) rune {
		if r != ' ' && lint.IsInvisible(r) || lint.IsQuote(r) {
			return -1
		}
		return r
	}, v)
	return strings.TrimFunc(v, lint.IsInvisible)
}

// checked reports whether an entry's value is the kind the token rules
// judge: not a reference to a secret held elsewhere.
func checked(e *lint.Entry) bool { return !e.Ref }

// valueSpan maps the byte range [i, j) of the effective value to the
// source. Where the format cannot say how the value is written (YAML
// escapes, folding) the whole value's span is the best place to point at.
func valueSpan(e *lint.Entry, i, j int) lint.Span {
	if s, ok := e.File.ValueSpan(e.Inner, e.Value, i, j); ok {
		return s
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

// tokenFix rewrites an entry's value as the token the user meant, where
// that is unambiguous: blanks trimmed at the ends, quotes that the loader
// keeps removed, and invisible characters or stray quotes inside removed
// only when what is left has the exact token shape (so no character is
// missing). The whole value is rewritten from the loader's effective value
// in a form that every quoting reads literally, so escapes never need
// mapping back to bytes; a fix is offered only if reloading the fixed file
// yields the intended token and every other value unchanged.
func tokenFix(e *lint.Entry) *lint.Fix {
	if e.Ref || e.Detection == lint.ByDSN || e.Pair == nil || e.Pair.Tag != "" || e.Value != e.Pair.Value && e.Inner == e.Pair.Inner {
		return nil // the value is not written as it is read (a DSN part, base64)
	}
	want, steps, dequoted := intended(e.Value)
	if want == e.Value || !literalSafe(want) {
		return nil
	}
	edit, step, ok := rewrite(e, want, dequoted)
	if !ok {
		return nil
	}
	if step != "" {
		steps = append(steps, step)
	}
	fix := &lint.Fix{Message: joinSteps(steps), Edits: []lint.Edit{edit}}
	if !lint.FixKeepsValues(e.File, fix.Edits, want) {
		return nil
	}
	return fix
}

// intended is the token the user meant and the steps that lead there, or
// v itself where that would be a guess; dequoted says whether quotes at
// its ends were removed.
func intended(v string) (want string, steps []string, dequoted bool) {
	for {
		t := strings.TrimLeftFunc(v, lint.IsInvisible)
		if t != v {
			steps = append(steps, "trim the leading "+blanksName(v[:len(v)-len(t)]))
		}
		u := strings.TrimRightFunc(t, lint.IsInvisible)
		if u != t {
			steps = append(steps, "trim the trailing "+blanksName(t[len(u):]))
		}
		r, n := utf8.DecodeRuneInString(u)
		l, m := utf8.DecodeLastRuneInString(u)
		switch {
		case len(u) > n && lint.IsQuote(r) && lint.IsQuote(l):
			steps = append(steps, "remove the "+quoteName(r, l))
			v, dequoted = u[n:len(u)-m], true
		case lint.IsQuote(r):
			steps = append(steps, "remove the unbalanced "+quoteName(r, 0))
			v, dequoted = u[n:], true
		case lint.IsQuote(l):
			steps = append(steps, "remove the unbalanced "+quoteName(l, 0))
			v, dequoted = u[:len(u)-m], true
		default:
			want, steps = inside(u, steps)
			return want, steps, dequoted
		}
	}
}

// inside removes invisible characters and quotes within the value, but
// only when the result is token-shaped: a character that replaced one of
// the token's is not put back by guessing.
func inside(v string, steps []string) (string, []string) {
	stray := func(r rune) bool { return r != ' ' && lint.IsInvisible(r) || lint.IsQuote(r) }
	i := strings.IndexFunc(v, stray)
	if i < 0 {
		return v, steps
	}
	r, _ := utf8.DecodeRuneInString(v[i:])
	out := strings.Map(func(r rune) rune {
		if stray(r) {
			return -1
		}
		return r
	}, v)
	if !tokenShaped(out) {
		return v, nil
	}
	what := blankName(r)
	if lint.IsQuote(r) {
		what = quoteName(r, 0)
	}
	return out, append(steps, "remove the "+strings.TrimPrefix(strings.TrimPrefix(what, "an "), "a ")+" inside")
}

// blanksName names trimmed blanks: "space", "line feed (LF)", or
// "whitespace" for several.
func blanksName(s string) string {
	if r, n := utf8.DecodeRuneInString(s); n == len(s) {
		return strings.TrimPrefix(strings.TrimPrefix(blankName(r), "an "), "a ")
	}
	return "whitespace"
}

func joinSteps(steps []string) string {
	switch len(steps) {
	case 0:
		return ""
	case 1:
		return steps[0]
	}
	return strings.Join(steps[:len(steps)-1], ", ") + " and " + steps[len(steps)-1]
}

// literalSafe is a value that every quoting of every format reads as
// written: no escapes, no expansion, no comment, no quote.
func literalSafe(v string) bool {
	if v == "" {
		return false
	}
	for _, c := range []byte(v) {
		if !(isHex(c) || 'g' <= c && c <= 'z' || 'G' <= c && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// rewrite is the edit that writes want in place of the entry's value, and
// the step it adds when it changes how the value is written.
func rewrite(e *lint.Entry, want string, unquote bool) (lint.Edit, string, bool) {
	src := e.File.Src
	inner := string(src[e.Inner.Start:e.Inner.End])
	dotenv := e.File.Format == lint.Dotenv
	// The default inside a placeholder is written bare, in any format.
	bare := e.File.Format == lint.Properties || e.Inner != e.Pair.Inner
	switch e.Quote {
	case lint.SingleQuoted, lint.DoubleQuoted:
		if dotenv && e.Quote == lint.DoubleQuoted && strings.Contains(inner, "$") {
			return lint.Edit{}, "", false // godotenv expands it: not the value as written
		}
		return lint.Edit{Span: e.Inner, New: want}, "", true
	case lint.Unquoted:
		if dotenv && strings.Contains(inner, "$") {
			return lint.Edit{}, "", false
		}
		if unquote && !bare {
			// Quotes the loader kept become the format's own quotes;
			// .properties has none.
			return lint.Edit{Span: e.Inner, New: `"` + want + `"`}, "", true
		}
		if e.File.Format == lint.YAML && !bare {
			return lint.Edit{Span: e.Inner, New: yamlScalar(want)}, "", true
		}
		// The value's own characters: a .properties value's line may end
		// in a continuation to an empty line, which stays.
		span := e.Inner
		if s, ok := e.File.ValueSpan(e.Inner, e.Value, 0, len(e.Value)); ok {
			span = s
		}
		return lint.Edit{Span: span, New: want}, "", true
	case lint.Backtick:
		return lint.Edit{Span: e.Raw, New: `"` + want + `"`}, "", true
	case lint.LiteralBlock, lint.FoldedBlock:
		if e.File.Format != lint.YAML {
			// A Terraform heredoc.
			return lint.Edit{Span: e.Raw, New: `"` + want + `"`}, "write it as a quoted string", true
		}
		header, _, _ := strings.Cut(string(src[e.Raw.Start:e.Raw.End]), "\n")
		comment := ""
		if i := strings.Index(header, "#"); i >= 0 {
			comment = " " + strings.TrimRight(header[i:], " \t\r")
		}
		return lint.Edit{Span: e.Raw, New: yamlScalar(want) + comment}, "write it as a scalar on the key's line", true
	case lint.MultilineBasic, lint.MultilineLiteral:
		return lint.Edit{Span: e.Raw, New: `"` + want + `"`}, "write it as a basic string", true
	}
	return lint.Edit{}, "", false
}

// yamlScalar writes a token plain, and anything that a YAML resolver might
// read as a number, a date or a boolean in double quotes.
func yamlScalar(v string) string {
	if tokenShaped(v) || v == TestToken {
		return v
	}
	return `"` + v + `"`
}
