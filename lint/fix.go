package lint

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// overlaps reports whether two edits touch the same bytes. Two insertions
// at one offset overlap too: their order would be a guess.
func overlaps(a, b Edit) bool {
	if a.Span.Len() == 0 && b.Span.Len() == 0 {
		return a.Span.Start == b.Span.Start
	}
	return a.Span.Start < b.Span.End && b.Span.Start < a.Span.End
}

// SelectFixes chooses the fixes of one file's findings that can be applied
// together. Fixes are taken in the findings' order (file position, then
// rule); a fix is taken whole or not at all, and one whose edits overlap
// an edit already taken is skipped, unless it is the very same edit (two
// rules fixing one value the same way). It returns the edits to apply,
// sorted, and which findings they fix.
func SelectFixes(findings []Finding) (edits []Edit, fixed []bool) {
	fixed = make([]bool, len(findings))
	for i := range findings {
		fix := findings[i].Fix
		if fix == nil || len(fix.Edits) == 0 {
			continue
		}
		var add []Edit
		ok := true
		for _, e := range fix.Edits {
			if slices.Contains(edits, e) || slices.Contains(add, e) {
				continue
			}
			if slices.ContainsFunc(edits, func(o Edit) bool { return overlaps(o, e) }) ||
				slices.ContainsFunc(add, func(o Edit) bool { return overlaps(o, e) }) {
				ok = false
				break
			}
			add = append(add, e)
		}
		if ok {
			edits = append(edits, add...)
			fixed[i] = true
		}
	}
	slices.SortFunc(edits, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End))
	})
	return edits, fixed
}

// ApplyEdits returns src with sorted, non-overlapping edits applied; every
// byte outside the edits is copied as it is.
func ApplyEdits(src []byte, edits []Edit) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	at := 0
	for _, e := range edits {
		out.Write(src[at:e.Span.Start])
		out.WriteString(e.New)
		at = e.Span.End
	}
	out.Write(src[at:])
	return out.Bytes()
}

// FixKeepsValues reloads the file with the edits applied, using the
// format's own reader, and reports whether it loads as before except for
// the edited values, which must now be want: the same pairs in the same
// order, no parse error. Rules call it before offering a fix, so that
// a fix can never change another key or break the file.
func FixKeepsValues(f *File, edits []Edit, want string) bool {
	ff, ok := LookupFormat(f.Format)
	if !ok || len(f.ParseErrors) > 0 {
		return false // a file the loader refuses has no values to keep
	}
	pairs, errs := ff.Read(ApplyEdits(f.Src, edits))
	if len(errs) != len(f.ParseErrors) || len(pairs) != len(f.Pairs) {
		return false
	}
	for i := range pairs {
		old, now := &f.Pairs[i], &pairs[i]
		if !slices.Equal(old.Path, now.Path) {
			return false
		}
		edited := slices.ContainsFunc(edits, func(e Edit) bool {
			return e.Span.Start < old.Raw.End && old.Raw.Start < e.Span.End ||
				e.Span.Start == e.Span.End && old.Raw.Start <= e.Span.Start && e.Span.Start <= old.Raw.End
		})
		switch {
		case edited && now.Value != want, !edited && now.Value != old.Value:
			return false
		}
	}
	return true
}

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
func changes(src []byte, lines []line, edits []Edit) []change {
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
		local := make([]Edit, 0, j-i)
		for _, e := range edits[i:j] {
			local = append(local, Edit{Span: Span{Start: e.Span.Start - start, End: e.Span.End - start}, New: e.New})
		}
		text := ApplyEdits(src[start:end], local)
		c := change{from: from, to: to}
		for _, l := range splitLines(text) {
			c.new = append(c.new, text[l.start:l.end])
		}
		out = append(out, c)
		i = j
	}
	return out
}

// WriteDiff writes the edits of one file as a unified diff with three
// lines of context, built from the edits themselves (no diff algorithm
// needed: we know what changed). Lines keep their own terminators, so a
// CRLF file shows CRLF lines. The diff is a preview, not a patch: token
// values are rendered by RedactValue, as in the text report, and on
// changed lines whitespace and invisible characters are shown by name
// (␠ ⟨U+200B⟩), or the change would be invisible. It writes nothing when
// there are no edits.
func WriteDiff(w io.Writer, f *File, edits []Edit) error {
	if len(edits) == 0 {
		return nil
	}
	lines := splitLines(f.Src)
	if len(lines) == 0 {
		lines = []line{{0, 0}}
	}
	red := newRedactor(f, edits)
	bw := bufio.NewWriter(w)
	name := QuotePath(f.Path)
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

func newRedactor(f *File, edits []Edit) *redactor {
	seen := map[string]bool{}
	r := &redactor{}
	add := func(s string) {
		// The value with its blanks, so that they are shown by name where
		// the value is, and without, to find it where they were trimmed.
		for _, v := range []string{
			strings.TrimFunc(s, isQuoteRune),
			strings.TrimFunc(s, func(c rune) bool { return IsBlank(c) || isQuoteRune(c) }),
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
			hidden = append(hidden, RedactValue(sec))
			s = s[:i] + mark + fmt.Sprint(len(hidden)-1) + mark + s[i+len(sec):]
		}
	}
	if changed {
		s = visibleBlanks(s)
	}
	s = RedactText(s)
	for i := len(hidden) - 1; i >= 0; i-- {
		s = strings.ReplaceAll(s, mark+fmt.Sprint(i)+mark, hidden[i])
	}
	return s
}

// visibleBlanks names invisible characters anywhere on a changed line and
// spaces and tabs at its end, where a removed one leaves no trace.
func visibleBlanks(s string) string {
	body := strings.TrimRight(s, " \t")
	var b strings.Builder
	for _, c := range body {
		if isInvisible(c) {
			b.WriteString(Visible(c))
		} else {
			b.WriteRune(c)
		}
	}
	for _, c := range s[len(body):] {
		b.WriteString(Visible(c))
	}
	return b.String()
}

// isInvisible is a character other than a plain space or tab that no
// editor shows: a CR inside a line, a no-break or zero-width space, a BOM.
func isInvisible(c rune) bool {
	if c == ' ' || c == '\t' {
		return false
	}
	return unicode.IsSpace(c) || unicode.Is(unicode.Cf, c) || unicode.IsControl(c)
}

func isQuoteRune(c rune) bool {
	return strings.ContainsRune("\"'`“”„‟‘’‚‛«»‹›″′＂＇", c)
}
