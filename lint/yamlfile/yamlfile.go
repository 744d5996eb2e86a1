// Package yamlfile reads YAML files into syntax.Pairs: one pair per scalar
// value in a mapping, at any depth and in every document of a stream,
// with exact byte positions into the original bytes.
//
// Structure comes from the yaml.v3 decoder (node trees); positions come
// from its line/column marks, and the end of each scalar is found by
// scanning the source. When the decoder refuses a file, a line-based
// scanner recovers what pairs it can (see recover.go).
package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// Read returns the pairs of a YAML file and the places where the decoder
// refuses it. It never fails and never panics.
//
// Choices the contract leaves open:
//   - KeySpan of a quoted key covers the text between the quotes.
//   - An empty value (`key:`) gets Value "" and an empty span just after
//     the colon; `~` and `null` get Value "" and the span of that text.
//   - Inner of a block scalar starts at the first non-blank byte of its
//     body (indentation excluded) and ends with the last content line.
//   - Scope numbers are unique across the whole stream, not only within
//     one document.
//   - Tag is the tag property as written ("!ENV", "!!str", "!"), which
//     is "" when the value carries none.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	if isUTF16(src) {
		// yaml.v3 transcodes UTF-16, so its marks would not be offsets
		// into these bytes, and a byte scanner would read nonsense.
		return nil, []syntax.ParseError{{Offset: 0, Msg: "UTF-16 encoded YAML is not supported"}}
	}
	idx := newLineIndex(src)
	if len(src) >= chunking.min {
		if pairs, errs, ok := readChunked(src, idx, chunking); ok {
			return pairs, errs
		}
	}
	return readWhole(src, idx)
}

// readWhole decodes the stream one document at a time and walks each
// before decoding the next, so that only one document's node tree is
// alive at once. Any decoder error, in any document, sends the whole file
// to the recovery scanner, so documents after the walk stopped are still
// decoded.
func readWhole(src []byte, idx *lineIndex) ([]syntax.Pair, []syntax.ParseError) {
	w := newWalker(src, idx)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		doc, err := decodeNext(dec)
		if err == io.EOF {
			return w.pairs, w.errs
		}
		if err != nil {
			return recoverPairs(src), []syntax.ParseError{parseError(err, src, idx)}
		}
		if !w.stopped {
			w.document(doc)
		}
		if len(src) >= chunking.min && len(w.pairs) > 0 {
			w.reserve(w.pairs[len(w.pairs)-1].Raw.End)
		}
	}
}

func isUTF16(src []byte) bool {
	return len(src) >= 2 && (src[0] == 0xFE && src[1] == 0xFF || src[0] == 0xFF && src[1] == 0xFE)
}

// decodeNext decodes the next document of a stream; io.EOF ends it.
func decodeNext(dec *yaml.Decoder) (doc *yaml.Node, err error) {
	defer func() {
		// yaml.v3 recovers its own failures; this only guards against a
		// decoder bug taking the linter down.
		if r := recover(); r != nil {
			doc, err = nil, errors.New("yaml: the decoder failed on this file")
		}
	}()
	doc = new(yaml.Node)
	if err := dec.Decode(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

var lineRE = regexp.MustCompile(`^yaml: line ([0-9]+): `)

// parseError turns a decoder error into a ParseError placed at the start
// of the line the decoder names.
func parseError(err error, src []byte, idx *lineIndex) syntax.ParseError {
	msg := err.Error()
	pe := syntax.ParseError{Offset: -1}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			pe.Line = n
			pe.Offset = idx.lineStart(n)
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	pe.Msg = redact(msg)
	if strings.Contains(msg, "tab character") && pe.Line > 0 {
		// yaml.v3 names the line before the tab; point at the tab itself.
		if off := indentTab(src, pe.Offset); off >= 0 {
			pe.Offset, pe.Line = off, 0
		}
	}
	return pe
}

// indentTab returns the offset of the first tab used as indentation at or
// after offset from, or -1.
func indentTab(src []byte, from int) int {
	for i := from; i < len(src); i++ {
		if src[i] == '\t' && (i == 0 || onlyBlanksBefore(src, i)) {
			return i
		}
	}
	return -1
}

func onlyBlanksBefore(src []byte, i int) bool {
	for j := i - 1; j >= 0 && src[j] != '\n'; j-- {
		if src[j] != ' ' && src[j] != '\t' {
			return false
		}
	}
	return true
}

// isPunct reports a short run of ASCII punctuation.
func isPunct(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			return false
		}
	}
	return true
}

// redact removes file text from a decoder message: yaml.v3 sometimes
// quotes the offending text ("unknown anchor 'x' referenced"), and that
// text may be a secret. Quoted parts become '…'; an unmatched quote cuts
// the message; anything but printable ASCII is dropped.
func redact(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c == '\'' || c == '"' || c == '`' {
			j := strings.IndexByte(msg[i+1:], c)
			if j < 0 {
				b.WriteString("…")
				break
			}
			if q := msg[i+1 : i+1+j]; isPunct(q) {
				b.WriteString("'" + q + "'") // "expected ':'" names syntax, not file text
			} else {
				b.WriteString("'…'")
			}
			i += j + 1
			continue
		}
		if c >= ' ' && c <= '~' {
			b.WriteByte(c)
		}
		if b.Len() > 200 {
			break
		}
	}
	return strings.TrimSpace(b.String())
}
