package yamlfile

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// The recovery scanner reads a file the decoder refused, line by line, so
// that tokens in a broken file are still linted. It understands only the
// common shapes of configuration files:
//
//   - comments, blank lines, `---`/`...` document markers, directives;
//   - `key: value` lines, where the key is plain or quoted on one line and
//     the value is plain, quoted on one line, or a `|`/`>` block scalar;
//   - `- ` sequence items (including `- key: value` and `- KEY=VALUE`);
//   - indentation (spaces, or tabs as 8-column stops) gives the path.
//
// Flow collections, aliases, multi-line plain or quoted values and
// complex keys are skipped. Folded block values are folded simply (lines
// joined with spaces).

// tabWidth is the column stop a tab advances to in indentation. YAML
// forbids tabs there, which is a common reason a file lands here.
const tabWidth = 8

type rframe struct {
	indent    int
	seg       string // path segment; "" for the root
	item      bool   // a `- ` sequence item
	scope     int    // scope of the mapping directly under this frame
	listScope int    // scope of KEY=VALUE items of the list under it
	nextItem  int
}

type recoverer struct {
	src    []byte
	lines  []syntax.Span // each line without its line break
	li     int
	stack  []rframe
	scopes int
	pairs  []syntax.Pair
}

func recoverPairs(src []byte) []syntax.Pair {
	r := &recoverer{src: src, lines: splitLines(src)}
	r.reset()
	for r.li = 0; r.li < len(r.lines); r.li++ {
		r.scanLine()
	}
	applyEnvHints(r.pairs)
	return r.pairs
}

func splitLines(src []byte) []syntax.Span {
	var lines []syntax.Span
	start := 0
	if hasBOM(src) {
		start = 3
	}
	for i := start; i <= len(src); i++ {
		if i < len(src) && src[i] != '\n' {
			continue
		}
		end := i
		if end > start && src[end-1] == '\r' {
			end--
		}
		if i < len(src) || start < len(src) {
			lines = append(lines, syntax.Span{Start: start, End: end})
		}
		start = i + 1
	}
	return lines
}

func (r *recoverer) reset() {
	r.stack = append(r.stack[:0], rframe{indent: -1})
}

func (r *recoverer) newScope() int {
	r.scopes++
	return r.scopes
}

// indentOf returns a line's indentation in columns and where its content
// starts.
func (r *recoverer) indentOf(ln syntax.Span) (int, int) {
	col, i := 0, ln.Start
	for ; i < ln.End && (r.src[i] == ' ' || r.src[i] == '\t'); i++ {
		if r.src[i] == '\t' {
			col = (col/tabWidth + 1) * tabWidth
		} else {
			col++
		}
	}
	return col, i
}

func (r *recoverer) scanLine() {
	ln := r.lines[r.li]
	ind, cs := r.indentOf(ln)
	if cs == ln.End || r.src[cs] == '#' {
		return
	}
	if ind == 0 && (r.isMarker(cs, ln.End, "---") || r.isMarker(cs, ln.End, "...")) {
		r.reset()
		return
	}
	if ind == 0 && r.src[cs] == '%' {
		return
	}
	r.content(cs, ln.End, ind)
}

func (r *recoverer) isMarker(cs, e int, m string) bool {
	return strings.HasPrefix(string(r.src[cs:e]), m) && (cs+3 == e || r.src[cs+3] == ' ' || r.src[cs+3] == '\t')
}

func (r *recoverer) isDash(cs, e int) bool {
	return r.src[cs] == '-' && (cs+1 == e || r.src[cs+1] == ' ' || r.src[cs+1] == '\t')
}

// pop removes frames that a line at indentation ind closes.
func (r *recoverer) pop(closes func(f rframe) bool) {
	for len(r.stack) > 1 && closes(r.stack[len(r.stack)-1]) {
		r.stack = r.stack[:len(r.stack)-1]
	}
}

func (r *recoverer) top() *rframe { return &r.stack[len(r.stack)-1] }

