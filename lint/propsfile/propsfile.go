// Package propsfile reads Java .properties files (Spring's
// application.properties) exactly as java.util.Properties.load(Reader)
// reads them, keeping the byte range of every key and value.
//
// The file is decoded as UTF-8, as editors write it and as load(Reader)
// reads it over a UTF-8 reader. Spring Boot 2.0 and later read
// application.properties as ISO-8859-1 instead (OriginTrackedPropertiesLoader,
// spring-boot#10564), as Properties.load(InputStream) does: there a non-ASCII
// character is several characters. Token syntax is ASCII, so either way such
// a character is wrong in a token; UTF-8 names it as the author sees it.
// Invalid UTF-8 becomes U+FFFD, one per byte that does not start a valid
// sequence (Java's decoder folds some truncated sequences into one).
//
// Spring Boot's own loader departs from java.util.Properties in ways this
// reader does not follow: it drops empty keys, splits "#---" documents,
// expands "name[]=a,b" lists, and trims keys.
//
// What the reader does, following the JDK's LineReader and load0:
//
//   - a logical line starts after blanks (space, tab, form feed) and blank
//     lines; one starting with '#' or '!' is a comment;
//   - a line ending in an odd number of backslashes continues on the next
//     physical line, whose leading blanks are dropped; a final backslash at
//     the end of the file is dropped;
//   - CR, LF and CRLF end lines (CRLF after a continuation counts once);
//   - the key ends at the first unescaped '=', ':' or blank; blanks, then
//     one '=' or ':', then blanks, separate it from the value; the value
//     runs to the end of the logical line, trailing blanks included;
//   - escapes \t \n \r \f and \uXXXX are decoded in keys and values, and a
//     backslash before any other character stands for that character.
//
// Java refuses a file only for a \u escape without four hex digits
// (IllegalArgumentException "Malformed \uxxxx encoding."): that line is
// reported as a parse error and left out, and reading goes on.
//
// Choices where Java has nothing to say about bytes or UTF-8:
//
//   - Path is the decoded key split on every '.', including a dot written
//     as "\." or "\u002e": Spring binds the decoded key and cannot tell
//     them apart. Key() is therefore the key exactly as Properties has it.
//   - KeySpan covers the whole key as written, escapes and continuations
//     included; it is empty, at the start of the line, for the empty key.
//   - Raw (and Inner: .properties has no quotes) runs from the first byte
//     of the value to the end of the logical line as written, continuation
//     backslashes, line breaks and dropped blanks included.
//   - A byte order mark is not white space to Java: it stays part of the
//     first key ("\ufeffpostmark.api.token"), as it does for the loader.
//   - An escaped UTF-16 surrogate pair (\uD83D\uDE00) becomes one rune; a
//     lone escaped surrogate, which Java keeps as a char but UTF-8 cannot
//     hold, becomes U+FFFD.
//
// Spring placeholders are not expanded: "${POSTMARK_API_TOKEN:x}" is the
// value as written; Default extracts the default Spring would use.
package propsfile

import (
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// MsgMalformedEscape is reported where Java throws "Malformed \uxxxx encoding".
const MsgMalformedEscape = `malformed \u escape: java.util.Properties wants four hex digits`

// Read returns one pair per assignment, in file order, duplicates kept.
// Keys with the same path up to their last segment share a scope, as the
// keys of one YAML mapping do (spring.mail.host and spring.mail.password;
// not spring.datasource.password): a credential's siblings are found by it.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	s := scanner{src: src}
	var pairs []syntax.Pair
	var errs []syntax.ParseError
	// A parent is its segments joined with "." and their count: segments
	// hold no ".", but "." has the parent "" and "a" none.
	type parentKey struct {
		n    int
		path string
	}
	scopes := map[parentKey]int{}
	for s.readLine() {
		p, errAt := s.pair()
		if errAt >= 0 {
			errs = append(errs, syntax.ParseError{Offset: errAt, Msg: MsgMalformedEscape})
			continue
		}
		parent := parentKey{len(p.Path) - 1, strings.Join(p.Path[:len(p.Path)-1], ".")}
		scope, ok := scopes[parent]
		if !ok {
			scope = len(scopes)
			scopes[parent] = scope
		}
		p.Scope = scope
		pairs = append(pairs, p)
	}
	return pairs, errs
}

