// Package jsonfile reads JSON files, with the comments and trailing commas
// that .NET configuration (appsettings.json: JsonDocumentOptions with
// CommentHandling Skip and AllowTrailingCommas) and VS Code-style JSONC
// accept, into syntax.Pairs with exact byte positions.
//
// Every scalar member of an object (string, number, true, false, null) is a
// pair, at any depth. Path holds the member names, escapes decoded, with
// "[i]" for array items; the names are not case-folded or joined with ":"
// as .NET configuration does, that is the caller's concern. Scalars that
// are array items have no name and are not pairs. All members of one object
// share a Scope. A name repeated in one object yields both pairs and no
// parse error: encoding/json and JsonDocument take the last one, .NET
// configuration refuses the file; a rule decides.
//
// Strings decode as encoding/json decodes them: escapes are decoded, a lone
// UTF-16 surrogate and invalid UTF-8 become U+FFFD. A UTF-8 byte order mark
// at the start is skipped, as .NET does (encoding/json refuses it).
//
// Compared with the loaders: Read accepts what encoding/json accepts, plus
// comments, trailing commas and the byte order mark, and refuses the rest
// (a differential fuzz target checks this). .NET's System.Text.Json is
// stricter in three places Read does not follow, since other tools read
// the same files: it refuses invalid UTF-8, nesting deeper than 64 levels
// (Read and encoding/json allow 10,000), and, in configuration files, a top
// level that is not an object. Plain JSON has no comments: a file that
// needs to be plain JSON for its loader (package.json, app.json) is still
// read with them; the caller decides whether that is an error.
//
// Read is a hand-written scanner rather than github.com/tailscale/hujson.
// hujson keeps exact bytes, but Parse fails the whole document on the first
// error and returns no tree, so a broken file would need a second, recovering
// scanner anyway; its literals would still need decoding with exact spans.
// One scanner of about 650 lines does both, and adds no dependency.
//
// Read never panics and never fails. It reports the first place where a
// strict JSON-with-comments loader stops, then carries on: a missing comma
// or colon is assumed, an unterminated string ends at its line, and other
// junk is skipped to the next comma, closing bracket or line, so that a
// token after a syntax error is still seen.
package jsonfile

import (
	"bytes"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// maxDepth is encoding/json's nesting limit: arrays and objects nested
// deeper are refused, and skipped without recursion.
const maxDepth = 10000

// bom is the UTF-8 byte order mark.
var bom = []byte("\xef\xbb\xbf")

// Read returns one Pair per scalar object member in src, and the first place
// where a JSON-with-comments loader refuses the file. It never panics and
// never fails: on a syntax error it still returns the pairs it can recover.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	r := read(src)
	return r.pairs, r.errs()
}

// read runs the scanner and returns its state, including the spans of the
// extensions to JSON it accepted (for tests).
func read(src []byte) *reader {
	r := &reader{src: src}
	n := min(bytes.Count(src, []byte{':'}), 256)
	r.pairs = make([]syntax.Pair, 0, n)
	r.arena = make([]string, 0, 3*n)
	if bytes.HasPrefix(src, bom) {
		r.pos = len(bom)
		r.extend(0, len(bom))
	}
	r.ws()
	if r.pos >= len(src) {
		r.fail(r.pos, "the file holds no JSON value")
		return r
	}
	r.value(0, syntax.Span{}, false, 0)
	leftover := -1 // the scope of members after the top-level value
	for {
		r.ws()
		if r.pos >= len(src) {
			return r
		}
		r.fail(r.pos, "unexpected content after the top-level value")
		switch c := src[r.pos]; {
		case c == '"':
			// Members left over after a broken object: keep reading them.
			if leftover < 0 {
				leftover = r.newScope()
			}
			r.member(1, leftover)
		case c == '{' || c == '[':
			r.value(0, syntax.Span{}, false, 0)
		case c == ',' || c == '}' || c == ']' || c == ':':
			r.pos++
		default:
			r.skip(false)
		}
	}
}

