package lsp

import (
	"unicode/utf16"
	"unicode/utf8"
)

// lineIndex converts between byte offsets into a buffer and LSP
// positions: a line and a character counted in UTF-16 code units, as LSP
// requires (a code point above U+FFFF, an emoji, is two). Lines end at
// "\n", "\r\n" or a lone "\r", as the specification says.
type lineIndex struct {
	src    []byte
	starts []int // byte offsets of line starts
}

func newLineIndex(src []byte) *lineIndex {
	x := &lineIndex{src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			x.starts = append(x.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			x.starts = append(x.starts, i+1)
		}
	}
	return x
}

// position returns the position of byte offset off. An offset inside a
// multi-byte character counts from the character's start.
func (x *lineIndex) position(off int) Position {
	off = max(0, min(off, len(x.src)))
	line := 0
	for lo, hi := 0, len(x.starts); lo < hi; {
		mid := (lo + hi) / 2
		if x.starts[mid] <= off {
			line, lo = mid, mid+1
		} else {
			hi = mid
		}
	}
	char := 0
	for i := x.starts[line]; i < off; {
		r, n := utf8.DecodeRune(x.src[i:])
		if i+n > off {
			break
		}
		char += utf16Len(r)
		i += n
	}
	return Position{Line: line, Character: char}
}

// offset returns the byte offset of a position; a character past the
// line's end is the line's end, a line past the last is the buffer's end
// (as the specification says clients may send).
func (x *lineIndex) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.starts) {
		return len(x.src)
	}
	i, end := x.starts[p.Line], len(x.src)
	if p.Line+1 < len(x.starts) {
		end = x.starts[p.Line+1]
	}
	// The line's end is before its terminator.
	for end > i && (x.src[end-1] == '\n' || x.src[end-1] == '\r') {
		end--
	}
	for units := 0; i < end && units < p.Character; {
		r, n := utf8.DecodeRune(x.src[i:])
		units += utf16Len(r)
		i += n
	}
	return i
}

func (x *lineIndex) rangeOf(start, end int) Range {
	return Range{Start: x.position(start), End: x.position(end)}
}

// utf16Len is how many UTF-16 code units r takes; an invalid byte, read
// as U+FFFD, takes one.
func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}
