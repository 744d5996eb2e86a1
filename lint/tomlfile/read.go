// Package tomlfile reads TOML files into syntax.Pairs: one pair per scalar
// value at any depth, with exact byte positions into the original source.
//
// Pairs come from go-toml's unstable parser, which keeps byte ranges. The
// unstable parser does not check what the loader checks (duplicate keys and
// tables, dates, number ranges), so Read also runs the real loader
// (toml.Unmarshal) and reports its verdict. Where the syntax breaks, Read
// scans the broken lines by hand and restarts the parser on the next line,
// so a token after a syntax error is still seen.
package tomlfile

import (
	"bytes"
	"encoding/binary"
	"strconv"

	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/postmarklint/postmarklint/lint/syntax"
)

// maxDepth bounds how deep Read follows nested inline tables and arrays.
// The walk recurses once per level; go-toml itself accepts 10,000 levels,
// while real configuration files nest a handful. Beyond maxDepth Read
// reports a ParseError and skips the deeper values rather than recursing
// without bound.
const maxDepth = 100

// bom is the UTF-8 byte order mark. TOML allows one at the start of a file
// (toml-test's valid/utf8-bom-*), but go-toml's loader rejects it, so Read
// skips it before handing the document to either parser.
var bom = []byte("\xef\xbb\xbf")

// Read returns one Pair per scalar value in src, and the places where the
// TOML loader refuses the file. It never panics and never fails: on a
// syntax error it still returns the pairs it can recover.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	n := estimatePairs(src[start:])
	r := reader{
		src:   src,
		pairs: make([]syntax.Pair, 0, n),
		// Paths average about three segments.
		arena: make([]string, 0, 3*n),
	}
	loadErr := load(src, start)
	synErr := r.parse(start)

	var errs []syntax.ParseError
	// The loader runs the same grammar plus its semantic checks, so its first
	// error is the file's first problem. A syntax error it did not report
	// would mean the two parsers disagree; report it rather than hide it.
	switch {
	case loadErr != nil:
		errs = append(errs, *loadErr)
	case synErr != nil:
		errs = append(errs, *synErr)
	}
	if r.depthErr != nil {
		errs = append(errs, *r.depthErr)
	}
	return r.pairs, errs
}

// estimatePairs guesses the number of pairs from the number of '=' signs, so
// that the result slice is allocated once for typical files. The guess is
// capped: '=' inside values (base64 padding, URLs) must not make a large
// file allocate far more than it needs.
func estimatePairs(doc []byte) int {
	return min(bytes.Count(doc, []byte{'='}), 256)
}

// reader holds the state of one Read call.
type reader struct {
	src   []byte
	pairs []syntax.Pair

	// stack is the key path being built: the current table's resolved path
	// (with "[i]" segments for array tables) between expressions, plus the
	// keys of the key/value being walked.
	stack []string

	// arena backs the Path of every pair, so that pairs do not allocate a
	// slice each. Paths are cut with a full slice expression so that a
	// caller appending to one cannot overwrite another.
	arena []string

	// arrays counts the [[array]] headers seen per resolved path.
	arrays map[string]int

	// scopes numbers the parent paths; lastScopeKey/lastScope cache the
	// previous lookup since siblings usually come one after another.
	scopes       map[string]int
	lastScopeKey []byte
	lastScope    int
	keyBuf       []byte

	depthErr *syntax.ParseError
}

// parse walks the document from pos with the unstable parser. On a syntax
// error it scans the lines from the end of the last good expression through
// the line of the error by hand, then restarts the parser on the next line.
// Every restart begins past the previous error, so the work stays linear.
// It returns the first syntax error.
func (r *reader) parse(pos int) *syntax.ParseError {
	var first *syntax.ParseError
	var p unstable.Parser
	for pos < len(r.src) {
		p.Reset(r.src[pos:])
		next := pos // start of the first line not yet covered
		for p.NextExpression() {
			end := r.expression(p.Expression(), pos)
			next = lineAfter(r.src, end)
		}
		err := p.Error()
		if err == nil {
			break
		}
		off := pos + parserErrorOffset(&p, err)
		if first == nil {
			first = &syntax.ParseError{Offset: off, Msg: safeMessage(err.Error())}
		}
		stop := lineAfter(r.src, off)
		if stop <= pos {
			stop = lineAfter(r.src, pos)
		}
		r.scanLines(next, stop)
		pos = stop
	}
	return first
}

