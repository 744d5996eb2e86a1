package lsp

import "testing"

// TestLineIndex: UTF-16 positions both ways, for every line ending LSP
// knows and characters of one to four UTF-8 bytes.
func TestLineIndex(t *testing.T) {
	src := []byte("a🚀b\r\n日本\rx\n\xffz")
	x := newLineIndex(src)
	for _, c := range []struct {
		off int
		pos Position
	}{
		{0, Position{0, 0}},
		{1, Position{0, 1}},  // before the emoji
		{5, Position{0, 3}},  // after it: two units
		{6, Position{0, 4}},  // the CR of CRLF
		{8, Position{1, 0}},  // after CRLF
		{11, Position{1, 1}}, // after 日
		{15, Position{2, 0}}, // after a lone CR
		{17, Position{3, 0}},
		{18, Position{3, 1}}, // an invalid byte is one unit
		{19, Position{3, 2}},
	} {
		if got := x.position(c.off); got != c.pos {
			t.Errorf("position(%d) = %+v, want %+v", c.off, got, c.pos)
		}
		if got := x.offset(c.pos); got != c.off && c.off != 6 {
			t.Errorf("offset(%+v) = %d, want %d", c.pos, got, c.off)
		}
	}
	if got := x.position(3); got != (Position{0, 1}) {
		t.Errorf("inside the emoji: %+v, want its start", got)
	}
	if got := x.offset(Position{0, 99}); got != 6 {
		t.Errorf("past a line's end: %d, want its end before CRLF (6)", got)
	}
	if got := x.offset(Position{9, 0}); got != len(src) {
		t.Errorf("past the last line: %d", got)
	}
}
