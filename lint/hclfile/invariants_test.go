package hclfile

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
	"golang.org/x/text/unicode/norm"
)

// redact describes a value without printing it: corpus files may hold real
// tokens, so failure messages show only the length and the last 4 runes.
func redact(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return fmt.Sprintf("(len %d)", len(s))
	}
	return fmt.Sprintf("(len %d, ends %q)", len(s), string(r[len(r)-4:]))
}

// checkInvariants checks what must hold for any input: spans inside the
// file, Inner inside Raw, a non-empty key, the value of a quoted string
// literal equal to its inner text decoded, the text as written for
// numbers, bools and references, and messages without the file's bytes.
// It never prints values.
func checkInvariants(t testing.TB, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	inFile := func(s syntax.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
	for i, p := range pairs {
		where := fmt.Sprintf("pair %d (path of %d segments)", i, len(p.Path))
		if len(p.Path) == 0 {
			t.Errorf("%s: empty path", where)
			continue
		}
		if !inFile(p.Raw) || !inFile(p.Inner) || !inFile(p.KeySpan) {
			t.Errorf("%s: span outside the file: key %v raw %v inner %v (len %d)", where, p.KeySpan, p.Raw, p.Inner, len(src))
			continue
		}
		if p.Inner.Start < p.Raw.Start || p.Inner.End > p.Raw.End {
			t.Errorf("%s: inner %v not within raw %v", where, p.Inner, p.Raw)
		}
		if p.KeySpan.Len() == 0 || p.KeySpan.Start < p.Raw.End && p.KeySpan.End > p.Raw.Start {
			t.Errorf("%s: key %v empty or overlapping raw %v", where, p.KeySpan, p.Raw)
		}
		raw := string(src[p.Raw.Start:p.Raw.End])
		inner := string(src[p.Inner.Start:p.Inner.End])
		switch p.Quote {
		case syntax.Unquoted:
			if p.Inner != p.Raw || p.Value != raw {
				t.Errorf("%s: unquoted value %s, raw %s", where, redact(p.Value), redact(raw))
			}
		case syntax.DoubleQuoted:
			if raw[0] != '"' || raw[len(raw)-1] != '"' || p.Inner.Start != p.Raw.Start+1 || p.Inner.End != p.Raw.End-1 {
				t.Errorf("%s: double-quoted raw is not its quotes around inner", where)
			}
			// hclsyntax drops bytes that are not UTF-8 from a string's
			// value: only valid text is compared.
			// hclsyntax also puts string literals in Unicode normal form C.
			if dec, ok := decode(inner); ok && utf8.ValidString(inner) && norm.NFC.String(dec) != p.Value && p.Value != inner {
				t.Errorf("%s: value %s, inner %s decodes to %s", where, redact(p.Value), redact(inner), redact(dec))
			}
		case syntax.LiteralBlock:
			if raw[:2] != "<<" || p.Inner.End > p.Raw.End || p.Inner.Start <= p.Raw.Start {
				t.Errorf("%s: heredoc raw does not start with <<", where)
			}
		default:
			t.Errorf("%s: quote %v", where, p.Quote)
		}
		if p.Tag != "" || p.EnvHint != "" {
			t.Errorf("%s: tag or env hint set", where)
		}
	}
	for _, e := range errs {
		if e.Offset < -1 || e.Offset > len(src) {
			t.Errorf("error offset %d outside the file (len %d)", e.Offset, len(src))
		}
		if e.Msg == "" || !utf8.ValidString(e.Msg) || strings.ContainsAny(e.Msg, "\"\x00") {
			t.Errorf("error message may quote the file (len %d)", len(e.Msg))
		}
	}
}

// decode is an independent reading of a quoted HCL string's inside with
// no interpolation: \n \r \t \" \\ \uXXXX \UXXXXXXXX, $${ and %%{. It
// reports false for text it does not handle (a template sequence).
func decode(s string) (string, bool) {
	var b []rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\\' && i+1 < len(rs):
			i++
			switch rs[i] {
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case '"', '\\':
				b = append(b, rs[i])
			case 'u', 'U':
				n := 4
				if rs[i] == 'U' {
					n = 8
				}
				if i+n >= len(rs) {
					return "", false
				}
				v, err := strconv.ParseUint(string(rs[i+1:i+1+n]), 16, 32)
				if err != nil {
					return "", false
				}
				b = append(b, rune(v))
				i += n
			default:
				return "", false
			}
		case (c == '$' || c == '%') && i+2 < len(rs) && rs[i+1] == c && rs[i+2] == '{':
			b = append(b, c, '{')
			i += 2
		case (c == '$' || c == '%') && i+1 < len(rs) && rs[i+1] == '{':
			return "", false
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}