func (r *recoverer) path(skipTop bool) []string {
	frames := r.stack[1:]
	if skipTop && len(frames) > 0 {
		frames = frames[:len(frames)-1]
	}
	p := make([]string, 0, len(frames)+1)
	for _, f := range frames {
		p = append(p, f.seg)
	}
	return p
}

// content reads what follows a line's indentation (a loop, not
// recursion, over `- - - x`: a long line must not grow the stack).
func (r *recoverer) content(cs, e, ind int) {
	inItem := false
	for r.isDash(cs, e) {
		r.pop(func(f rframe) bool { return f.indent > ind || f.indent == ind && f.item })
		parent := r.top()
		i := parent.nextItem
		parent.nextItem++
		r.stack = append(r.stack, rframe{indent: ind, seg: syntax.Index(i), item: true})
		c := cs + 1
		for c < e && (r.src[c] == ' ' || r.src[c] == '\t') {
			c++
		}
		if c == e || r.src[c] == '#' {
			return
		}
		ind += c - cs
		cs = c
		inItem = true
	}
	if r.keyLine(cs, e, ind) {
		return
	}
	if inItem {
		r.listItem(cs, e)
	}
}

// parseKey recognises `key:` at cs and returns the key's text span
// (without quotes) and the offset of the colon.
func (r *recoverer) parseKey(cs, e int) (key syntax.Span, quoted byte, colon int, ok bool) {
	src := r.src
	switch c := src[cs]; c {
	case '"', '\'':
		end := closingQuote(src, cs, e)
		if end < 0 {
			return key, 0, 0, false
		}
		i := end + 1
		for i < e && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		if i < e && src[i] == ':' && (i+1 == e || src[i+1] == ' ' || src[i+1] == '\t') {
			return syntax.Span{Start: cs + 1, End: end}, c, i, true
		}
		return key, 0, 0, false
	case '[', '{', '#', '|', '>', '%', '@', '`', '&', '*', '!', '?':
		return key, 0, 0, false
	}
	for i := cs; i < e; i++ {
		if src[i] == '#' && i > cs && (src[i-1] == ' ' || src[i-1] == '\t') {
			return key, 0, 0, false
		}
		if src[i] == ':' && (i+1 == e || src[i+1] == ' ' || src[i+1] == '\t') {
			end := i
			for end > cs && (src[end-1] == ' ' || src[end-1] == '\t') {
				end--
			}
			if end == cs {
				return key, 0, 0, false
			}
			return syntax.Span{Start: cs, End: end}, 0, i, true
		}
	}
	return key, 0, 0, false
}