// parserErrorOffset returns the offset of a parser error's highlight within
// the parser's data, or 0 when the error carries none.
func parserErrorOffset(p *unstable.Parser, err error) int {
	perr, ok := err.(*unstable.ParserError)
	if !ok {
		return 0
	}
	data := p.Data()
	// The highlight is a subslice of data: the distance between the ends of
	// their capacities is its offset (the same trick as Parser.Range, which
	// panics instead of reporting a foreign slice).
	off := cap(data) - cap(perr.Highlight)
	if off < 0 || off > len(data) {
		return 0
	}
	return off
}

// lineAfter returns the offset just past the newline at or after off, or
// len(src) when there is none.
func lineAfter(src []byte, off int) int {
	if off >= len(src) {
		return len(src)
	}
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// expression emits the pairs of one top-level expression, whose node
// offsets are relative to base, and returns its absolute end offset.
func (r *reader) expression(e *unstable.Node, base int) int {
	switch e.Kind {
	case unstable.KeyValue:
		r.keyValue(e, base, 0)
		return base + int(e.Raw.Offset) + int(e.Raw.Length)
	case unstable.Table, unstable.ArrayTable:
		return r.header(e, base)
	}
	return base
}

// header makes a [table] or [[array]] header the current table and returns
// the absolute end of its last key.
func (r *reader) header(e *unstable.Node, base int) int {
	end := base
	names := r.stack[:0]
	it := e.Key()
	for it.Next() {
		k := it.Node()
		names = append(names, string(k.Data))
		end = base + int(k.Raw.Offset) + int(k.Raw.Length)
	}
	r.openTable(names, e.Kind == unstable.ArrayTable)
	return end
}

// openTable sets the stack to the resolved path of a table header: each
// prefix that names an array of tables gets "[i]" for its latest element,
// and an [[array]] header starts element i of its own array. names may
// alias r.stack.
func (r *reader) openTable(names []string, array bool) {
	if r.arrays == nil && !array {
		// No array tables so far: the header's keys are the path.
		r.stack = names
		return
	}
	if r.arrays == nil {
		r.arrays = make(map[string]int)
	}
	// Copy the names out of the stack before rebuilding it in place.
	keys := append([]string(nil), names...)
	r.stack = r.stack[:0]
	for i, k := range keys {
		r.stack = append(r.stack, k)
		key := r.pathKey(r.stack)
		if array && i == len(keys)-1 {
			n := r.arrays[string(key)]
			r.arrays[string(key)] = n + 1
			r.stack = append(r.stack, syntax.Index(n))
		} else if n := r.arrays[string(key)]; n > 0 {
			r.stack = append(r.stack, syntax.Index(n-1))
		}
	}
}

// keyValue emits the pairs of a key/value node under the current stack.
func (r *reader) keyValue(kv *unstable.Node, base, depth int) {
	mark := len(r.stack)
	var keySpan syntax.Span
	it := kv.Key()
	for it.Next() {
		k := it.Node()
		r.stack = append(r.stack, string(k.Data))
		keySpan = span(base, k.Raw)
	}
	r.value(kv.Value(), base, keySpan, depth)
	r.stack = r.stack[:mark]
}

// value emits the pairs of a value whose path is the stack: the value itself
// when it is a scalar, the scalars of inline tables (also inside arrays)
// otherwise. Arrays of scalars are sequences, not values: they yield none.
func (r *reader) value(v *unstable.Node, base int, keySpan syntax.Span, depth int) {
	switch v.Kind {
	case unstable.InlineTable:
		if !r.enter(depth, keySpan) {
			return
		}
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				r.keyValue(c, base, depth+1)
			}
		}
	case unstable.Array:
		if !r.enter(depth, keySpan) {
			return
		}
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			switch c.Kind {
			case unstable.Comment:
				continue
			case unstable.InlineTable, unstable.Array:
				r.stack = append(r.stack, syntax.Index(i))
				r.value(c, base, keySpan, depth+1)
				r.stack = r.stack[:len(r.stack)-1]
			}
			i++
		}
	case unstable.String:
		raw := span(base, v.Raw)
		q, inner := stringQuote(r.src, raw)
		r.emit(keySpan, raw, inner, q, string(v.Data))
	case unstable.Bool, unstable.Integer, unstable.Float,
		unstable.DateTime, unstable.LocalDate, unstable.LocalDateTime, unstable.LocalTime:
		raw := span(base, v.Raw)
		r.emit(keySpan, raw, raw, syntax.Unquoted, string(v.Data))
	}
}

