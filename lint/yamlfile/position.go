package yamlfile

import (
	"bytes"
	"unicode/utf8"
)

// lineIndex converts yaml.v3's 1-based line/column marks into byte offsets.
//
// yaml.v3 counts columns in characters (runes), not bytes, and does not
// count a UTF-8 byte order mark at the start of the stream: the first
// character after the BOM is line 1, column 1. It counts CRLF, CR, LF, NEL
// (U+0085), LS (U+2028) and PS (U+2029) as line breaks, so the index does
// the same or line numbers would drift after such a break.
type lineIndex struct {
	src    []byte
	starts []int  // byte offset where each line begins; starts[0] == 0
	ascii  []int8 // per line: 0 unknown, 1 ASCII only, 2 has multi-byte runes
	bom    int    // 3 when src starts with a UTF-8 BOM

	// The last rune walk, so that many nodes on one long non-ASCII line
	// cost O(line length) in total instead of O(line length) each.
	curLine, curCol, curOff int
}

func newLineIndex(src []byte) *lineIndex {
	// Sized for LF breaks, the usual ones: growing by append would
	// allocate a large file's index about five times over.
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	x := &lineIndex{src: src, starts: starts}
	for i := 0; i < len(src); {
		if n := breakLen(src, i); n > 0 {
			i += n
			x.starts = append(x.starts, i)
			continue
		}
		i++
	}
	x.ascii = make([]int8, len(x.starts))
	if hasBOM(src) {
		x.bom = 3
	}
	return x
}

func hasBOM(src []byte) bool {
	return len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF
}

// breakLen returns the length of the line break starting at i, or 0.
func breakLen(src []byte, i int) int {
	if i < 0 || i >= len(src) {
		return 0
	}
	switch src[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2: // NEL
		if i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case 0xE2: // LS, PS
		if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// lineStart returns the byte offset of a 1-based line, or -1.
func (x *lineIndex) lineStart(line int) int {
	if line < 1 || line > len(x.starts) {
		return -1
	}
	return x.starts[line-1]
}

// lineEnd returns the offset of the line break ending a 1-based line (or
// the end of the file).
func (x *lineIndex) lineEnd(line int) int {
	if line >= len(x.starts) {
		return len(x.src)
	}
	e := x.starts[line]
	// Step back over the break itself.
	for b := e - 1; b >= x.starts[line-1]; b-- {
		if breakLen(x.src, b) == e-b {
			return b
		}
	}
	return e
}

// offset converts a yaml.v3 mark to a byte offset, clamped to the file.
func (x *lineIndex) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(x.starts) {
		return len(x.src)
	}
	start := x.starts[line-1]
	if line == 1 {
		start += x.bom
	}
	end := x.lineEnd(line)
	if start > end {
		start = end
	}
	if col < 1 {
		col = 1
	}
	if x.isASCII(line, start, end) {
		if off := start + col - 1; off < end {
			return off
		}
		return end
	}
	off, c := start, 1
	if x.curLine == line && x.curCol <= col && x.curOff >= start {
		off, c = x.curOff, x.curCol
	}
	for c < col && off < end {
		_, w := utf8.DecodeRune(x.src[off:end])
		off += w
		c++
	}
	x.curLine, x.curCol, x.curOff = line, c, off
	return off
}

func (x *lineIndex) isASCII(line, start, end int) bool {
	switch x.ascii[line-1] {
	case 1:
		return true
	case 2:
		return false
	}
	for _, b := range x.src[start:end] {
		if b >= utf8.RuneSelf {
			x.ascii[line-1] = 2
			return false
		}
	}
	x.ascii[line-1] = 1
	return true
}
