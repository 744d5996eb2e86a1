package envfile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isGodotenvSpace is godotenv's isSpace: white space that is not a line
// feed. CR counts as space here (a lone CR left after CRLF normalisation),
// and so do U+0085 and U+00A0 when decoded as runes.
func isGodotenvSpace(r rune) bool {
	switch r {
	case '\t', '\v', '\f', '\r', ' ', 0x85, 0xA0:
		return true
	}
	return false
}

// inlineSpaceLen returns the byte length of the isSpace rune at p, or 0.
// U+0085 and U+00A0 are the only non-ASCII ones, both encoded C2 xx; C2 is
// never a continuation byte, so this agrees with forward rune decoding.
func inlineSpaceLen(buf []byte, p int) int {
	if p >= len(buf) {
		return 0
	}
	switch buf[p] {
	case '\t', '\v', '\f', '\r', ' ':
		return 1
	case 0xC2:
		if p+1 < len(buf) && (buf[p+1] == 0x85 || buf[p+1] == 0xA0) {
			return 2
		}
	}
	return 0
}

// skipInlineSpace is bytes.TrimLeftFunc(buf[p:], isSpace) as an index.
func skipInlineSpace(buf []byte, p int) int {
	for {
		n := inlineSpaceLen(buf, p)
		if n == 0 {
			return p
		}
		p += n
	}
}

// inlineSpaceLenBefore returns the byte length of the isSpace rune ending
// just before p (not reaching before lo), or 0.
func inlineSpaceLenBefore(buf []byte, lo, p int) int {
	if p-1 < lo {
		return 0
	}
	switch buf[p-1] {
	case '\t', '\v', '\f', '\r', ' ':
		return 1
	case 0x85, 0xA0:
		if p-2 >= lo && buf[p-2] == 0xC2 {
			return 2
		}
	}
	return 0
}

// spaceBefore reports whether the rune before index i of the line that
// starts at lo is an isSpace rune.
func spaceBefore(buf []byte, lo, i int) bool {
	return inlineSpaceLenBefore(buf, lo, i) > 0
}

// trimInlineSpace is strings.TrimFunc(buf[l:r], isSpace) as indices.
func trimInlineSpace(buf []byte, l, r int) (int, int) {
	for l < r {
		n := inlineSpaceLen(buf[:r], l)
		if n == 0 {
			break
		}
		l += n
	}
	for r > l {
		n := inlineSpaceLenBefore(buf, l, r)
		if n == 0 {
			break
		}
		r -= n
	}
	return l, r
}

// skipUnicodeSpace skips runes for which unicode.IsSpace holds (line breaks
// included), as godotenv's indexOfNonSpaceChar does between statements.
func skipUnicodeSpace(buf []byte, p int) int {
	for p < len(buf) {
		c := buf[p]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return p
			}
			p++
			continue
		}
		r, size := utf8.DecodeRune(buf[p:])
		if !unicode.IsSpace(r) {
			return p
		}
		p += size
	}
	return p
}

// indexLineEnd returns the index of the first LF or CR, or len(b): a bare
// value ends at either.
func indexLineEnd(b []byte) int {
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return i
		}
	}
	return len(b)
}

// runeClean reproduces godotenv's []rune round trip of a bare value: each
// invalid UTF-8 byte becomes U+FFFD.
func runeClean(v string) string {
	if utf8.ValidString(v) {
		return v
	}
	return string([]rune(v))
}

// expandEscapes is godotenv's expandEscapes without regexps. First pass
// (escapeRegex `\\.`): a backslash and the next character, unless that is
// a line feed, form a pair; `\n` and `\r` become LF and CR, other pairs
// stay. Second pass (`\\([^$])` -> "$1"): a backslash before anything but
// '$' is dropped.
func expandEscapes(v string) string {
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) || v[i+1] == '\n' {
			b = append(b, c)
			continue
		}
		i++
		switch v[i] {
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		default:
			b = append(b, '\\', v[i])
		}
	}
	out := b[:0] // the second pass never writes ahead of where it reads
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && b[i+1] != '$' {
			i++
		}
		out = append(out, b[i])
	}
	return string(out)
}

// isVarNameByte matches godotenv's [A-Z0-9_]: lower-case names are never
// expanded.
func isVarNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// expandVariables is godotenv's expandVariables without regexps. Its
// pattern `(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?` takes an optional backslash,
// '$', an optional '(', an optional '{', an optional name and an optional
// '}', each greedily. An escaped match loses its backslash; a match with a
// name becomes the variable's value (so "$(A)" leaves the ")" behind and
// "$A}" eats the "}"); anything else stays as written.
func (s *scanner) expandVariables(v string) string {
	if strings.IndexByte(v, '$') < 0 {
		return v
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(v); i++ {
		start := i
		escaped := v[i] == '\\' && i+1 < len(v) && v[i+1] == '$'
		if escaped {
			i++
		} else if v[i] != '$' {
			continue
		}
		j := i + 1
		if j < len(v) && v[j] == '(' {
			j++
		}
		if j < len(v) && v[j] == '{' {
			j++
		}
		nameStart := j
		for j < len(v) && isVarNameByte(v[j]) {
			j++
		}
		name := v[nameStart:j]
		if j < len(v) && v[j] == '}' {
			j++
		}
		b.WriteString(v[last:start])
		switch {
		case escaped:
			b.WriteString(v[start+1 : j])
		case name != "":
			b.WriteString(s.lookup(name))
		default:
			b.WriteString(v[start:j])
		}
		last = j
		i = j - 1
	}
	b.WriteString(v[last:])
	return b.String()
}