// closingQuote returns the offset of the quote closing the one at q on
// the same line, or -1.
func closingQuote(src []byte, q, e int) int {
	for i := q + 1; i < e; i++ {
		switch {
		case src[q] == '"' && src[i] == '\\':
			i++
		case src[i] == src[q]:
			if src[q] == '\'' && i+1 < e && src[i+1] == '\'' {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// unquote returns the value of a one-line quoted scalar, as the decoder
// reads it.
func unquote(text []byte, q byte) string {
	if q == '\'' {
		return strings.ReplaceAll(string(text[1:len(text)-1]), "''", "'")
	}
	var s string
	if yaml.Unmarshal(text, &s) != nil {
		return string(text[1 : len(text)-1])
	}
	return s
}

// keyLine handles `key: ...`; it reports false when the line is not one.
func (r *recoverer) keyLine(cs, e, ind int) bool {
	ks, q, colon, ok := r.parseKey(cs, e)
	if !ok {
		return false
	}
	key := string(r.src[ks.Start:ks.End])
	if q != 0 {
		key = unquote(r.src[ks.Start-1:ks.End+1], q)
	}
	r.pop(func(f rframe) bool { return f.indent >= ind })
	parent := r.top()
	if parent.scope == 0 {
		parent.scope = r.newScope()
	}
	p := syntax.Pair{Path: append(r.path(false), key), KeySpan: ks, Scope: parent.scope}

	v := colon + 1
	for v < e && (r.src[v] == ' ' || r.src[v] == '\t') {
		v++
	}
	// Properties: keep the tag as written, skip anchors.
	for v < e && (r.src[v] == '!' || r.src[v] == '&') {
		pe := min(propEnd(r.src, v), e)
		if r.src[v] == '!' {
			p.Tag = string(r.src[v:pe])
		}
		for v = pe; v < e && (r.src[v] == ' ' || r.src[v] == '\t'); v++ {
		}
	}
	if v == e || r.src[v] == '#' {
		r.emptyValue(p, colon+1, ind)
		return true
	}
	switch c := r.src[v]; c {
	case '[', '{', '*':
		// Flow collections and aliases: not read here.
	case '|', '>':
		r.blockValue(p, v, e, ind)
	case '"', '\'':
		if end := closingQuote(r.src, v, e); end >= 0 {
			p.Raw = syntax.Span{Start: v, End: end + 1}
			p.Inner = syntax.Span{Start: v + 1, End: end}
			p.Quote = syntax.DoubleQuoted
			if c == '\'' {
				p.Quote = syntax.SingleQuoted
			}
			p.Value = unquote(r.src[v:end+1], c)
			r.pairs = append(r.pairs, p)
			return true
		}
		r.plainValue(p, v, e)
	default:
		r.plainValue(p, v, e)
	}
	return true
}

// plainValue reads a one-line plain value up to a comment.
func (r *recoverer) plainValue(p syntax.Pair, v, e int) {
	end := v
	for i := v; i < e; i++ {
		if r.src[i] == '#' && (r.src[i-1] == ' ' || r.src[i-1] == '\t') {
			break
		}
		if r.src[i] != ' ' && r.src[i] != '\t' {
			end = i + 1
		}
	}
	p.Raw = syntax.Span{Start: v, End: end}
	p.Inner = p.Raw
	p.Value = string(r.src[v:end])
	if isNullText(p.Value) {
		p.Value = ""
	}
	r.pairs = append(r.pairs, p)
}

func isNullText(s string) bool {
	return s == "~" || s == "null" || s == "Null" || s == "NULL"
}

// nextSignificant returns the indentation, content start and end of the
// next line that is neither blank nor a comment.
func (r *recoverer) nextSignificant() (ind, cs, e int, ok bool) {
	for j := r.li + 1; j < len(r.lines); j++ {
		ind, cs := r.indentOf(r.lines[j])
		if cs < r.lines[j].End && r.src[cs] != '#' {
			return ind, cs, r.lines[j].End, true
		}
	}
	return 0, 0, 0, false
}

// emptyValue handles `key:` with nothing after it: the key opens a block
// when the next line is more indented (or is a `- ` item at the same
// indentation); otherwise it is a null value.
func (r *recoverer) emptyValue(p syntax.Pair, at, ind int) {
	if ni, ncs, ne, ok := r.nextSignificant(); ok && (ni > ind || ni == ind && r.isDash(ncs, ne)) {
		r.stack = append(r.stack, rframe{indent: ind, seg: p.Path[len(p.Path)-1]})
		return
	}
	p.Raw = syntax.Span{Start: at, End: at}
	p.Inner = p.Raw
	r.pairs = append(r.pairs, p)
}

// blockValue reads a `|` or `>` block scalar whose body is the following
// lines indented more than the key.
func (r *recoverer) blockValue(p syntax.Pair, v, e, ind int) {
	h := v + 1
	chomp := byte(0)
	for h < e && (r.src[h] == '+' || r.src[h] == '-' || isDigit(r.src[h])) {
		if r.src[h] != '+' && r.src[h] != '-' {
			h++
			continue
		}
		chomp = r.src[h]
		h++
	}
	p.Quote = syntax.LiteralBlock
	if r.src[v] == '>' {
		p.Quote = syntax.FoldedBlock
	}
	p.Raw = syntax.Span{Start: v, End: h}
	p.Inner = syntax.Span{Start: h, End: h}

	var body []string
	contentIndent, trailing := -1, 0
	last := r.li
	for j := r.li + 1; j < len(r.lines); j++ {
		ln := r.lines[j]
		li, cs := r.indentOf(ln)
		if cs == ln.End { // blank line: part of the body if more follows
			if contentIndent >= 0 {
				body = append(body, "")
				trailing++
			}
			continue
		}
		if li <= ind {
			break
		}
		if contentIndent < 0 {
			contentIndent = cs - ln.Start
			p.Inner.Start = cs
		}
		start := min(ln.Start+contentIndent, cs)
		body = append(body, string(r.src[start:ln.End]))
		trailing = 0
		p.Raw.End, p.Inner.End = ln.End, ln.End
		last = j
	}
	if contentIndent < 0 {
		p.Inner.Start = h
	}
	r.li = last
	body = body[:len(body)-trailing]
	sep := "\n"
	if p.Quote == syntax.FoldedBlock {
		sep = " "
	}
	p.Value = strings.Join(body, sep)
	switch {
	case len(body) == 0 || chomp == '-':
	case chomp == '+':
		p.Value += strings.Repeat("\n", trailing+1)
	default:
		p.Value += "\n"
	}
	r.pairs = append(r.pairs, p)
}

// listItem reads a `- KEY=VALUE` item (plain, or quoted without escapes).
func (r *recoverer) listItem(cs, e int) {
	start, end := cs, cs
	for i := cs; i < e; i++ {
		if r.src[i] == '#' && i > cs && (r.src[i-1] == ' ' || r.src[i-1] == '\t') {
			break
		}
		if r.src[i] != ' ' && r.src[i] != '\t' {
			end = i + 1
		}
	}
	if c := r.src[cs]; c == '"' || c == '\'' {
		q := closingQuote(r.src, cs, e)
		if q < 0 {
			return
		}
		// Escapes would shift offsets; such items are left out.
		inner := string(r.src[cs+1 : q])
		if c == '"' && strings.Contains(inner, `\`) || c == '\'' && strings.Contains(inner, "''") {
			return
		}
		start, end = cs+1, q
	}
	text := string(r.src[start:end])
	a, ok := parseEnvAssign(text)
	if !ok {
		return
	}
	parent := &r.stack[len(r.stack)-2] // the frame holding the list
	if parent.listScope == 0 {
		parent.listScope = r.newScope()
	}
	r.pairs = append(r.pairs, syntax.Pair{
		Path:    append(r.path(true), text[a.keyStart:a.keyEnd]),
		KeySpan: syntax.Span{Start: start + a.keyStart, End: start + a.keyEnd},
		Raw:     syntax.Span{Start: start + a.rawStart, End: end},
		Inner:   syntax.Span{Start: start + a.innerStart, End: start + a.innerEnd},
		Quote:   a.quote,
		Value:   text[a.innerStart:a.innerEnd],
		Scope:   parent.listScope,
	})
}

// applyEnvHints gives recovered pairs the EnvHint the structured reader
// would: an `environment: X` (or `environment: {name: X}`) pair marks its
// mapping's subtree, found by path prefix. Path prefixes are numbered in
// a trie so deep paths cost linear time.
func applyEnvHints(pairs []syntax.Pair) {
	type trieKey struct {
		parent int
		seg    string
	}
	ids := map[trieKey]int{}
	prefixIDs := func(path []string) []int {
		out := make([]int, len(path)+1) // out[l]: id of path[:l]
		for l, s := range path {
			k := trieKey{out[l], s}
			id, ok := ids[k]
			if !ok {
				id = len(ids) + 1
				ids[k] = id
			}
			out[l+1] = id
		}
		return out
	}
	hints := map[int]string{}
	for _, p := range pairs {
		n := len(p.Path)
		if p.Value == "" || n == 0 {
			continue
		}
		pre := prefixIDs(p.Path)
		var at int
		switch {
		case p.Path[n-1] == "environment":
			at = pre[n-1]
		case n >= 2 && p.Path[n-1] == "name" && p.Path[n-2] == "environment":
			at = pre[n-2]
		default:
			continue
		}
		if _, ok := hints[at]; !ok {
			hints[at] = p.Value
		}
	}
	if len(hints) == 0 {
		return
	}
	for i := range pairs {
		pre := prefixIDs(pairs[i].Path)
		for l := len(pairs[i].Path) - 1; l >= 0; l-- {
			if h, ok := hints[pre[l]]; ok {
				pairs[i].EnvHint = h
				break
			}
		}
	}
}
