package yamlfile

import (
	"bytes"
	"io"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// Chunked decoding keeps a large file's node tree small. yaml.v3 has no
// event API: one document becomes one tree of about 20 bytes per byte of
// input, all alive until it is walked. A document whose root is a block
// mapping (or block sequence) at column 0 is instead cut at the lines
// where a root entry starts, and the pieces are decoded and walked one by
// one, their line numbers shifted back into the file. One root entry much
// larger than the rest (a Kubernetes List's `items:`, an OpenAPI `paths:`)
// is cut the same way one level down, each piece decoded under a copy of
// the entry's key line so that it nests exactly as in the file.
//
// The cut lines are chosen from the text, so a piece may begin inside a
// construct the text does not show (a multi-line quoted or flow scalar):
// the piece before it is then unterminated and does not decode. Any piece
// that does not decode, or decodes to anything but a block collection of
// the expected kind, sends the file back to the whole-document decode,
// as does anything that ties pieces together: an alias to an anchor in
// another piece does not decode, directives and document markers after
// the first entry, merge keys at the cut level, and line breaks other
// than LF and CRLF are not cut at all. The walk then yields what the
// whole-document decode yields (FuzzChunked checks it).

// chunkSizes sizes the chunked decode.
type chunkSizes struct {
	min    int // files smaller than this are decoded whole
	target int // pieces are grouped up to this many bytes
	huge   int // a root entry larger than this is cut one level down
}

// chunking is what Read uses. Below a megabyte the tree of a whole
// document is small; pieces of 64 KB cost a decoder each but keep the
// live tree near a megabyte.
var chunking = chunkSizes{min: 1 << 20, target: 64 << 10, huge: 256 << 10}

// Environment hints not known yet while a piece is walked: the root's
// `environment:` key may sit in a later piece. yaml.v3 values are valid
// UTF-8 and these are not, so no hint from the file equals them.
const (
	pendingRootHint  = "\xff root"
	pendingEntryHint = "\xff entry"
)

// readChunked reads src in pieces when it has a shape that allows it; ok
// is false when it does not, and the caller decodes the file whole.
func readChunked(src []byte, idx *lineIndex, sizes chunkSizes) (pairs []syntax.Pair, errs []syntax.ParseError, ok bool) {
	if !plainBreaks(src) {
		return nil, nil, false
	}
	lines, seq, ok := rootLines(src, idx)
	if !ok {
		return nil, nil, false
	}
	c := &chunker{w: newWalker(src, idx), src: src, idx: idx, sizes: sizes}
	if !c.document(lines, seq) {
		return nil, nil, false
	}
	return c.w.pairs, c.w.errs, true
}

// plainBreaks reports that every line break is LF or CRLF: yaml.v3 also
// breaks lines at a lone CR, NEL, LS and PS, and cutting only at LF keeps
// the line numbers of pieces and file the same.
func plainBreaks(src []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(src[i:], '\r')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(src) || src[i+1] != '\n' {
			return false
		}
	}
	return !bytes.Contains(src, []byte("\u0085")) && !bytes.Contains(src, []byte("\u2028")) && !bytes.Contains(src, []byte("\u2029"))
}

type lineKind uint8

const (
	lineOther  lineKind = iota
	lineBlank           // blanks, or blanks and a comment
	lineKey             // a character that may start a mapping key
	lineItem            // "-" and a blank: a block sequence item
	lineMarker          // "%", "---" or "..." at column 0
)