// scanner reads logical lines as the JDK's Properties.LineReader does.
type scanner struct {
	src   []byte
	p     int  // next byte to read
	value bool // src is (part of) a value as written: no blanks to skip or comment at its start

	buf   []byte // the logical line, continuations removed, valid UTF-8
	offs  []int  // offs[i] is the source offset of the character buf[i] belongs to
	last  []int  // last[i] is the source offset just after that character
	start int    // source offset of the line's first character
	end   int    // source offset of the line's terminator, or len(src)
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

// readLine reads the next logical line into buf; it reports false at the
// end of the file.
func (s *scanner) readLine() bool {
	s.buf, s.offs, s.last = s.buf[:0], s.offs[:0], s.last[:0]
	skipBlank, continued, backslash := !s.value, false, false
	src := s.src
	for {
		if s.p >= len(src) {
			if len(s.buf) == 0 {
				return false
			}
			s.end = len(src)
			if backslash {
				s.drop()
			}
			return true
		}
		c := src[s.p]
		at := s.p
		s.p++
		if skipBlank {
			if isBlank(c) || !continued && (c == '\r' || c == '\n') {
				continue
			}
			skipBlank, continued = false, false
		}
		if len(s.buf) == 0 && !s.value && (c == '#' || c == '!') {
			for s.p < len(src) && src[s.p] != '\r' && src[s.p] != '\n' {
				s.p++
			}
			if s.p >= len(src) {
				return false
			}
			s.p++
			skipBlank = true
			continue
		}
		if c != '\r' && c != '\n' {
			if len(s.buf) == 0 {
				s.start = at
			}
			s.add(c, at)
			backslash = c == '\\' && !backslash
			continue
		}
		if len(s.buf) == 0 {
			skipBlank = true
			continue
		}
		s.end = at
		if s.p >= len(src) {
			if backslash {
				s.drop()
			}
			return true
		}
		if !backslash {
			return true
		}
		s.drop()
		skipBlank, continued, backslash = true, true, false
		if c == '\r' && src[s.p] == '\n' {
			s.p++
		}
	}
}

// add appends the character starting with byte c at source offset at,
// decoding UTF-8 as Java's reader does.
func (s *scanner) add(c byte, at int) {
	if c < utf8.RuneSelf {
		s.buf = append(s.buf, c)
		s.offs = append(s.offs, at)
		s.last = append(s.last, at+1)
		return
	}
	r, n := utf8.DecodeRune(s.src[at:])
	s.p = at + n
	k := len(s.buf)
	s.buf = utf8.AppendRune(s.buf, r) // RuneError for an invalid byte
	for range len(s.buf) - k {
		s.offs = append(s.offs, at)
		s.last = append(s.last, at+n)
	}
}

// drop removes the continuation backslash ending the line.
func (s *scanner) drop() {
	n := len(s.buf) - 1
	s.buf, s.offs, s.last = s.buf[:n], s.offs[:n], s.last[:n]
}

// pair splits the logical line into key and value as Properties.load0
// does. It returns the source offset of a malformed escape, or -1.
func (s *scanner) pair() (syntax.Pair, int) {
	buf := s.buf
	limit := len(buf)
	keyLen, valueStart, hasSep, backslash := 0, limit, false, false
	for ; keyLen < limit; keyLen++ {
		c := buf[keyLen]
		if !backslash && (c == '=' || c == ':') {
			valueStart, hasSep = keyLen+1, true
			break
		}
		if !backslash && isBlank(c) {
			valueStart = keyLen + 1
			break
		}
		backslash = c == '\\' && !backslash
	}
	for ; valueStart < limit; valueStart++ {
		c := buf[valueStart]
		if !isBlank(c) {
			if hasSep || c != '=' && c != ':' {
				break
			}
			hasSep = true
		}
	}
	key, bad := unescape(buf[:keyLen], nil)
	if bad >= 0 {
		return syntax.Pair{}, s.offs[bad]
	}
	value, bad := unescape(buf[valueStart:], nil)
	if bad >= 0 {
		return syntax.Pair{}, s.offs[valueStart+bad]
	}
	keySpan := syntax.Span{Start: s.offsetAt(0)}
	keySpan.End = keySpan.Start
	if keyLen > 0 {
		keySpan.End = s.last[keyLen-1]
	}
	raw := syntax.Span{Start: s.offsetAt(valueStart), End: s.end}
	return syntax.Pair{
		Path:    strings.Split(key, "."),
		KeySpan: keySpan,
		Raw:     raw,
		Inner:   raw,
		Quote:   syntax.Unquoted,
		Value:   value,
	}, -1
}

// offsetAt returns the source offset of buf[i]; at the end of the line, the
// offset just after its last character.
func (s *scanner) offsetAt(i int) int {
	switch {
	case i < len(s.buf):
		return s.offs[i]
	case len(s.buf) > 0:
		return s.last[len(s.buf)-1]
	}
	return s.start
}

// units records where each byte of an unescaped string comes from: the
// character or escape b[from[k]:to[k]] gave out[k].
type units struct{ from, to []int }

// unescape is Properties.loadConvert on valid UTF-8. It returns the index
// in b of a malformed \u escape, or -1. u, if not nil, records the source
// of every byte of the result.
func unescape(b []byte, u *units) (string, int) {
	i := 0
	for i < len(b) && b[i] != '\\' {
		i++
	}
	if i == len(b) && u == nil {
		return string(b), -1
	}
	out := make([]byte, i, len(b))
	copy(out, b[:i])
	mark := func(from, to int) {
		for u != nil && len(u.from) < len(out) {
			u.from, u.to = append(u.from, from), append(u.to, to)
		}
	}
	for k := 0; u != nil && k < i; k++ {
		u.from, u.to = append(u.from, k), append(u.to, k+1)
	}
	high, highAt := rune(-1), 0 // a pending escaped high surrogate, and where
	flush := func() {
		if high >= 0 {
			out = utf8.AppendRune(out, utf8.RuneError)
			mark(highAt, highAt+6)
			high = -1
		}
	}
	for i < len(b) {
		c := b[i]
		if c != '\\' || i+1 == len(b) { // readLine never leaves a lone final backslash
			flush()
			out = append(out, c)
			mark(i, i+1)
			i++
			continue
		}
		at := i
		c = b[i+1]
		i += 2
		if c != 'u' {
			flush()
			switch c {
			case 't':
				c = '\t'
			case 'r':
				c = '\r'
			case 'n':
				c = '\n'
			case 'f':
				c = '\f'
			}
			out = append(out, c)
			mark(at, i)
			continue
		}
		if i+4 > len(b) {
			return "", at
		}
		var r rune
		for _, d := range b[i : i+4] {
			v := hexDigit(d)
			if v < 0 {
				return "", at
			}
			r = r<<4 | v
		}
		i += 4
		switch {
		case 0xD800 <= r && r < 0xDC00:
			flush()
			high, highAt = r, at
		case 0xDC00 <= r && r < 0xE000:
			if high >= 0 {
				out = utf8.AppendRune(out, (high-0xD800)<<10|(r-0xDC00)+0x10000)
				mark(highAt, i)
				high = -1
			} else {
				out = utf8.AppendRune(out, utf8.RuneError)
				mark(at, i)
			}
		default:
			flush()
			out = utf8.AppendRune(out, r)
			mark(at, i)
		}
	}
	flush()
	return string(out), -1
}

// Locate maps the bytes [i, j) of value to the bytes of written that
// java.util.Properties reads them from: an escape as written, a character
// on the next line of a continued value. written is a value as written,
// or a part of one that starts and ends between two characters (the
// default inside a placeholder); ok is false unless it reads as value.
func Locate(written []byte, value string, i, j int) (start, end int, ok bool) {
	if i < 0 || i > j || j > len(value) {
		return 0, 0, false
	}
	s := scanner{src: written, value: true}
	s.readLine()
	if s.p < len(written) {
		return 0, 0, false // more than one logical line
	}
	var u units
	if v, bad := unescape(s.buf, &u); bad >= 0 || v != value {
		return 0, 0, false
	}
	switch {
	case i == len(value):
		start = len(written)
		if len(s.buf) > 0 {
			start = s.last[len(s.buf)-1]
		}
	default:
		start = s.offs[u.from[i]]
	}
	end = start
	if j > i {
		end = s.last[u.to[j-1]-1]
	}
	return start, end, true
}

func hexDigit(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}
