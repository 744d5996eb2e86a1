package yamlfile

import (
	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// scalarSpan is where one scalar node's text sits in the source.
type scalarSpan struct {
	raw, inner syntax.Span
	tag        string // the tag property as written, "" when implicit
	// empty marks a plain scalar with no text and no properties
	// (`key:`): it has no bytes of its own, so the caller places it.
	empty bool
}

// quoteOf maps a node's style to the contract's Quote.
func quoteOf(n *yaml.Node) syntax.Quote {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return syntax.DoubleQuoted
	case n.Style&yaml.SingleQuotedStyle != 0:
		return syntax.SingleQuoted
	case n.Style&yaml.LiteralStyle != 0:
		return syntax.LiteralBlock
	case n.Style&yaml.FoldedStyle != 0:
		return syntax.FoldedBlock
	}
	return syntax.Unquoted
}

// scanScalar finds the bytes of a scalar whose mark (anchor, tag or first
// character) is at p. yaml.v3 gives no end positions, so the end is found
// by scanning the source according to the node's style. Every returned
// span lies within src, whatever the input.
func scanScalar(src []byte, p int, n *yaml.Node) scalarSpan {
	propsEnd, tag, hadProps := skipProps(src, p)
	q := quoteOf(n)
	if q == syntax.Unquoted && n.Value == "" {
		if hadProps {
			// `key: &a` or `key: !!null`: place the empty value right
			// after its properties.
			e := syntax.Span{Start: propsEnd, End: propsEnd}
			return scalarSpan{raw: e, inner: e, tag: tag}
		}
		e := syntax.Span{Start: p, End: p}
		return scalarSpan{raw: e, inner: e, empty: true}
	}
	if hadProps {
		p = skipSpaceAndComments(src, propsEnd)
	}
	var raw, inner syntax.Span
	switch q {
	case syntax.DoubleQuoted:
		raw, inner = scanDoubleQuoted(src, p)
	case syntax.SingleQuoted:
		raw, inner = scanSingleQuoted(src, p)
	case syntax.LiteralBlock, syntax.FoldedBlock:
		raw, inner = scanBlock(src, p, n.Value)
	default:
		raw = scanPlain(src, p, n.Value)
		inner = raw
	}
	return scalarSpan{raw: raw, inner: inner, tag: tag}
}

// skipProps steps over the anchor and tag properties written before a
// node (yaml.v3 marks the node at its first property). It returns the
// offset just after the last property and the tag text as written.
func skipProps(src []byte, p int) (end int, tag string, had bool) {
	end = p
	for p < len(src) && (src[p] == '!' || src[p] == '&') {
		had = true
		e := propEnd(src, p)
		if src[p] == '!' {
			tag = string(src[p:e])
		}
		end = e
		// Only look for a second property on the same line: an empty
		// anchored value may be followed by the next key's anchor.
		q := e
		for q < len(src) && (src[q] == ' ' || src[q] == '\t') {
			q++
		}
		if q >= len(src) || (src[q] != '!' && src[q] != '&') {
			break
		}
		p = q
	}
	return end, tag, had
}

// propEnd returns the end of the anchor or tag token at p, with yaml.v3's
// rules: an anchor name is [0-9A-Za-z_-]* (`&an:chor x` is anchor "an"
// on the scalar ":chor x"); a tag runs to the next blank.
func propEnd(src []byte, p int) int {
	i := p + 1
	if src[p] == '&' {
		for i < len(src) && (isLetter(src[i]) || isDigit(src[i]) || src[i] == '_' || src[i] == '-') {
			i++
		}
		return i
	}
	if i < len(src) && src[i] == '<' { // verbatim !<tag>
		for i < len(src) && src[i] != '>' && breakLen(src, i) == 0 {
			i++
		}
		if i < len(src) && src[i] == '>' {
			i++
		}
		return i
	}
	for i < len(src) && !isBlankAt(src, i) {
		i++
	}
	return i
}

// isBlankAt reports a space, tab or line break at i.
func isBlankAt(src []byte, i int) bool {
	return src[i] == ' ' || src[i] == '\t' || breakLen(src, i) > 0
}

// skipSpaceAndComments skips blanks, line breaks and comments.
func skipSpaceAndComments(src []byte, p int) int {
	for p < len(src) {
		switch {
		case src[p] == ' ' || src[p] == '\t':
			p++
		case breakLen(src, p) > 0:
			p += breakLen(src, p)
		case src[p] == '#':
			for p < len(src) && breakLen(src, p) == 0 {
				p++
			}
		default:
			return p
		}
	}
	return p
}

