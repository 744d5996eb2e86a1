package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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
	for i := range run.Findings {
		f := &run.Findings[i]
		start, _ := Position(f)
		sev := f.Severity.String()
		if run.Color {
			sev = colorize(f.Severity, sev)
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s (%s)\n", FileName(f), start.Line, start.Column, sev, f.Message, f.Rule.ID)
		line, col, width := Excerpt(f)
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
	file := f.File
	n := file.Pos(f.Span.Start).Line
	ls := file.LineStart(n)
	le := ls + len(file.Line(n))
	src := file.Src
	if bytes.IndexByte(src[ls:le], 0) >= 0 {
		// A UTF-16 line: rendered byte by byte, a token in it would slip
		// past redaction with a character between each of its own.
		return "", 0, 0
	}

	var b strings.Builder
	cols := 0
	startCol, endCol := -1, -1
	mark := func(off int) {
		if startCol < 0 && off >= f.Span.Start {
			startCol = cols
		}
		if endCol < 0 && off >= f.Span.End {
			endCol = cols
		}
	}
	for off := ls; off < le; {
		if r, ok := secretAt(file, off, le); ok {
			mark(off)
			text := lint.RedactValue(string(src[off:r]))
			b.WriteString(text)
			cols += utf8.RuneCountInString(text)
			if startCol < 0 && f.Span.Start < r {
				startCol = cols - utf8.RuneCountInString(text)
			}
			off = r
			continue
		}
		mark(off)
		r, size := utf8.DecodeRune(src[off:])
		text := visibleOutside(r)
		b.WriteString(text)
		cols += utf8.RuneCountInString(text)
		off += size
	}
	mark(le)
	if startCol < 0 {
		startCol = cols
	}
	if endCol < 0 || f.Span.End > le {
		endCol = cols
	}
	// The last line of defence may shorten a token-like run elsewhere on
	// the line; count the caret's columns on the redacted text too.
	line = b.String()
	startCol = redactedCols(line, startCol)
	endCol = redactedCols(line, endCol)
	return lint.RedactText(line), startCol, endCol - startCol
}

// redactedCols is how many characters the first col characters of line
// take once redacted.
func redactedCols(line string, col int) int {
	prefix := line
	for i := range line {
		if col == 0 {
			prefix = line[:i]
			break
		}
		col--
	}
	return utf8.RuneCountInString(lint.RedactText(prefix))
}

// secretAt reports whether a token value starts at off, and where it ends
// on this line. The blanks that a .env loader trims after a bare value
// belong to it, so that they are shown.
func secretAt(f *lint.File, off, lineEnd int) (int, bool) {
	for _, e := range f.Entries {
		if e.Ref {
			continue // a reference names a secret; it is not one
		}
		end := e.Inner.End
		if tail := f.Src[end:e.Raw.End]; len(bytes.TrimFunc(tail, lint.IsBlank)) == 0 {
			end = e.Raw.End
		}
		if e.Inner.Len() > 0 && e.Inner.Start <= off && off < end {
			return min(end, lineEnd), true
		}
	}
	return 0, false
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
