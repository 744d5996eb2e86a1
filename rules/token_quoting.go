package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

var TokenQuoting = &lint.Rule{
	ID:    "token-quoting",
	Title: "Postmark token carries quotes that the loader keeps",
	Doc: `Quotes that the loader keeps become part of the token, and Postmark rejects
it: typographic quotes pasted from a document or chat (“…”, ‘…’), quotes
inside quotes ("'abc'" loads as 'abc'), back-ticks in a .env file (godotenv
does not treat them as quotes), and an unbalanced quote at one end.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=“37c77e79-5f95-474c-80d5-4a37c79af857”\n",
		Good: "POSTMARK_SERVER_TOKEN=\"37c77e79-5f95-474c-80d5-4a37c79af857\"\n",
	}, {
		File: "config/production.toml",
		Bad:  "[postmark]\nserver_token = \"'37c77e79-5f95-474c-80d5-4a37c79af857'\"\n",
		Good: "[postmark]\nserver_token = '37c77e79-5f95-474c-80d5-4a37c79af857'\n",
	}},
	CheckEntry: checkQuoting,
	Fixable:    true,
}

func checkQuoting(p *lint.Pass, e *lint.Entry) {
	if !checked(e) {
		return
	}
	v := strings.TrimFunc(e.Value, lint.IsInvisible)
	off := strings.Index(e.Value, v)
	first, n := utf8.DecodeRuneInString(v)
	last, m := utf8.DecodeLastRuneInString(v)
	var span lint.Span
	var msg string
	switch {
	case v == "":
		return
	case len(v) > n && lint.IsQuote(first) && first == last || isTypographic(first) && isTypographic(last) && len(v) > n:
		span, msg = valueSpan(e, off, off+len(v)), fmt.Sprintf("Postmark token is wrapped in %s that %s keeps as part of the value", quoteName(first, last), loader(e))
	case lint.IsQuote(first):
		span, msg = valueSpan(e, off, off+n), fmt.Sprintf("Postmark token starts with an unbalanced %s", quoteName(first, 0))
	case lint.IsQuote(last):
		span, msg = valueSpan(e, off+len(v)-m, off+len(v)), fmt.Sprintf("Postmark token ends with an unbalanced %s", quoteName(last, 0))
	default:
		i := strings.IndexFunc(v, lint.IsQuote)
		if i < 0 {
			return
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		name := quoteName(r, 0)
		span, msg = valueSpan(e, off+i, off+i+size), fmt.Sprintf("Postmark token contains %s %s at character %d", article(name), name, charIndex(v, i))
	}
	// The same rewrite as token-whitespace's, so that both rules' fixes of
	// one value are one edit.
	p.Report(lint.Finding{Entry: e, Span: span, Message: msg, Fix: tokenFix(e)})
}

func isTypographic(r rune) bool { return strings.ContainsRune(lint.TypographicQuotes, r) }

// quoteName names one quote character, or a pair.
func quoteName(r, closing rune) string {
	plural := closing != 0
	var name string
	switch {
	case r == '"':
		name = "double quote"
	case r == '\'':
		name = "single quote"
	case r == '`':
		name = "back-tick"
	default:
		name = fmt.Sprintf("typographic quote %c (U+%04X)", r, r)
		if plural {
			return fmt.Sprintf("typographic quotes %c…%c", r, closing)
		}
	}
	if plural {
		return name + "s"
	}
	return name
}

func loader(e *lint.Entry) string {
	ff, _ := lint.LookupFormat(e.File.Format)
	return ff.Loader
}
