package lint

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Suppression is one "# postmarklint:ignore RULE[,RULE] -- reason" comment,
// written with the comment marker of the file's format.
// A comment on a line of its own covers the next line; a comment after a
// value (or after a YAML block scalar's header) covers its own line. A
// finding is covered on its own line and, when it is about an entry, on
// the lines from the entry's key to the start of its value: a YAML block
// scalar's finding sits in the body, below the key that a comment names.
type Suppression struct {
	Span   Span // the comment, from "postmarklint:ignore" to the end of the line
	Line   int  // the line it covers
	Rules  []string
	Reason string
	used   bool
}

var ignoreMarker = []byte("postmarklint:ignore")

// Suppressions finds the ignore comments of a file, in any of its
// format's comment syntaxes: "# …", "// …", "/* … */".
func Suppressions(f *File) []*Suppression {
	ff, ok := LookupFormat(f.Format)
	if !ok {
		return nil // no format, no comments
	}
	var out []*Suppression
	src, pairs := f.Src, f.pairs()
	for off := 0; ; {
		i := bytes.Index(src[off:], ignoreMarker)
		if i < 0 {
			return out
		}
		at := off + i
		off = at + len(ignoreMarker)
		lineStart := bytes.LastIndexByte(src[:at], '\n') + 1
		opener, start := commentBefore(src[lineStart:at], ff.Comments)
		if opener == "" || inValue(pairs, lineStart+start) {
			continue // not the start of a comment
		}
		end := len(src)
		if j := bytes.IndexByte(src[at:], '\n'); j >= 0 {
			end = at + j
		}
		text := strings.TrimRight(string(src[off:end]), "\r \t")
		if opener == "/*" {
			if j := strings.Index(text, "*/"); j >= 0 {
				text = strings.TrimRight(text[:j], " \t")
			}
		}
		// RULE[,RULE] is one word; a reason follows " -- ".
		rest := strings.TrimLeft(text, " \t")
		list := ""
		if !strings.HasPrefix(rest, "--") {
			list, rest, _ = strings.Cut(rest, " ")
			rest = strings.TrimLeft(rest, " \t")
		}
		s := &Suppression{Span: Span{Start: at, End: at + len(ignoreMarker) + len(text)}}
		if reason, ok := strings.CutPrefix(rest, "--"); ok {
			s.Reason = strings.TrimSpace(reason)
		}
		for r := range strings.SplitSeq(list, ",") {
			if r = strings.TrimSpace(r); r != "" {
				s.Rules = append(s.Rules, r)
			}
		}
		s.Line = f.Pos(at).Line
		if strings.TrimSpace(string(src[lineStart:lineStart+start])) == "" && !codeAfter(opener, src[off:end], ff.Comments) {
			s.Line++ // a comment line covers the line below it
		}
		out = append(out, s)
	}
}

// codeAfter reports a block comment that code follows on its line
// (`/* postmarklint:ignore … */ "ServerToken": …`): it covers that line.
// Another comment after it is no code.
func codeAfter(opener string, rest []byte, openers []string) bool {
	if opener != "/*" {
		return false
	}
	_, after, ok := bytes.Cut(rest, []byte("*/"))
	after = bytes.TrimSpace(after)
	for _, o := range openers {
		if bytes.HasPrefix(after, []byte(o)) {
			return false
		}
	}
	return ok && len(after) > 0
}

// commentBefore returns the comment opener that the text before an ignore
// marker on its line ends with, blanks aside, and its offset there.
func commentBefore(before []byte, openers []string) (string, int) {
	trimmed := bytes.TrimRight(before, " \t")
	for _, o := range openers {
		if bytes.HasSuffix(trimmed, []byte(o)) {
			return o, len(trimmed) - len(o)
		}
	}
	return "", 0
}

// inValue reports whether an offset lies inside a value as written. A
// YAML block scalar's value is its body: a comment after its header
// (`token: |  # ...`) is a comment.
func inValue(pairs []Pair, off int) bool {
	for i := range pairs {
		p := &pairs[i]
		r := p.Raw
		if p.Quote == LiteralBlock || p.Quote == FoldedBlock {
			r.Start = p.Inner.Start
		}
		if r.Start <= off && off < r.End {
			return true
		}
	}
	return false
}

// onLine reports whether a suppression covering line covers the finding:
// the finding starts on that line, or the line lies between the key of
// the finding's entry and the start of its value.
func (fd *Finding) onLine(line int) bool {
	if fd.File.Pos(fd.Span.Start).Line == line {
		return true
	}
	e := fd.Entry
	if e == nil || e.Pair == nil {
		return false
	}
	return fd.File.Pos(e.Pair.KeySpan.Start).Line <= line && line <= fd.File.Pos(e.Pair.Raw.Start).Line
}

func (s *Suppression) covers(rule string) bool {
	for _, r := range s.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// suppress drops the findings that an ignore comment covers, and reports
// the comments that are wrong: no reason, an unknown rule, nothing covered.
// A comment naming a rule that the configuration turns off (severity) may
// well be waiting for it to come back: it is not reported as covering
// nothing.
func suppress(findings []Finding, files []*File, rules []*Rule, severity map[string]Severity) []Finding {
	var bad *Rule
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
		if r.Suppressions {
			bad = r
		}
	}
	byFile := map[*File][]*Suppression{}
	for _, f := range files {
		if f.Parsed && !f.Context && bytes.Contains(f.Src, ignoreMarker) {
			byFile[f] = Suppressions(f)
			f.again = nil
		}
	}
	kept := findings[:0]
	for _, fd := range findings {
		suppressed := false
		for _, s := range byFile[fd.File] {
			if s.covers(fd.Rule.ID) && fd.Rule != bad && fd.onLine(s.Line) {
				s.used, suppressed = true, true
			}
		}
		if !suppressed {
			kept = append(kept, fd)
		}
	}
	if bad == nil {
		return kept
	}
	for _, f := range files {
		for _, s := range byFile[f] {
			var unknown []string
			for _, r := range s.Rules {
				if !known[r] {
					unknown = append(unknown, r)
				}
			}
			var msg string
			switch {
			case len(s.Rules) == 0:
				ff, _ := LookupFormat(f.Format)
				msg = "postmarklint:ignore names no rule; write " + ff.Comment() + " postmarklint:ignore RULE -- reason"
			case len(unknown) > 0:
				msg = fmt.Sprintf("postmarklint:ignore names unknown rule %s (postmarklint rules lists them)", strings.Join(unknown, ", "))
			case s.Reason == "":
				msg = "postmarklint:ignore needs a reason after \" -- \""
			case !s.used && !slices.ContainsFunc(s.Rules, func(r string) bool { sev, ok := severity[r]; return ok && sev == Silent }):
				msg = fmt.Sprintf("postmarklint:ignore %s suppresses nothing on line %d", strings.Join(s.Rules, ","), s.Line)
			default:
				continue
			}
			kept = append(kept, Finding{Rule: bad, Severity: bad.Severity, File: f, Span: s.Span, Message: msg})
		}
	}
	return kept
}