// classify reads the line src[start:end]: its indentation in spaces and
// what starts it.
func classify(src []byte, start, end int) (indent int, kind lineKind) {
	i := start
	for i < end && src[i] == ' ' {
		i++
	}
	indent = i - start
	j := i
	for j < end && src[j] == '\t' || j < end && src[j] == ' ' {
		j++
	}
	if j == end || src[j] == '\n' || src[j] == '\r' || src[j] == '#' {
		return indent, lineBlank
	}
	if i < end && src[i] == '\t' {
		return indent, lineOther
	}
	c := src[i]
	switch {
	case indent == 0 && (c == '%' || bytes.HasPrefix(src[i:end], []byte("---")) || bytes.HasPrefix(src[i:end], []byte("..."))):
		return indent, lineMarker
	case c == '-' && (i+1 == end || src[i+1] == ' ' || src[i+1] == '\t' || src[i+1] == '\r' || src[i+1] == '\n'):
		return indent, lineItem
	case isLetter(c) || isDigit(c) || c == '_' || c == '$' || c == '/' || c == '.' || c == '"' || c == '\'' || c == '<' || c == '~' ||
		c >= 0x80 && c != 0xEF: // not a byte order mark
		return indent, lineKey
	}
	return indent, lineOther
}

// lineBounds returns where 0-based line i starts and ends (its break
// included); the BOM is not part of the first line.
func lineBounds(src []byte, idx *lineIndex, i int) (start, end int) {
	start, end = idx.starts[i], len(src)
	if i+1 < len(idx.starts) {
		end = idx.starts[i+1]
	}
	if i == 0 {
		start += idx.bom
	}
	return start, end
}

// rootLines returns the 0-based lines where the root collection's entries
// start, and whether the root is a sequence. Before the first entry only
// blank and comment lines and one `---` line may come.
func rootLines(src []byte, idx *lineIndex) (lines []int, seq, ok bool) {
	marker := false
	for i := range idx.starts {
		start, end := lineBounds(src, idx, i)
		if start >= end {
			break
		}
		indent, kind := classify(src, start, end)
		if lines == nil {
			switch {
			case kind == lineBlank:
				continue
			case kind == lineMarker && !marker && bytes.HasPrefix(src[start:end], []byte("---")):
				if _, rest := classify(src, start+3, end); rest == lineBlank {
					marker = true
					continue
				}
				return nil, false, false
			case indent == 0 && (kind == lineKey || kind == lineItem):
				seq = kind == lineItem
				lines = append(lines, i)
				continue
			}
			return nil, false, false
		}
		switch {
		case indent > 0:
		case kind == lineMarker:
			return nil, false, false
		case kind == lineKey && !seq, kind == lineItem && seq:
			lines = append(lines, i)
		}
	}
	return lines, seq, lines != nil
}

// chunker decodes and walks one document piece by piece.
type chunker struct {
	w   *walker
	src []byte
	idx *lineIndex
	buf []byte // a piece cut one level down, under its key line

	sizes chunkSizes
}

// start returns the offset where 0-based line i starts (len(src) past the
// last line).
func (c *chunker) start(i int) int {
	if i >= len(c.idx.starts) {
		return len(c.src)
	}
	return c.idx.starts[i]
}

// document walks the root collection whose entries start at lines, the
// way walker.document walks it whole.
func (c *chunker) document(lines []int, seq bool) bool {
	w := c.w
	// A root sequence passes no hint down; the root mapping's pairs wait
	// for its `environment:` key, wherever it is.
	walk := newPieceWalk(w, nil, 1, w.tick(1), seq, "")
	if !seq {
		walk.hint = pendingRootHint
	}
	// Piece i runs from bound(i) to bound(i+1); the first also holds what
	// comes before the first entry.
	bound := func(i int) int {
		if i == 0 {
			return 0
		}
		if i == len(lines) {
			return len(c.src)
		}
		return c.start(lines[i])
	}
	firstLine := func(i int) int { // 0-based
		if i == 0 {
			return 0
		}
		return lines[i]
	}
	flush := func(from, to int) bool {
		if from == to {
			return true
		}
		root, ok := c.decode(c.src[bound(from):bound(to)], lineMap{sliceFirst: firstLine(from) + 1})
		if !ok {
			return false
		}
		if !walk.add(root) {
			return false
		}
		w.reserve(bound(to))
		return true
	}
	from := 0
	for i := range lines {
		if !seq && bound(i+1)-bound(i) > c.sizes.huge {
			if p, ok := c.planEntry(firstLine(i), lines[i], bound(i+1)); ok {
				if !flush(from, i) || !c.entry(p, walk.walking) {
					return false
				}
				from = i + 1
				continue
			}
		}
		if bound(i+1)-bound(from) >= c.sizes.target {
			if !flush(from, i+1) {
				return false
			}
			from = i + 1
		}
	}
	if !flush(from, len(lines)) {
		return false
	}
	walk.finish(0, "")
	return true
}