// reader holds the state of one Read call.
type reader struct {
	src []byte
	pos int

	pairs []syntax.Pair
	first *syntax.ParseError

	// stack is the key path of the value being read.
	stack []string
	// arena backs the Path of every pair, so that pairs do not allocate a
	// slice each; paths are cut with a full slice expression.
	arena  []string
	scopes int

	// ext lists the comments, trailing commas and byte order mark read
	// before the first error: blanking them leaves plain JSON.
	ext []syntax.Span

	buf []byte // scratch for decoding strings
}

func (r *reader) errs() []syntax.ParseError {
	if r.first == nil {
		return nil
	}
	return []syntax.ParseError{*r.first}
}

// fail records a parse error at off if it is the first.
func (r *reader) fail(off int, msg string) {
	if r.first == nil {
		r.first = &syntax.ParseError{Offset: off, Msg: msg}
	}
}

func (r *reader) extend(start, end int) {
	if r.first == nil {
		r.ext = append(r.ext, syntax.Span{Start: start, End: end})
	}
}

func (r *reader) newScope() int {
	r.scopes++
	return r.scopes - 1
}

// ws skips JSON whitespace and comments.
func (r *reader) ws() {
	src := r.src
	for r.pos < len(src) {
		switch src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		case '/':
			if !r.comment() {
				return
			}
		default:
			return
		}
	}
}

// comment skips a comment at pos and reports whether there was one. An
// unterminated block comment runs to the end of the file.
func (r *reader) comment() bool {
	src, start := r.src, r.pos
	if start+1 >= len(src) {
		return false
	}
	switch src[start+1] {
	case '/':
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		r.extend(start, end)
		r.pos = end
	case '*':
		i := bytes.Index(src[start+2:], []byte("*/"))
		if i < 0 {
			r.fail(start, "unterminated comment")
			r.pos = len(src)
			return true
		}
		r.pos = start + 2 + i + 2
		r.extend(start, r.pos)
	default:
		return false
	}
	return true
}

// value reads the value at pos, which is not whitespace. A scalar that is
// an object member (key is its name's span) becomes a pair in scope.
func (r *reader) value(depth int, key syntax.Span, member bool, scope int) {
	if r.pos >= len(r.src) {
		r.fail(r.pos, "the file ends where a value was expected")
		return
	}
	start := r.pos
	switch c := r.src[start]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			r.fail(start, "objects and arrays nested more than "+strconv.Itoa(maxDepth)+" levels deep")
			r.skip(true)
			return
		}
		if c == '{' {
			r.object(depth + 1)
		} else {
			r.array(depth + 1)
		}
	case c == '"':
		v, inner := r.str()
		if member {
			r.emit(key, syntax.Span{Start: start, End: r.pos}, inner, syntax.DoubleQuoted, v, scope)
		}
	case c == '-' || '0' <= c && c <= '9':
		if !r.number() {
			r.skip(false)
			return
		}
		if member {
			raw := syntax.Span{Start: start, End: r.pos}
			r.emit(key, raw, raw, syntax.Unquoted, string(r.src[start:r.pos]), scope)
		}
	case c == 't' || c == 'f' || c == 'n':
		var lit string
		for _, l := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(r.src[start:], []byte(l)) {
				lit = l
			}
		}
		if lit == "" {
			r.fail(start, "invalid literal: want true, false or null")
			r.skip(false)
			return
		}
		r.pos += len(lit)
		if member {
			raw := syntax.Span{Start: start, End: r.pos}
			r.emit(key, raw, raw, syntax.Unquoted, lit, scope)
		}
	default:
		r.fail(start, "unexpected character where a value was expected")
		r.skip(false)
	}
}

// bracket describes how an object or an array is read, and what Read says
// where one is broken.
type bracket struct {
	closing, other   byte // its closing bracket; the other kind's
	ends, mismatched string
	extraComma       string
	missingComma     string
	unexpected       string
}

