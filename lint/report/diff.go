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

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// line is one line of a file with its terminator ("\n", "\r\n" or none).
type line struct{ start, end int }

func splitLines(src []byte) []line {
	var out []line
	for start := 0; start < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		out = append(out, line{start, end})
		start = end
	}
	return out
}

// lineOf is the index of the line holding byte offset off.
func lineOf(lines []line, off int) int {
	i, _ := slices.BinarySearchFunc(lines, off, func(l line, off int) int {
		switch {
		case l.end <= off:
			return -1
		case l.start > off:
			return 1
		}
		return 0
	})
	return min(i, max(0, len(lines)-1))
}

// change is a run of old lines [from, to) and the lines that replace them.
type change struct {
	from, to int
	new      [][]byte
}

// changes groups the edits by the lines they touch: edits on one line, or
// on lines an edit spans, make one change.
func changes(src []byte, lines []line, edits []lint.Edit) []change {
	var out []change
	for i := 0; i < len(edits); {
		from := lineOf(lines, edits[i].Span.Start)
		to := lineOf(lines, max(edits[i].Span.Start, edits[i].Span.End-1)) + 1
		j := i + 1
		for {
			for j < len(edits) && lineOf(lines, edits[j].Span.Start) < to {
				to = max(to, lineOf(lines, max(edits[j].Span.Start, edits[j].Span.End-1))+1)
				j++
			}
			// An edit that removes a line's terminator joins it to the next.
			if to < len(lines) && edits[j-1].Span.End >= lines[to-1].end {
				to++
				continue
			}
			break
		}
		start, end := lines[from].start, lines[to-1].end
		local := make([]lint.Edit, 0, j-i)
		for _, e := range edits[i:j] {
			local = append(local, lint.Edit{Span: lint.Span{Start: e.Span.Start - start, End: e.Span.End - start}, New: e.New})
		}
		text := lint.ApplyEdits(src[start:end], local)
		c := change{from: from, to: to}
		for _, l := range splitLines(text) {
			c.new = append(c.new, text[l.start:l.end])
		}
		out = append(out, c)
		i = j
	}
	return out
}

// Diff writes the edits of one file as a unified diff with three
// lines of context, built from the edits themselves (no diff algorithm
// needed: we know what changed). Lines keep their own terminators, so a
// CRLF file shows CRLF lines. The diff is a preview, not a patch: token
// values are rendered by lint.RedactValue, as in the text report, and on
// changed lines whitespace and invisible characters are shown by name
// (␠ ⟨U+200B⟩), or the change would be invisible. It writes nothing when
// there are no edits.
func Diff(w io.Writer, f *lint.File, edits []lint.Edit) error {
	if len(edits) == 0 {
		return nil
	}
	lines := splitLines(f.Src)
	if len(lines) == 0 {
		lines = []line{{0, 0}}
	}
	red := newRedactor(f, edits)
	bw := bufio.NewWriter(w)
	name := lint.QuotePath(f.Path)
	fmt.Fprintf(bw, "--- a/%s\n+++ b/%s\n", name, name)
	cs := changes(f.Src, lines, edits)
	shift := 0 // new line number minus old line number before the hunk
	for i := 0; i < len(cs); {
		// A hunk takes every change whose context touches the previous one.
		j := i + 1
		for j < len(cs) && cs[j].from-cs[j-1].to <= 2*diffContext {
			j++
		}
		from := max(0, cs[i].from-diffContext)
		to := min(len(lines), cs[j-1].to+diffContext)
		var body bytes.Buffer
		oldN, newN := 0, 0
		at := from
		for _, c := range cs[i:j] {
			for ; at < c.from; at++ {
				writeLine(&body, ' ', f.Src[lines[at].start:lines[at].end], red, false)
			}
			for ; at < c.to; at++ {
				writeLine(&body, '-', f.Src[lines[at].start:lines[at].end], red, true)
			}
			for _, l := range c.new {
				writeLine(&body, '+', l, red, true)
			}
			oldN += c.to - c.from
			newN += len(c.new)
		}
		for ; at < to; at++ {
			writeLine(&body, ' ', f.Src[lines[at].start:lines[at].end], red, false)
		}
		unchanged := to - from - oldN
		fmt.Fprintf(bw, "@@ -%s +%s @@\n", hunkRange(from, oldN+unchanged), hunkRange(from+shift, newN+unchanged))
		bw.Write(body.Bytes())
		shift += newN - oldN
		i = j
	}
	return bw.Flush()
}