// entryPlan is a root entry cut one level down: the key line alone, and
// a block mapping or sequence below it whose entries start at lines.
type entryPlan struct {
	first  int // 0-based line where the root piece starts (the key line, or 0)
	header int // 0-based line of the key
	end    int // offset where the entry ends
	indent int // of the entries below the key
	seq    bool
	lines  []int
}

// planEntry reads the text of the root entry whose key is on line header
// and which ends at offset end.
func (c *chunker) planEntry(first, header, end int) (entryPlan, bool) {
	p := entryPlan{first: first, header: header, end: end}
	hs, he := lineBounds(c.src, c.idx, header)
	if t := bytes.TrimRight(c.src[hs:he], " \t\r\n"); len(t) == 0 || t[len(t)-1] != ':' {
		return p, false
	}
	for i := header + 1; i < len(c.idx.starts) && c.idx.starts[i] < end; i++ {
		ls, le := lineBounds(c.src, c.idx, i)
		indent, kind := classify(c.src, ls, le)
		if p.lines == nil {
			switch {
			case kind == lineBlank:
				continue
			case kind == lineItem:
				p.seq = true
			case kind == lineKey && indent > 0:
			default:
				return p, false
			}
			p.indent = indent
			p.lines = append(p.lines, i)
			continue
		}
		if indent == p.indent && (kind == lineItem && p.seq || kind == lineKey && !p.seq) {
			p.lines = append(p.lines, i)
		}
	}
	return p, p.lines != nil
}

// entry walks a root entry planned by planEntry the way walker.mapping
// walks it as one of the root's entries. Each piece is decoded under a
// copy of the lines from the root piece's start to the key, so that it
// nests (and is limited in depth) exactly as in the file.
func (c *chunker) entry(p entryPlan, walking bool) bool {
	w := c.w
	prefix := p.header - p.first + 1
	headerEnd := c.start(p.header + 1)
	bound := func(j int) int {
		if j == 0 {
			return headerEnd
		}
		if j == len(p.lines) {
			return p.end
		}
		return c.start(p.lines[j])
	}
	firstLine := func(j int) int { // 0-based
		if j == 0 {
			return p.header + 1
		}
		return p.lines[j]
	}
	mark := len(w.pairs)
	walking = walking && !w.stopped
	var walk *pieceWalk
	flush := func(from, to int) bool {
		c.buf = append(append(c.buf[:0], c.src[c.start(p.first):headerEnd]...), c.src[bound(from):bound(to)]...)
		m := lineMap{prefix: prefix, prefixFirst: p.first + 1, sliceFirst: firstLine(from) + 1}
		if to < len(p.lines) {
			m.eofLine, m.eofCol = prefix+p.lines[to]-firstLine(from)+1, p.indent+1
		}
		root, ok := c.decode(c.buf, m)
		if !ok || root.Kind != yaml.MappingNode || root.Column != 1 || len(root.Content) != 2 {
			return false
		}
		key, val := root.Content[0], root.Content[1]
		if key.Kind != yaml.ScalarNode || isMergeKey(key) || key.Value == "environment" || key.Line != p.header+1 {
			return false
		}
		if walk == nil {
			// As walker.mapping's loop reaches the entry and descends.
			var path *keyPath
			if walking {
				path = path.child(key.Value)
				walking = w.tick(2)
			}
			walk = newPieceWalk(w, path, 2, walking, p.seq, pendingRootHint)
			if !p.seq {
				walk.hint = pendingEntryHint
			}
		}
		if !walk.add(val) {
			return false
		}
		w.reserve(bound(to))
		return true
	}
	from := 0
	for j := range p.lines {
		if bound(j+1)-bound(from) >= c.sizes.target {
			if !flush(from, j+1) {
				return false
			}
			from = j + 1
		}
	}
	if from < len(p.lines) && !flush(from, len(p.lines)) {
		return false
	}
	walk.finish(mark, pendingRootHint)
	return true
}

