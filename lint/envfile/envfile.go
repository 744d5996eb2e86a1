// Package envfile reads .env files the way github.com/joho/godotenv v1.5.1
// does, but keeps the exact byte position of every key and value.
//
// The scanner is a port of godotenv's parser.go: every quirk of that parser
// (the backwards search for an inline comment, the quote trimming, the
// variable expansion from earlier keys only, a lone CR ending a bare value)
// is reproduced on purpose, because the linter must report the value the
// application will actually see. Where godotenv rejects the whole file, Read
// reports a syntax.ParseError and carries on at the next line.
package envfile

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

var (
	crlf         = []byte("\r\n")
	bom          = []byte("\xef\xbb\xbf")
	exportPrefix = []byte("export")
)

// Error messages. They never quote the file: .env files hold secrets.
const (
	msgBOM          = "file starts with a byte order mark (U+FEFF), which godotenv reads as part of the first key"
	msgNoSeparator  = `line has no "=" after the key`
	msgExportAlone  = `"export" is not followed by a variable name`
	msgTemplate     = `template syntax ("{%", "{{" or "{#") where a key should be; godotenv cannot parse it`
	msgUnterminated = "unterminated %s value"
)

// Read scans a .env file. It returns every assignment in file order
// (duplicates included) and the places where godotenv would refuse the file.
// Offsets are into src as given, even though values are computed, like
// godotenv does, on a copy where every CRLF has become LF.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	s := newScanner(src)
	s.run()
	// The pairs outlive the read (a run keeps the files that hold
	// entries): give back what the one-slot-per-line guess reserved.
	if cap(s.pairs) > 2*len(s.pairs) {
		s.pairs = slices.Clone(s.pairs)
	}
	return s.pairs, s.errs
}

// scanner holds the state of one Read call.
type scanner struct {
	buf []byte // src with CRLF replaced by LF; src itself when it has none
	str string // buf as one string, so keys and plain values are substrings, not allocations
	lfs []int  // indices in buf of the LFs whose CR was removed, ascending

	pairs []syntax.Pair
	errs  []syntax.ParseError
	paths []string          // backing store for Pair.Path, to allocate in chunks
	vars  map[string]string // keys so far for $VAR expansion; built on first use
}

func newScanner(src []byte) *scanner {
	buf, lfs := normalizeCRLF(src)
	// One slot per line is an upper bound in ordinary files (a line rarely
	// holds two assignments) and saves the repeated growth of appends; the
	// cap keeps a huge comment-only file from reserving memory it never uses.
	lines := min(bytes.Count(buf, []byte{'\n'})+1, 128)
	return &scanner{
		buf:   buf,
		str:   string(buf),
		lfs:   lfs,
		pairs: make([]syntax.Pair, 0, lines),
		paths: make([]string, 0, lines),
	}
}

// normalizeCRLF mirrors godotenv's bytes.Replace(src, "\r\n", "\n") and
// records where each removed CR was, so positions can be mapped back. It
// copies only when the file has a CRLF.
func normalizeCRLF(src []byte) ([]byte, []int) {
	if !bytes.Contains(src, crlf) {
		return src, nil
	}
	buf := make([]byte, 0, len(src))
	var lfs []int
	for {
		i := bytes.Index(src, crlf)
		if i < 0 {
			return append(buf, src...), lfs
		}
		buf = append(buf, src[:i]...)
		lfs = append(lfs, len(buf))
		buf = append(buf, '\n')
		src = src[i+2:]
	}
}

// orig maps an offset in buf to an offset in the original source. An LF
// that came from a CRLF maps to its CR, so a span ending at a line end
// excludes the whole terminator, and an empty span there sits before it.
func (s *scanner) orig(n int) int {
	if s.lfs == nil {
		return n
	}
	return n + sort.SearchInts(s.lfs, n)
}

func (s *scanner) span(start, end int) syntax.Span {
	return syntax.Span{Start: s.orig(start), End: s.orig(end)}
}

func (s *scanner) fail(at int, msg string) {
	s.errs = append(s.errs, syntax.ParseError{Offset: s.orig(at), Msg: msg})
}

// run is godotenv's parseBytes loop, with recovery instead of an early
// return. godotenv reads a leading BOM as part of the first key and fails;
// we report that and skip the BOM so the rest of the file is still checked.
func (s *scanner) run() {
	pos := 0
	if bytes.HasPrefix(s.buf, bom) {
		s.fail(0, msgBOM)
		pos = len(bom)
	}
	for {
		pos = s.statementStart(pos)
		if pos < 0 {
			return
		}
		pos = s.statement(pos)
	}
}

