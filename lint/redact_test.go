package lint

import (
	"strings"
	"testing"
)

// A token-shaped run is cut however few letters it holds; FuzzLint found
// 00000000-0000-0000-0000-000000000001 quoted whole in a text excerpt
// (testdata/fuzz/FuzzLint/835e08f5d131c482).
func TestRedactTextTokenShapes(t *testing.T) {
	for _, tok := range []string{
		"00000000-0000-0000-0000-000000000001",
		"12345678-9012-3456-7890-123456789012",
		"ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB",
	} {
		for _, in := range []string{tok, "x: " + tok + "$A000: 1", "postmark+api://" + tok + "@default"} {
			if got := RedactText(in); strings.Contains(got, tok[:9]) || strings.Contains(got, tok[len(tok)-9:]) {
				t.Errorf("RedactText(%q) = %q, keeps the token", in, got)
			}
		}
	}
	// Long numbers and words are not tokens.
	for _, in := range []string{"1234567890123456", "mapping-values-are-not-allowed"} {
		if got := RedactText(in); got != in {
			t.Errorf("RedactText(%q) = %q, want it unchanged", in, got)
		}
	}
}

// RedactPath cuts token-shaped names and leaves the rest of a path as it
// is, so that the path still leads to the file.
func TestRedactPath(t *testing.T) {
	for in, want := range map[string]string{
		"keys-3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19/.env":                                "keys-…4f19/.env",
		"3F0C9A51-7D2E-4B8A-9C61-0E5D7A2B4F19.env":                                      "…4F19.env",
		"a/3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19/b/3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f20": "a/…4f19/b/…4f20",
		"docker/node20-alpine3/ubuntu-22-04-base/.env.production":                       "docker/node20-alpine3/ubuntu-22-04-base/.env.production",
		".env": ".env",
	} {
		if got := RedactPath(in); got != want {
			t.Errorf("RedactPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := QuotePath("x/3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\n.env"); got != `"x/…4f19\n.env"` {
		t.Errorf("QuotePath = %s, want the path redacted and quoted", got)
	}
}

// RedactValue shows the last 4 characters of the token and, around them,
// what is not the token: blanks by name, quotes, escapes of blanks as
// written. An escape of anything else is part of the secret.
func TestRedactValue(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	for in, want := range map[string]string{
		tok:                            "…4f19",
		tok + " ":                      "…4f19␠",
		tok + `\t`:                     `…4f19\t`,
		tok + `\u200B\x09`:             `…4f19\u200B\x09`,
		`\_` + tok:                     `\_…4f19`,
		"\u00a0" + tok:                 "⟨U+00A0⟩…4f19",
		"“" + tok + "”":                "“…4f19”",
		tok[:13] + "\u200b" + tok[13:]: "…⟨U+200B⟩…4f19",
		tok[:34] + "\u200b" + tok[34:]: "…4f⟨U+200B⟩19",
		tok + `\u0041`:                 "…0041",
		`\x41\x42\x43\x44\x45`:         `…\x45`,
		"short":                        "…",
		"a b":                          "…␠…",
		`\"` + tok + `\"`:              `\"…4f19\"`, // an escaped quote is a quote, shown as written
		`\'` + tok + `'`:               `\'…4f19'`,
	} {
		if got := RedactValue(in); got != want {
			t.Errorf("RedactValue(%q) = %q, want %q", Redact(in), got, want)
		}
	}
}

// TestCharacterClasses pins the one definition of blank, invisible and
// quote characters that redaction, --diff and the token rules share.
func TestCharacterClasses(t *testing.T) {
	for _, tc := range []struct {
		r                       rune
		invisible, blank, quote bool
	}{
		{' ', true, true, false},
		{'\t', true, true, false},
		{'\r', true, true, false},
		{0xA0, true, true, false},   // no-break space
		{0xAD, true, true, false},   // soft hyphen
		{0x200B, true, true, false}, // zero-width space
		{0xFEFF, true, true, false}, // BOM
		{0x3000, true, true, false}, // ideographic space
		{0x00, false, true, false},  // control characters are blank (shown
		{0x1B, false, true, false},  // by code) but not what a paste slips
		{0x7F, false, true, false},  // into a token unseen
		{'"', false, false, true},
		{'\'', false, false, true},
		{'`', false, false, true},
		{'“', false, false, true},
		{'»', false, false, true},
		{'′', false, false, true},
		{'＇', false, false, true},
		{'a', false, false, false},
		{'-', false, false, false},
		{'…', false, false, false},
	} {
		if IsInvisible(tc.r) != tc.invisible || IsBlank(tc.r) != tc.blank || IsQuote(tc.r) != tc.quote {
			t.Errorf("%U: IsInvisible %v, IsBlank %v, IsQuote %v; want %v, %v, %v",
				tc.r, IsInvisible(tc.r), IsBlank(tc.r), IsQuote(tc.r), tc.invisible, tc.blank, tc.quote)
		}
		if IsBlank(tc.r) != (Visible(tc.r) != string(tc.r)) {
			t.Errorf("%U: IsBlank and Visible disagree", tc.r)
		}
	}
	for _, q := range TypographicQuotes {
		if !IsQuote(q) || q < 0x80 {
			t.Errorf("%U in TypographicQuotes: IsQuote %v", q, IsQuote(q))
		}
	}
}
