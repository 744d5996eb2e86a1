package tomlfile

import (
	"bytes"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// The functions below read lines the parser gave up on. They are lenient on
// purpose: a secret in a broken file should still reach detection, so they
// accept more than TOML does (unquoted values, unterminated strings, keys
// with any character that cannot be mistaken for syntax).

// scanLines reads the lines in src[from:to] one at a time.
func (r *reader) scanLines(from, to int) {
	for ls := from; ls < to; {
		le := ls + bytes.IndexByte(r.src[ls:to], '\n')
		if le < ls {
			le = to
		}
		r.scanLine(ls, le)
		ls = le + 1
	}
}

// scanLine reads one line src[ls:le] (without its newline): a table header,
// a key/value with a value on that line, or something it skips.
func (r *reader) scanLine(ls, le int) {
	i := skipBlank(r.src, ls, le)
	if i >= le || r.src[i] == '#' {
		return
	}
	if r.src[i] == '[' {
		r.scanHeader(i, le)
		return
	}
	r.scanKeyValue(i, le)
}

// scanHeader reads "[a.b]" or "[[a.b]]". A header whose keys read but whose
// brackets do not close still opens the table: the keys below it belong to
// it more likely than to the previous one.
func (r *reader) scanHeader(i, le int) {
	array := i+1 < le && r.src[i+1] == '['
	if array {
		i += 2
	} else {
		i++
	}
	keys, _, ok := r.scanKeys(i, le)
	if !ok {
		return
	}
	names := make([]string, len(keys))
	for k, key := range keys {
		names[k] = key.name
	}
	r.openTable(names, array)
}

// lineKey is one key segment read by hand.
type lineKey struct {
	name string
	span syntax.Span
}

// scanKeyValue reads "key = value" and emits a pair for a scalar value.
func (r *reader) scanKeyValue(i, le int) {
	keys, j, ok := r.scanKeys(i, le)
	if !ok || j >= le || r.src[j] != '=' {
		return
	}
	v := skipBlank(r.src, j+1, le)
	raw, inner, q, value, ok := r.scanValue(v, le)
	if !ok {
		return
	}
	mark := len(r.stack)
	for _, k := range keys {
		r.stack = append(r.stack, k.name)
	}
	r.emit(keys[len(keys)-1].span, raw, inner, q, value)
	r.stack = r.stack[:mark]
}

// scanKeys reads a dotted key starting at i and returns its segments and
// the offset of the first byte after it and its trailing blanks.
func (r *reader) scanKeys(i, le int) ([]lineKey, int, bool) {
	var keys []lineKey
	for {
		i = skipBlank(r.src, i, le)
		if i >= le {
			return nil, i, false
		}
		var k lineKey
		switch c := r.src[i]; c {
		case '"', '\'':
			end := closingQuote(r.src, i+1, le, c)
			if end < 0 {
				return nil, i, false
			}
			k = lineKey{name: r.stringValue(i+1, end, c == '"'), span: syntax.Span{Start: i, End: end + 1}}
			i = end + 1
		default:
			j := i
			for j < le && isLooseKeyByte(r.src[j]) {
				j++
			}
			if j == i {
				return nil, i, false
			}
			k = lineKey{name: string(r.src[i:j]), span: syntax.Span{Start: i, End: j}}
			i = j
		}
		keys = append(keys, k)
		i = skipBlank(r.src, i, le)
		if i < le && r.src[i] == '.' {
			i++
			continue
		}
		return keys, i, true
	}
}

// isLooseKeyByte accepts in a bare key everything but TOML punctuation and
// blanks, so that keys like "api-key$2" or non-ASCII keys still read.
func isLooseKeyByte(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '=', '.', '#', '[', ']', '"', '\'', '{', '}', ',':
		return false
	}
	return c >= 0x20 && c != 0x7f
}