var (
	objectBracket = bracket{'}', ']', "the file ends inside an object", "unexpected ']' in an object",
		"unexpected comma: a member is missing", "missing comma between members", "unexpected character after a member"}
	arrayBracket = bracket{']', '}', "the file ends inside an array", "unexpected '}' in an array",
		"unexpected comma: an item is missing", "missing comma between array items", "unexpected character after an array item"}
)

// object reads an object at pos ('{'). Its members share a scope.
func (r *reader) object(depth int) {
	scope := r.newScope()
	r.container(&objectBracket, func() bool {
		if r.src[r.pos] != '"' {
			r.fail(r.pos, "expected a member name in double quotes")
			r.skip(false)
			return false
		}
		r.member(depth, scope)
		return true
	})
}

// array reads an array at pos ('['). Its items get "[i]" path segments.
func (r *reader) array(depth int) {
	i := 0
	r.container(&arrayBracket, func() bool {
		r.stack = append(r.stack, syntax.Index(i))
		r.value(depth, syntax.Span{}, false, 0)
		r.stack = r.stack[:len(r.stack)-1]
		i++
		return true
	})
}

// container reads the members or items of an object or array at pos, up to
// its closing bracket. item reads one at pos and reports whether it did;
// then a comma or the closing bracket must follow. A closing bracket of the
// other kind is left for the enclosing container.
func (r *reader) container(b *bracket, item func() bool) {
	r.pos++
	for {
		r.ws()
		if r.pos >= len(r.src) {
			r.fail(r.pos, b.ends)
			return
		}
		switch r.src[r.pos] {
		case b.closing:
			r.pos++
			return
		case b.other:
			r.fail(r.pos, b.mismatched)
			return
		case ',':
			r.fail(r.pos, b.extraComma)
			r.pos++
		default:
			if item() {
				r.after(b)
			}
		}
	}
}

// after reads what follows a member or item: a comma (a trailing one noted
// as an extension), the closing bracket (left in place), or an error. A
// missing comma before another value is assumed.
func (r *reader) after(b *bracket) {
	r.ws()
	if r.pos >= len(r.src) {
		return
	}
	switch c := r.src[r.pos]; {
	case c == ',':
		comma := r.pos
		r.pos++
		r.ws()
		if r.pos < len(r.src) && r.src[r.pos] == b.closing {
			r.extend(comma, comma+1)
		}
	case c == '}' || c == ']':
		// The closing bracket, or a mismatched one the loop reports.
	case startsValue(c):
		r.fail(r.pos, b.missingComma)
	default:
		r.fail(r.pos, b.unexpected)
		r.skip(false)
	}
}