// pieceWalk walks one block collection piece by piece, the way
// walker.mapping and walker.sequence walk it whole: one scope for its
// entries (or its list items), sequence indexes counted across pieces.
// A mapping's own `environment:` key may come in a later piece, so its
// pairs carry the placeholder hint until finish.
type pieceWalk struct {
	w       *walker
	path    *keyPath
	depth   int
	walking bool // false once the walk stopped before this collection
	seq     bool

	next     int        // index of the next sequence item
	seqScope func() int // the list's scope
	scope    int        // the mapping's scope

	hint  string // what the pairs carry down
	own   string // the mapping's own environment hint, once found
	found bool
}

func newPieceWalk(w *walker, path *keyPath, depth int, walking, seq bool, hint string) *pieceWalk {
	p := &pieceWalk{w: w, path: path, depth: depth, walking: walking, seq: seq, hint: hint}
	switch {
	case !walking:
	case seq:
		p.seqScope = w.listScope()
	default:
		p.scope = w.newScope()
	}
	return p
}

// add walks the next piece of the collection; false when it is not a
// block collection of the kind expected, or the piece holds a merge key
// (merged keys weigh against all of the mapping's own).
func (p *pieceWalk) add(n *yaml.Node) bool {
	w := p.w
	if n.Style != 0 || n.Anchor != "" {
		return false
	}
	if p.seq {
		if n.Kind != yaml.SequenceNode {
			return false
		}
		if p.walking {
			w.items(n.Content, p.next, p.path, p.seqScope, p.hint, p.depth)
		}
		p.next += len(n.Content)
		return true
	}
	if n.Kind != yaml.MappingNode || hasMergeKey(n) {
		return false
	}
	entries := w.entries(n, p.depth)
	if !p.found {
		p.own, p.found = envHint(entries)
	}
	if p.walking {
		w.mapEntries(entries, p.path, p.scope, p.hint, p.depth)
	}
	return true
}

// finish gives the pairs from index mark on that wait for the mapping's
// hint that hint, or inherited when the mapping has none.
func (p *pieceWalk) finish(mark int, inherited string) {
	if p.seq {
		return
	}
	if p.found {
		inherited = p.own
	}
	pairs := p.w.pairs[mark:]
	for i := range pairs {
		if pairs[i].EnvHint == p.hint {
			pairs[i].EnvHint = inherited
		}
	}
}

func hasMergeKey(m *yaml.Node) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if isMergeKey(m.Content[i]) {
			return true
		}
	}
	return false
}

// lineMap maps the lines of a piece to the file's: the piece's first
// prefix lines are the file's from prefixFirst, the rest from sliceFirst
// (1-based). A piece cut before an entry indented by n ends where the
// next entry's key or "-" is, at column n+1, but the piece's own end is
// at column 1: eofCol moves nodes placed at the end there.
type lineMap struct {
	prefix, prefixFirst, sliceFirst int
	eofLine, eofCol                 int
}

func (m lineMap) apply(n *yaml.Node) {
	if m.eofCol > 0 && n.Line == m.eofLine && n.Column == 1 {
		n.Column = m.eofCol
	}
	if n.Line <= m.prefix {
		n.Line += m.prefixFirst - 1
	} else {
		n.Line += m.sliceFirst - m.prefix - 1
	}
	for _, k := range n.Content {
		m.apply(k)
	}
}

// decode decodes one piece, which must be one document whose root is a
// block collection, and moves its nodes to the file's lines.
func (c *chunker) decode(text []byte, m lineMap) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	doc, err := decodeNext(dec)
	if err != nil {
		return nil, false
	}
	if _, err := decodeNext(dec); err != io.EOF {
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Style != 0 || root.Anchor != "" {
		return nil, false
	}
	m.apply(root)
	clear(c.w.spans) // no node of an earlier piece is reached again
	return root, true
}