// statementStart is godotenv's getStatementStart: skip Unicode white space
// (line breaks included) and whole comment lines. A comment runs to the next
// LF only: a lone CR does not end it. It returns -1 at the end of the file.
func (s *scanner) statementStart(p int) int {
	buf := s.buf
	for {
		p = skipUnicodeSpace(buf, p)
		if p == len(buf) {
			return -1
		}
		if buf[p] != '#' {
			return p
		}
		nl := bytes.IndexByte(buf[p:], '\n')
		if nl < 0 {
			return -1
		}
		p += nl
	}
}

// statement reads one assignment starting at start and returns where the
// next statement search begins. On error it records the error and returns
// the start of the next line.
func (s *scanner) statement(start int) int {
	keyStart := s.skipExport(start)
	if keyStart == len(s.buf) || s.buf[keyStart] == '\n' {
		// godotenv: "zero length string", or the LF is rejected as a key character.
		s.fail(keyStart, msgExportAlone)
		return s.lineAfter(keyStart)
	}
	keyEnd, sep, bad := s.scanKey(keyStart)
	if bad >= 0 {
		s.failKey(keyStart, bad)
		return s.lineAfter(bad)
	}
	// Without a separator (a bare word at the very end of the file) godotenv
	// stores the word as the value of the empty key; so do we.
	valueFrom := keyStart
	if sep >= 0 {
		valueFrom = sep + 1
	}
	v := skipInlineSpace(s.buf, valueFrom)
	if v < len(s.buf) && (s.buf[v] == '"' || s.buf[v] == '\'') {
		return s.quoted(keyStart, keyEnd, v)
	}
	return s.unquoted(keyStart, keyEnd, v)
}

// skipExport drops an "export" prefix when white space (not a line break)
// follows it, as godotenv's locateKeyName does.
func (s *scanner) skipExport(p int) int {
	if !bytes.HasPrefix(s.buf[p:], exportPrefix) {
		return p
	}
	after := p + len(exportPrefix)
	if inlineSpaceLen(s.buf, after) == 0 {
		return p
	}
	return skipInlineSpace(s.buf, after)
}

// scanKey is godotenv's key loop. It walks BYTES and judges each byte as if
// it were the Latin-1 rune of the same value: bytes 0x85 and 0xA0 count as
// spaces and are skipped, 0xC3 ("Ã") counts as a letter. White space inside
// the key is allowed and kept (only trailing white space is trimmed).
//
// It returns the key's end (after trimming), the separator's index (-1 when
// the file ends first) and the index of a rejected byte (-1 if none).
func (s *scanner) scanKey(keyStart int) (keyEnd, sep, bad int) {
	buf := s.buf
	for i := keyStart; i < len(buf); i++ {
		switch c := buf[i]; {
		case c == '=' || c == ':':
			key := bytes.TrimRightFunc(buf[keyStart:i], unicode.IsSpace)
			return keyStart + len(key), i, -1
		case keyByte[c]:
		default:
			return 0, -1, i
		}
	}
	return keyStart, -1, -1
}

// keyByte[c] reports whether godotenv's key loop accepts byte c: its
// isSpace, '_', '.', or unicode.IsLetter/IsNumber of rune(c).
var keyByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		r := rune(c)
		t[c] = isGodotenvSpace(r) || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsNumber(r)
	}
	return t
}()

// failKey reports a byte the key loop rejects, naming the character (as a
// code point, never as text) and pointing at the start of its rune.
func (s *scanner) failKey(keyStart, bad int) {
	buf := s.buf
	switch {
	case buf[bad] == '\n':
		s.fail(bad, msgNoSeparator)
		return
	case bad == keyStart && buf[bad] == '{' && bad+1 < len(buf) && bytes.IndexByte([]byte("%{#"), buf[bad+1]) >= 0:
		s.fail(bad, msgTemplate)
		return
	}
	at, r, ok := runeCovering(buf, keyStart, bad)
	if !ok {
		s.fail(bad, fmt.Sprintf("unexpected byte 0x%02X in key", buf[bad]))
		return
	}
	s.fail(at, fmt.Sprintf("unexpected character %U in key", r))
}