// scanDoubleQuoted scans "..." starting at p; the scalar may span lines.
// An unterminated scalar runs to the end of the file.
func scanDoubleQuoted(src []byte, p int) (raw, inner syntax.Span) {
	if p >= len(src) || src[p] != '"' {
		return emptyAt(p, len(src))
	}
	for i := p + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++ // the escaped byte can be neither a quote nor a backslash
		case '"':
			return syntax.Span{Start: p, End: i + 1}, syntax.Span{Start: p + 1, End: i}
		}
	}
	return syntax.Span{Start: p, End: len(src)}, syntax.Span{Start: p + 1, End: len(src)}
}

// scanSingleQuoted scans '...' starting at p; ” is an escaped quote.
func scanSingleQuoted(src []byte, p int) (raw, inner syntax.Span) {
	if p >= len(src) || src[p] != '\'' {
		return emptyAt(p, len(src))
	}
	for i := p + 1; i < len(src); i++ {
		if src[i] != '\'' {
			continue
		}
		if i+1 < len(src) && src[i+1] == '\'' {
			i++
			continue
		}
		return syntax.Span{Start: p, End: i + 1}, syntax.Span{Start: p + 1, End: i}
	}
	return syntax.Span{Start: p, End: len(src)}, syntax.Span{Start: p + 1, End: len(src)}
}

func emptyAt(p, n int) (syntax.Span, syntax.Span) {
	if p > n {
		p = n
	}
	s := syntax.Span{Start: p, End: p}
	return s, s
}

// contentBytes counts the bytes of s that are not blanks or line breaks.
//
// Plain and block scalars have no escapes: the decoder's value differs
// from the source text only in whitespace (indentation removed, line
// breaks folded or normalised). Counting the non-blank bytes of the value
// therefore tells how far into the source the scalar reaches, without
// re-implementing YAML's indentation and folding rules.
func contentBytes(s []byte) int {
	n := 0
	for i := 0; i < len(s); {
		if bl := breakLen(s, i); bl > 0 {
			i += bl
			continue
		}
		if s[i] != ' ' && s[i] != '\t' {
			n++
		}
		i++
	}
	return n
}

// advanceContent walks from p over want content bytes (see contentBytes).
// It returns the offset of the first content byte and the offset just
// after the last one.
func advanceContent(src []byte, p, want int) (first, end int) {
	first, end = -1, p
	cnt := 0
	for i := p; i < len(src) && cnt < want; {
		if bl := breakLen(src, i); bl > 0 {
			i += bl
			continue
		}
		if src[i] == ' ' || src[i] == '\t' {
			i++
			continue
		}
		if first < 0 {
			first = i
		}
		cnt++
		i++
		end = i
	}
	if first < 0 {
		first = end
	}
	return first, end
}

// scanPlain finds a plain scalar starting at p, single- or multi-line.
// Trailing blanks and a trailing comment are not part of it.
func scanPlain(src []byte, p int, value string) syntax.Span {
	if p > len(src) {
		p = len(src)
	}
	_, end := advanceContent(src, p, contentBytes([]byte(value)))
	return syntax.Span{Start: p, End: end}
}

// scanBlock finds a block scalar whose indicator (| or >) is at p. Raw
// runs from the indicator through the end of the last content line (not
// its line break); Inner from the first non-blank byte of the body, so a
// one-line token in a block scalar reads exactly as the token.
func scanBlock(src []byte, p int, value string) (raw, inner syntax.Span) {
	if p >= len(src) || (src[p] != '|' && src[p] != '>') {
		return emptyAt(p, len(src))
	}
	h := p + 1
	for h < len(src) && (src[h] == '+' || src[h] == '-' || (src[h] >= '0' && src[h] <= '9')) {
		h++
	}
	want := contentBytes([]byte(value))
	if want == 0 {
		return syntax.Span{Start: p, End: h}, syntax.Span{Start: h, End: h}
	}
	// The body starts on the line after the header (which may carry a
	// comment).
	b := h
	for b < len(src) && breakLen(src, b) == 0 {
		b++
	}
	b += breakLen(src, b)
	first, end := advanceContent(src, b, want)
	for end < len(src) && breakLen(src, end) == 0 {
		end++
	}
	return syntax.Span{Start: p, End: end}, syntax.Span{Start: first, End: end}
}