func startsValue(c byte) bool {
	return c == '"' || c == '{' || c == '[' || c == '-' || '0' <= c && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

// member reads a member at pos ('"'): its name, the colon and the value.
func (r *reader) member(depth, scope int) {
	name, key := r.str()
	r.ws()
	switch {
	case r.pos >= len(r.src):
		r.fail(r.pos, "the file ends after a member name")
		return
	case r.src[r.pos] == ':':
		r.pos++
		r.ws()
	case startsValue(r.src[r.pos]):
		r.fail(r.pos, "missing colon after a member name")
	default:
		r.fail(r.pos, "missing colon after a member name")
		r.skip(false)
		return
	}
	r.stack = append(r.stack, name)
	r.value(depth, key, true, scope)
	r.stack = r.stack[:len(r.stack)-1]
}

// number reads a number at pos and reports whether it is valid JSON. On an
// error pos is at the offending byte.
func (r *reader) number() bool {
	src := r.src
	digits := func() int {
		n := 0
		for r.pos < len(src) && '0' <= src[r.pos] && src[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	bad := func() bool {
		r.fail(r.pos, "invalid number")
		return false
	}
	if src[r.pos] == '-' {
		r.pos++
	}
	switch {
	case r.pos < len(src) && src[r.pos] == '0':
		r.pos++
		if r.pos < len(src) && '0' <= src[r.pos] && src[r.pos] <= '9' {
			return bad() // a leading zero
		}
	case digits() == 0:
		return bad()
	}
	if r.pos < len(src) && src[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return bad()
		}
	}
	if r.pos < len(src) && (src[r.pos] == 'e' || src[r.pos] == 'E') {
		r.pos++
		if r.pos < len(src) && (src[r.pos] == '+' || src[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return bad()
		}
	}
	return true
}

// str reads a string at pos ('"') and returns its decoded value and the
// span between the quotes. A string not closed on its line ends there.
func (r *reader) str() (string, syntax.Span) {
	src := r.src
	start := r.pos
	r.pos++
	// Fast path: no escapes, control characters or non-ASCII bytes.
	for i := r.pos; i < len(src); i++ {
		c := src[i]
		if c == '"' {
			r.pos = i + 1
			return string(src[start+1 : i]), syntax.Span{Start: start + 1, End: i}
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	b := r.buf[:0]
	for r.pos < len(src) {
		c := src[r.pos]
		switch {
		case c == '"':
			inner := syntax.Span{Start: start + 1, End: r.pos}
			r.pos++
			r.buf = b
			return string(b), inner
		case c == '\n' || c == '\r':
			r.fail(start, "unterminated string")
			r.buf = b
			return string(b), syntax.Span{Start: start + 1, End: r.pos}
		case c < 0x20:
			r.fail(r.pos, "control character in a string: write it as an escape")
			b = append(b, c)
			r.pos++
		default:
			b = r.char(b)
		}
	}
	r.fail(start, "unterminated string")
	r.buf = b
	return string(b), syntax.Span{Start: start + 1, End: r.pos}
}

// char decodes the escape or character at pos onto b.
func (r *reader) char(b []byte) []byte {
	switch c := r.src[r.pos]; {
	case c == '\\':
		return r.escape(b)
	case c < utf8.RuneSelf:
		r.pos++
		return append(b, c)
	}
	rn, size := utf8.DecodeRune(r.src[r.pos:])
	r.pos += size
	return utf8.AppendRune(b, rn) // invalid UTF-8 becomes U+FFFD
}

// Locate maps the bytes [i, j) of a string's value to written, the
// string as written between its quotes, whose escapes the value holds
// decoded: the three bytes of U+200B are the six of "\u200b". ok is false
// where written does not read as value, or i or j falls inside what one
// escape or character decodes to.
func Locate(written []byte, value string, i, j int) (start, end int, ok bool) {
	r := &reader{src: written}
	start, end = -1, -1
	var b, all []byte
	for n := 0; ; {
		if n == i {
			start = r.pos
		}
		if n == j {
			end = r.pos
		}
		if r.pos >= len(written) {
			break
		}
		b = r.char(b[:0])
		all = append(all, b...)
		n += len(b)
	}
	return start, end, string(all) == value && start >= 0 && end >= start
}

// escape decodes the escape at pos ('\\') onto b, as encoding/json does.
func (r *reader) escape(b []byte) []byte {
	src := r.src
	if r.pos+1 >= len(src) {
		r.fail(r.pos, "invalid escape in a string")
		r.pos++
		return b
	}
	c := src[r.pos+1]
	if dec, ok := simpleEscape(c); ok {
		r.pos += 2
		return append(b, dec)
	}
	if c != 'u' {
		// Keep the backslash; the next byte is read as any other.
		r.fail(r.pos, "invalid escape in a string")
		r.pos++
		return append(b, '\\')
	}
	rn, ok := hex4(src, r.pos+2)
	if !ok {
		r.fail(r.pos, "invalid \\u escape in a string: want four hex digits")
		r.pos += 2
		return append(b, '\\', 'u')
	}
	r.pos += 6
	if utf16.IsSurrogate(rn) {
		if r.pos+1 < len(src) && src[r.pos] == '\\' && src[r.pos+1] == 'u' {
			if rn2, ok := hex4(src, r.pos+2); ok {
				if dec := utf16.DecodeRune(rn, rn2); dec != utf8.RuneError {
					r.pos += 6
					return utf8.AppendRune(b, dec)
				}
			}
		}
		rn = utf8.RuneError
	}
	return utf8.AppendRune(b, rn)
}

func simpleEscape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// hex4 decodes four hex digits at off.
func hex4(src []byte, off int) (rune, bool) {
	if off+4 > len(src) {
		return 0, false
	}
	var rn rune
	for _, c := range src[off : off+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		rn = rn<<4 | rune(c)
	}
	return rn, true
}

// skip skips junk from pos. Unless nested, it stops at the next comma or
// closing bracket outside the brackets and strings it skips (left in
// place), or past the end of the line, and always moves unless pos is at a
// comma or closing bracket. When nested, pos is at an opening bracket, and
// skip goes past the matching closing one, however deep and across lines,
// without recursion.
func (r *reader) skip(nested bool) {
	src := r.src
	level := 0
	for r.pos < len(src) {
		switch c := src[r.pos]; c {
		case '\n':
			r.pos++
			if !nested {
				return
			}
		case ',', '}', ']':
			if level == 0 {
				return
			}
			if c != ',' {
				level--
			}
			r.pos++
			if nested && level == 0 {
				return
			}
		case '{', '[':
			level++
			r.pos++
		case '"':
			r.skipString()
		case '/':
			if !r.comment() {
				r.pos++
			}
		default:
			r.pos++
		}
	}
}

// skipString skips a string at pos without decoding it, stopping at the end
// of its line when it is not closed.
func (r *reader) skipString() {
	src := r.src
	for r.pos++; r.pos < len(src); r.pos++ {
		switch src[r.pos] {
		case '"':
			r.pos++
			return
		case '\\':
			if r.pos+1 < len(src) && src[r.pos+1] != '\n' {
				r.pos++
			}
		case '\n':
			return
		}
	}
}

// emit appends a pair whose path is the stack.
func (r *reader) emit(key, raw, inner syntax.Span, q syntax.Quote, value string, scope int) {
	start := len(r.arena)
	r.arena = append(r.arena, r.stack...)
	path := r.arena[start:len(r.arena):len(r.arena)]
	r.pairs = append(r.pairs, syntax.Pair{
		Path:    path,
		KeySpan: key,
		Raw:     raw,
		Inner:   inner,
		Quote:   q,
		Value:   value,
		Scope:   scope,
	})
}

// Standardize returns src as plain JSON, the comments, trailing commas and
// byte order mark that Read accepts blanked to spaces so that every offset
// stays, and whether Read accepts src at all (if not, the result is src
// with what was blanked before the first error).
func Standardize(src []byte) ([]byte, bool) {
	r := read(src)
	plain := bytes.Clone(src)
	for _, s := range r.ext {
		for i := s.Start; i < s.End; i++ {
			plain[i] = ' '
		}
	}
	return plain, r.first == nil
}

// ReadPlain reads a file whose loader takes plain JSON only (JSON.parse,
// encoding/json, Terraform's .tfvars.json): Read's pairs, but the first
// comment, trailing comma or byte order mark is the file's parse error,
// as it is to the loader.
func ReadPlain(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	r := read(src)
	if len(r.ext) == 0 {
		return r.pairs, r.errs()
	}
	// ext holds only what was read before the first error.
	at := r.ext[0]
	msg := "a trailing comma: plain JSON has none"
	switch {
	case bytes.HasPrefix(src[at.Start:], bom):
		msg = "a byte order mark: plain JSON loaders refuse it"
	case bytes.Contains(src[at.Start:at.End], []byte("postmarklint:ignore")):
		msg = "a comment: plain JSON has none; instead of postmarklint:ignore, use --baseline or the ignore: list of .postmarklint.yaml"
	case bytes.HasPrefix(src[at.Start:], []byte("/")):
		msg = "a comment: plain JSON has none"
	}
	return r.pairs, []syntax.ParseError{{Offset: at.Start, Msg: msg}}
}
