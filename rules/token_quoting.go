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
	v := strings.TrimFunc(e.Value, isBlank)
	off := strings.Index(e.Value, v)
	first, n := utf8.DecodeRuneInString(v)
	last, m := utf8.DecodeLastRuneInString(v)
	var f *lint.Finding
	switch {
	case v == "":
		return
	case len(v) > n && isQuote(first) && first == last || isTypographic(first) && isTypographic(last) && len(v) > n:
		f = p.Report(e, valueSpan(e, off, off+len(v)), "Postmark token is wrapped in %s that %s keeps as part of the value", quoteName(first, last), loader(e))
	case isQuote(first):
		f = p.Report(e, valueSpan(e, off, off+n), "Postmark token starts with an unbalanced %s", quoteName(first, 0))
	case isQuote(last):
		f = p.Report(e, valueSpan(e, off+len(v)-m, off+len(v)), "Postmark token ends with an unbalanced %s", quoteName(last, 0))
	default:
		for i, r := range v {
			if isQuote(r) {
				f = p.Report(e, valueSpan(e, off+i, off+i+utf8.RuneLen(r)), "Postmark token contains %s at character %d", quoteName(r, 0), charIndex(v, i))
				break
			}
		}
	}
	if f != nil {
		// The same rewrite as token-whitespace's, so that both rules' fixes
		// of one value are one edit.
		f.Fix = tokenFix(e)
	}
}

func isTypographic(r rune) bool { _, ok := typographicQuotes[r]; return ok }

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
	switch e.File.Format {
	case lint.Dotenv:
		return "godotenv"
	case lint.YAML:
		return "the YAML loader"
	case lint.TOML:
		return "the TOML loader"
	}
	return "the loader"
}
