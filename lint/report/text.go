package report

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

// Text writes one block per finding: a first line that editors' problem
// matchers read (file:line:col: severity: message (rule); file@commit for
// a version read from git's history), then the line
// with every token on it redacted and its whitespace made visible, and a
// caret under the finding.
func Text(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	var ex excerpter
	for i := range run.Findings {
		f := &run.Findings[i]
		start, _ := Position(f)
		sev := f.Severity.String()
		if run.Color {
			sev = colorize(f.Severity, sev)
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s (%s)\n", FileName(f), start.Line, start.Column, sev, f.Message, f.Rule.ID)
		line, col, width := ex.excerpt(f)
		if line == "" && width == 0 {
			continue
		}
		num := fmt.Sprint(start.Line)
		pad := strings.Repeat(" ", len(num))
		fmt.Fprintf(bw, "  %s | %s\n", num, line)
		fmt.Fprintf(bw, "  %s | %s%s\n", pad, strings.Repeat(" ", col), strings.Repeat("^", max(1, width)))
	}
	return bw.Flush()
}

func colorize(s lint.Severity, text string) string {
	code := map[lint.Severity]string{lint.Error: "1;31", lint.Warning: "1;33", lint.Info: "1;36"}[s]
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Excerpt renders the first line of a finding for display: token values
// redacted by lint.RedactValue, as in --diff ("…6a7b␠"), tabs elsewhere
// shown as one space. col and width place the caret, in
// characters of the rendered line.
func Excerpt(f *lint.Finding) (line string, col, width int) {
	var ex excerpter
	return ex.excerpt(f)
}

// An excerpter renders each line once however many findings point into
// it, and finds a file's token values once however many lines it shows:
// a file with thousands of findings, or thousands on one line, costs
// the size of its text, not that times the findings.
type excerpter struct {
	file    *lint.File
	secrets []secret
	line    int
	view    *lineView
}

func (x *excerpter) excerpt(f *lint.Finding) (string, int, int) {
	if x.file != f.File {
		x.file, x.secrets, x.view = f.File, secrets(f.File), nil
	}
	if n := f.File.Pos(f.Span.Start).Line; x.view == nil || x.line != n {
		x.line, x.view = n, render(f.File, x.secrets, n)
	}
	return x.view.caret(f.Span)
}

// A secret is where a token value is shown redacted: from its first
// character to its last, or to the end of its entry when a .env loader
// trims what follows (the blanks after a bare value are shown). index
// is the entry's place in the file: where two overlap, the first wins.
type secret struct {
	start, end, index int
	reach             int // the furthest end of this and every secret before it
}

// secrets lists a file's token values by where they start.
func secrets(f *lint.File) []secret {
	var s []secret
	for i, e := range f.Entries {
		if e.Ref || e.Inner.Len() == 0 {
			continue // a reference names a secret; it is not one
		}
		end := e.Inner.End
		if tail := f.Src[end:e.Raw.End]; len(bytes.TrimFunc(tail, lint.IsBlank)) == 0 {
			end = e.Raw.End
		}
		s = append(s, secret{start: e.Inner.Start, end: end, index: i})
	}
	slices.SortStableFunc(s, func(a, b secret) int { return cmp.Compare(a.start, b.start) })
	reach := 0
	for i := range s {
		reach = max(reach, s[i].end)
		s[i].reach = reach
	}
	return s
}

// secretAt reports whether a token value covers off, and where it ends on
// this line: the first entry in the file's order that covers it.
func secretAt(s []secret, off, lineEnd int) (int, bool) {
	i, _ := slices.BinarySearchFunc(s, off+1, func(a secret, t int) int { return cmp.Compare(a.start, t) })
	best := -1
	for j := i - 1; j >= 0 && s[j].reach > off; j-- {
		if off < s[j].end && (best < 0 || s[j].index < s[best].index) {
			best = j
		}
	}
	if best < 0 {
		return 0, false
	}
	return min(s[best].end, lineEnd), true
}

// A lineView is one line rendered: its text before and after the last
// line of defence, and where each piece of it starts in the source and
// on screen, to place any finding's caret on it.
type lineView struct {
	text, redacted string
	pieces         []piece
	cols           int // characters in text
	src            []byte
	le             int   // where the line ends in src
	runs           []run // the runs of token characters redaction shortens
}

// A piece is one token value, or up to pieceSize bytes of characters
// outside them: a caret inside one is placed by rendering it again, so
// a line costs a few bytes of memory per piece, not per character.
type piece struct {
	off, end int  // bytes of the source
	col      int  // the first character of text it renders to
	at       int  // the first byte of text it renders to
	secret   bool // a token value
}

const pieceSize = 256

// A run is a stretch of text that lint.RedactText shortens: grow is how
// many characters redaction adds to it (less than 0), and before the sum
// for the runs before it.
type run struct {
	end          int
	grow, before int
}

func render(file *lint.File, secrets []secret, n int) *lineView {
	ls := file.LineStart(n)
	le := ls + len(file.Line(n))
	src := file.Src
	v := &lineView{le: le, src: src}
	if bytes.IndexByte(src[ls:le], 0) >= 0 {
		// A UTF-16 line: rendered byte by byte, a token in it would slip
		// past redaction with a character between each of its own.
		return v
	}
	var b strings.Builder
	for off := ls; off < le; {
		p := piece{off: off, col: v.cols, at: b.Len()}
		if r, ok := secretAt(secrets, off, le); ok {
			text := lint.RedactValue(string(src[off:r]))
			b.WriteString(text)
			v.cols += utf8.RuneCountInString(text)
			p.end, p.secret = r, true
		} else {
			for p.end = off; p.end < le && p.end-off < pieceSize; {
				if _, ok := secretAt(secrets, p.end, le); ok {
					break
				}
				text, size := outsideAt(src, p.end)
				b.WriteString(text)
				v.cols += utf8.RuneCountInString(text)
				p.end += size
			}
		}
		v.pieces = append(v.pieces, p)
		off = p.end
	}
	v.text = b.String()
	v.redacted = lint.RedactText(v.text)
	v.runs = shortenedRuns(v.text)
	return v
}

// caret places a span's caret on the line, in characters of the redacted
// text: from the token value the span starts in, or the first character
// at or after its start, to the first character or token value at or
// after its end.
func (v *lineView) caret(span lint.Span) (line string, col, width int) {
	startCol, startAt := v.locate(span.Start, true)
	endCol, endAt := v.cols, len(v.text)
	if span.End <= v.le {
		endCol, endAt = v.locate(span.End, false)
	}
	startCol = v.redactedCols(startCol, startAt)
	endCol = v.redactedCols(endCol, endAt)
	return v.redacted, startCol, endCol - startCol
}

// locate finds where on screen the first character or token value at or
// after source offset x is, or the token value x is inside when within
// is set: its character and its byte in text.
func (v *lineView) locate(x int, within bool) (col, at int) {
	k, _ := slices.BinarySearchFunc(v.pieces, x+1, func(p piece, t int) int { return cmp.Compare(p.end, t) })
	if k == len(v.pieces) {
		return v.cols, len(v.text)
	}
	p := v.pieces[k]
	if p.secret {
		if within || p.off == x {
			return p.col, p.at
		}
		if k+1 == len(v.pieces) {
			return v.cols, len(v.text)
		}
		return v.pieces[k+1].col, v.pieces[k+1].at
	}
	col, at = p.col, p.at
	for off := p.off; off < x; {
		text, size := outsideAt(v.src, off)
		col += utf8.RuneCountInString(text)
		at += len(text)
		off += size
	}
	return col, at
}

// redactedCols is how many characters the first col characters of the
// text, which end at byte at, take once redacted: lint.RedactText treats
// each run of token characters alone, so the runs before the cut add what
// they add, and a run the cut splits adds what its first part would.
func (v *lineView) redactedCols(col, at int) int {
	k, _ := slices.BinarySearchFunc(v.runs, at+1, func(r run, t int) int { return cmp.Compare(r.end, t) })
	if k > 0 {
		col += v.runs[k-1].before + v.runs[k-1].grow
	}
	if at > 0 && at < len(v.text) && lint.IsTokenByte(v.text[at-1]) && lint.IsTokenByte(v.text[at]) {
		start := at
		for start > 0 && lint.IsTokenByte(v.text[start-1]) {
			start--
		}
		part := v.text[start:at]
		col += utf8.RuneCountInString(lint.RedactText(part)) - len(part)
	}
	return col
}

// shortenedRuns finds the runs of token characters in text that
// lint.RedactText shortens.
func shortenedRuns(text string) []run {
	var runs []run
	before := 0
	for i := 0; i < len(text); {
		if !lint.IsTokenByte(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && lint.IsTokenByte(text[j]) {
			j++
		}
		if grow := utf8.RuneCountInString(lint.RedactText(text[i:j])) - (j - i); grow != 0 {
			runs = append(runs, run{end: j, grow: grow, before: before})
			before += grow
		}
		i = j
	}
	return runs
}

// outsideAt renders the character at off in src, outside token values,
// and says how many bytes of src it took.
func outsideAt(src []byte, off int) (string, int) {
	r, size := utf8.DecodeRune(src[off:])
	return visibleOutside(r), size
}

// visibleOutside renders a character outside token values: tabs become one
// space to keep the caret aligned; control characters are shown as "�",
// and other blanks that no terminal shows (a no-break space before a bare
// .env value) by code point, as lint.Visible does.
func visibleOutside(r rune) string {
	switch {
	case r == '\t':
		return " "
	case r == utf8.RuneError, r < 0x20, r == 0x7F:
		return "�"
	case r != ' ' && lint.IsBlank(r):
		return lint.Visible(r)
	}
	return string(r)
}