// runeCovering finds the valid UTF-8 rune, starting at or after lo, that
// contains the byte at i.
func runeCovering(buf []byte, lo, i int) (int, rune, bool) {
	for j := i; j >= lo && j > i-utf8.UTFMax; j-- {
		if !utf8.RuneStart(buf[j]) {
			continue
		}
		r, size := utf8.DecodeRune(buf[j:])
		if r == utf8.RuneError || j+size <= i {
			return 0, 0, false
		}
		return j, r, true
	}
	return 0, 0, false
}

// quoted reads a quoted value whose opening quote is at v. Like godotenv it
// takes the first quote not preceded by a backslash as the end (so an
// escaped backslash before the quote does not help), then trims every quote
// character from both ends. Double-quoted values get escapes and variables
// expanded; single-quoted values are kept as they are.
func (s *scanner) quoted(keyStart, keyEnd, v int) int {
	buf := s.buf
	q := buf[v]
	end := closingQuote(buf, v)
	if end < 0 {
		// The scan to the end of the file cannot repeat: a later opening
		// quote of the same kind would have been found as the terminator.
		kind := "single-quoted"
		if q == '"' {
			kind = "double-quoted"
		}
		s.fail(v, fmt.Sprintf(msgUnterminated, kind))
		return s.lineAfter(v)
	}
	r := end
	for r > v && buf[r-1] == q {
		r--
	}
	l := v
	for l < r && buf[l] == q {
		l++
	}
	value := s.str[l:r]
	quote := syntax.SingleQuoted
	if q == '"' {
		quote = syntax.DoubleQuoted
		value = s.expandVariables(expandEscapes(value))
	}
	s.emit(keyStart, keyEnd, s.span(v, end+1), s.span(v+1, end), quote, value)
	// The rest of the line is a new statement to godotenv.
	return end + 1
}

// closingQuote returns the index of the quote that ends the value opened
// at v, or -1.
func closingQuote(buf []byte, v int) int {
	q := buf[v]
	for i := v + 1; i < len(buf); {
		j := bytes.IndexByte(buf[i:], q)
		if j < 0 {
			return -1
		}
		i += j
		if buf[i-1] != '\\' {
			return i
		}
		i++
	}
	return -1
}

// unquoted reads a bare value starting at v: up to the first LF or CR,
// minus an inline comment, trimmed. godotenv searches the comment
// BACKWARDS, so the cut is at the last '#' that follows white space, and a
// '#' right at the start of the value is kept.
func (s *scanner) unquoted(keyStart, keyEnd, v int) int {
	buf := s.buf
	eol := v + indexLineEnd(buf[v:])
	end := eol
	for i := eol - 1; i > v; i-- {
		if buf[i] == '#' && spaceBefore(buf, v, i) {
			end = i
			break
		}
	}
	l, r := trimInlineSpace(buf, v, end)
	value := s.expandVariables(runeClean(s.str[l:r]))
	quote := syntax.Unquoted
	if end > v && buf[v] == '`' {
		quote = syntax.Backtick
	}
	// Raw runs over the blanks godotenv trims (other loaders keep them);
	// Inner is what godotenv keeps.
	s.emit(keyStart, keyEnd, s.span(v, end), s.span(l, r), quote, value)
	return eol
}

func (s *scanner) emit(keyStart, keyEnd int, raw, inner syntax.Span, quote syntax.Quote, value string) {
	key := s.str[keyStart:keyEnd]
	if len(s.paths) == cap(s.paths) {
		s.paths = make([]string, 0, 16)
	}
	s.paths = append(s.paths, key)
	n := len(s.paths)
	s.pairs = append(s.pairs, syntax.Pair{
		Path:    s.paths[n-1 : n : n],
		KeySpan: s.span(keyStart, keyEnd),
		Raw:     raw,
		Inner:   inner,
		Quote:   quote,
		Value:   value,
	})
	if s.vars != nil {
		s.vars[key] = value
	}
}

// lookup returns the value godotenv's map holds for name at this point of
// the file: the last earlier assignment, or "" (never the OS environment).
func (s *scanner) lookup(name string) string {
	if s.vars == nil {
		s.vars = make(map[string]string, len(s.pairs))
		for i := range s.pairs {
			s.vars[s.pairs[i].Path[0]] = s.pairs[i].Value
		}
	}
	return s.vars[name]
}

// lineAfter returns the index just past the LF at or after p.
func (s *scanner) lineAfter(p int) int {
	i := bytes.IndexByte(s.buf[p:], '\n')
	if i < 0 {
		return len(s.buf)
	}
	return p + i + 1
}