// scanValue reads the value starting at v on a line ending at le. Strings
// that do not close on the line run to its end; unquoted text runs to a
// comment or the end of the line. Arrays and inline tables are skipped.
func (r *reader) scanValue(v, le int) (raw, inner syntax.Span, q syntax.Quote, value string, ok bool) {
	end := trimBlankEnd(r.src, v, le)
	if v >= end {
		return raw, inner, q, "", false
	}
	b := r.src[v:end]
	switch {
	case bytes.HasPrefix(b, []byte(`"""`)), bytes.HasPrefix(b, []byte(`'''`)):
		c := b[0]
		q = syntax.MultilineBasic
		if c == '\'' {
			q = syntax.MultilineLiteral
		}
		close := bytes.Index(r.src[v+3:end], b[:3])
		if close < 0 {
			inner = syntax.Span{Start: v + 3, End: end}
			raw = syntax.Span{Start: v, End: end}
		} else {
			inner = syntax.Span{Start: v + 3, End: v + 3 + close}
			raw = syntax.Span{Start: v, End: inner.End + 3}
		}
		return raw, inner, q, r.stringValue(inner.Start, inner.End, c == '"'), true
	case b[0] == '"' || b[0] == '\'':
		c := b[0]
		q = syntax.DoubleQuoted
		if c == '\'' {
			q = syntax.SingleQuoted
		}
		close := closingQuote(r.src, v+1, end, c)
		if close < 0 {
			inner = syntax.Span{Start: v + 1, End: end}
			raw = syntax.Span{Start: v, End: end}
		} else {
			inner = syntax.Span{Start: v + 1, End: close}
			raw = syntax.Span{Start: v, End: close + 1}
		}
		return raw, inner, q, r.stringValue(inner.Start, inner.End, c == '"'), true
	case b[0] == '[' || b[0] == '{':
		return raw, inner, q, "", false
	}
	if h := bytes.IndexByte(b, '#'); h >= 0 {
		end = trimBlankEnd(r.src, v, v+h)
		if end == v {
			return raw, inner, q, "", false
		}
	}
	raw = syntax.Span{Start: v, End: end}
	return raw, raw, syntax.Unquoted, string(r.src[v:end]), true
}

// closingQuote returns the offset of the quote c that closes a string whose
// content starts at i, skipping backslash escapes in basic strings, or -1.
func closingQuote(src []byte, i, le int, c byte) int {
	for ; i < le; i++ {
		switch src[i] {
		case c:
			return i
		case '\\':
			if c == '"' {
				i++
			}
		}
	}
	return -1
}

// stringValue returns the text of src[i:j], with escapes resolved for a
// basic string. Escapes that do not decode are kept as written.
func (r *reader) stringValue(i, j int, basic bool) string {
	b := r.src[i:j]
	if !basic || bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	if s, ok := unescape(b); ok {
		return s
	}
	return string(b)
}

// unescape resolves the escapes of a TOML basic string body.
func unescape(b []byte) (string, bool) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(b) {
			return "", false
		}
		n := 0
		switch b[i] {
		case 'b':
			out = append(out, '\b')
		case 't':
			out = append(out, '\t')
		case 'n':
			out = append(out, '\n')
		case 'f':
			out = append(out, '\f')
		case 'r':
			out = append(out, '\r')
		case 'e':
			out = append(out, 0x1b)
		case '"', '\\':
			out = append(out, b[i])
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			return "", false
		}
		if n == 0 {
			continue
		}
		if i+1+n > len(b) {
			return "", false
		}
		rn, ok := hexRune(b[i+1 : i+1+n])
		if !ok {
			return "", false
		}
		out = utf8.AppendRune(out, rn)
		i += n
	}
	return string(out), true
}

// hexRune decodes hex digits into a Unicode scalar value.
func hexRune(h []byte) (rune, bool) {
	var v uint32
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint32(c-'A'+10)
		default:
			return 0, false
		}
	}
	if v > utf8.MaxRune || (v >= 0xd800 && v <= 0xdfff) {
		return 0, false
	}
	return rune(v), true
}

// skipBlank returns the first offset in src[i:le] that is not a space or
// tab, or le.
func skipBlank(src []byte, i, le int) int {
	for i < le && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// trimBlankEnd returns the end of src[i:j] without trailing blanks and
// carriage returns.
func trimBlankEnd(src []byte, i, j int) int {
	for j > i && (src[j-1] == ' ' || src[j-1] == '\t' || src[j-1] == '\r') {
		j--
	}
	return j
}