// hunkRange is a hunk header's "start,count", 1-based; an empty range
// names the line before it, as diff -u does.
func hunkRange(from, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", from)
	}
	return fmt.Sprintf("%d,%d", from+1, n)
}

// writeLine writes one diff line, its terminator kept as it is.
func writeLine(b *bytes.Buffer, prefix byte, l []byte, red *redactor, changed bool) {
	body, term := splitTerminator(l)
	b.WriteByte(prefix)
	b.WriteString(red.line(body, changed))
	if term == "" {
		b.WriteString("\n\\ No newline at end of file\n")
		return
	}
	b.WriteString(term)
}

func splitTerminator(l []byte) (string, string) {
	s := string(l)
	switch {
	case strings.HasSuffix(s, "\r\n"):
		return s[:len(s)-2], "\r\n"
	case strings.HasSuffix(s, "\n"):
		return s[:len(s)-1], "\n"
	}
	return s, ""
}

// redactor hides token values in diff lines: no output shows a whole
// token, a diff included.
type redactor struct {
	secrets []string // longest first, so that a value is hidden before its parts
}

func newRedactor(f *lint.File, edits []lint.Edit) *redactor {
	seen := map[string]bool{}
	r := &redactor{}
	add := func(s string) {
		// The value with its blanks, so that they are shown by name where
		// the value is, and without, to find it where they were trimmed.
		for _, v := range []string{
			strings.TrimFunc(s, lint.IsQuote),
			strings.TrimFunc(s, func(c rune) bool { return lint.IsBlank(c) || lint.IsQuote(c) }),
		} {
			if utf8.RuneCountInString(v) >= 4 && !seen[v] {
				seen[v] = true
				r.secrets = append(r.secrets, v)
			}
		}
	}
	for _, e := range f.Entries {
		if !e.Ref {
			add(e.Value)
			add(string(f.Src[e.Inner.Start:e.Inner.End]))
		}
	}
	for _, e := range edits {
		// Without a YAML block's header comment, moved after the value.
		head, _, _ := strings.Cut(e.New, " #")
		add(head)
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return r
}

// line redacts every secret on a line; on a changed line it also makes
// blanks that matter visible. RedactText is the last line of defence for
// token-shaped runs the entries do not name.
func (r *redactor) line(s string, changed bool) string {
	const mark = "\uE000" // a private-use character around placeholders
	var hidden []string
	for _, sec := range r.secrets {
		for {
			i := strings.Index(s, sec)
			if i < 0 {
				break
			}
			hidden = append(hidden, lint.RedactValue(sec))
			s = s[:i] + mark + fmt.Sprint(len(hidden)-1) + mark + s[i+len(sec):]
		}
	}
	if changed {
		s = visibleBlanks(s)
	}
	s = lint.RedactText(s)
	for i := len(hidden) - 1; i >= 0; i-- {
		s = strings.ReplaceAll(s, mark+fmt.Sprint(i)+mark, hidden[i])
	}
	return s
}

// visibleBlanks names blanks other than a plain space or tab anywhere on
// a changed line (a CR inside a line, a no-break or zero-width space, a
// BOM), and spaces and tabs at its end, where a removed one leaves no trace.
func visibleBlanks(s string) string {
	body := strings.TrimRight(s, " \t")
	var b strings.Builder
	for _, c := range body {
		if c != ' ' && c != '\t' && lint.IsBlank(c) {
			b.WriteString(lint.Visible(c))
		} else {
			b.WriteRune(c)
		}
	}
	for _, c := range s[len(body):] {
		b.WriteString(lint.Visible(c))
	}
	return b.String()
}