// enter reports whether a container at depth may be walked, recording a
// ParseError the first time the depth limit is hit.
func (r *reader) enter(depth int, at syntax.Span) bool {
	if depth < maxDepth {
		return true
	}
	if r.depthErr == nil {
		r.depthErr = &syntax.ParseError{
			Offset: at.Start,
			Msg:    "arrays and inline tables nested more than " + strconv.Itoa(maxDepth) + " levels deep were not read",
		}
	}
	return false
}

// stringQuote tells the quote style of a string literal from its first
// bytes and returns the span between its delimiters.
func stringQuote(src []byte, raw syntax.Span) (syntax.Quote, syntax.Span) {
	b := src[raw.Start:raw.End]
	if len(b) >= 6 && b[1] == b[0] && b[2] == b[0] {
		q := syntax.MultilineBasic
		if b[0] == '\'' {
			q = syntax.MultilineLiteral
		}
		return q, syntax.Span{Start: raw.Start + 3, End: raw.End - 3}
	}
	q := syntax.DoubleQuoted
	if len(b) > 0 && b[0] == '\'' {
		q = syntax.SingleQuoted
	}
	if len(b) < 2 {
		return q, raw
	}
	return q, syntax.Span{Start: raw.Start + 1, End: raw.End - 1}
}

// emit appends a pair whose path is the stack.
func (r *reader) emit(keySpan, raw, inner syntax.Span, q syntax.Quote, value string) {
	if len(r.stack) == 0 {
		return
	}
	start := len(r.arena)
	r.arena = append(r.arena, r.stack...)
	path := r.arena[start:len(r.arena):len(r.arena)]
	r.pairs = append(r.pairs, syntax.Pair{
		Path:    path,
		KeySpan: keySpan,
		Raw:     raw,
		Inner:   inner,
		Quote:   q,
		Value:   value,
		Scope:   r.scope(path[:len(path)-1]),
	})
}

// scope returns the number of the mapping at path parent, numbering new
// ones in order of appearance.
func (r *reader) scope(parent []string) int {
	key := r.pathKey(parent)
	if r.scopes != nil && bytes.Equal(key, r.lastScopeKey) {
		return r.lastScope
	}
	if r.scopes == nil {
		r.scopes = make(map[string]int, 16)
	}
	id, ok := r.scopes[string(key)]
	if !ok {
		id = len(r.scopes)
		r.scopes[string(key)] = id
	}
	r.lastScopeKey = append(r.lastScopeKey[:0], key...)
	r.lastScope = id
	return id
}

// pathKey encodes a path as length-prefixed segments in a reused buffer, so
// that no two paths share a key even when segments hold any byte.
func (r *reader) pathKey(path []string) []byte {
	r.keyBuf = r.keyBuf[:0]
	for _, s := range path {
		r.keyBuf = binary.AppendUvarint(r.keyBuf, uint64(len(s)))
		r.keyBuf = append(r.keyBuf, s...)
	}
	return r.keyBuf
}

func span(base int, rg unstable.Range) syntax.Span {
	start := base + int(rg.Offset)
	return syntax.Span{Start: start, End: start + int(rg.Length)}
}
