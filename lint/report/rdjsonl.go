package report

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

// The Reviewdog Diagnostic Format's Diagnostic message, as JSON.
type (
	rdDiagnostic struct {
		Message     string         `json:"message"`
		Location    rdLocation     `json:"location"`
		Severity    string         `json:"severity"`
		Source      rdSource       `json:"source"`
		Code        rdCode         `json:"code"`
		Suggestions []rdSuggestion `json:"suggestions,omitempty"`
	}
	rdLocation struct {
		Path  string  `json:"path"`
		Range rdRange `json:"range"`
	}
	rdRange struct {
		Start rdPosition `json:"start"`
		End   rdPosition `json:"end"`
	}
	rdPosition struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	rdSource struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	rdCode struct {
		Value string `json:"value"`
		URL   string `json:"url"`
	}
	rdSuggestion struct {
		Range rdRange `json:"range"`
		Text  string  `json:"text"`
	}
)

// RDJSONL writes reviewdog's rdjsonl: one Diagnostic per line, with the
// finding's range and, where the finding has a fix, its edits as
// suggestions that reviewdog can post as suggested changes. Columns are
// 1-based UTF-8 byte counts, as the format says (not code points), so
// that a suggestion replaces exactly the bytes the fix would.
//
// A suggestion's text goes into the report whole, so only fixes that
// write no letter or digit are suggested: those that delete whitespace or
// quotes. A fix that rewrites the value would carry the token; it stays
// with --fix.
func RDJSONL(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range run.Findings {
		f := &run.Findings[i]
		d := rdDiagnostic{
			Message: f.Message,
			Location: rdLocation{
				Path:  lint.RedactPath(f.File.Path),
				Range: byteRange(f.File, f.Span),
			},
			Severity: strings.ToUpper(f.Severity.String()),
			Source:   rdSource{Name: toolName, URL: toolURI},
			Code:     rdCode{Value: f.Rule.ID, URL: RuleURL(f.Rule.ID)},
		}
		for _, e := range suggestedEdits(f) {
			d.Suggestions = append(d.Suggestions, rdSuggestion{Range: byteRange(f.File, e.Span), Text: e.New})
		}
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// RuleURL is where a rule's documentation is: its section of the README.
func RuleURL(id string) string { return toolURI + "#" + id }

// byteRange is a span as 1-based lines and 1-based UTF-8 byte columns.
func byteRange(f *lint.File, s lint.Span) rdRange {
	return rdRange{Start: bytePosition(f, s.Start), End: bytePosition(f, s.End)}
}

func bytePosition(f *lint.File, off int) rdPosition {
	off = max(0, min(off, len(f.Src)))
	line := f.Pos(off).Line
	return rdPosition{Line: line, Column: 1 + off - f.LineStart(line)}
}

// suggestedEdits are the finding's fix as the smallest edits that make
// it (a fix rewrites a whole value; quoting "…4f19␠" again without the
// space is one deleted byte), or none when one of them would write a
// letter or digit, which could be part of a token.
func suggestedEdits(f *lint.Finding) []lint.Edit {
	if f.Fix == nil {
		return nil
	}
	var out []lint.Edit
	for _, e := range f.Fix.Edits {
		for _, m := range minimalEdits(string(f.File.Src[e.Span.Start:e.Span.End]), e.New) {
			if strings.ContainsFunc(m.New, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
				return nil
			}
			m.Span.Start += e.Span.Start
			m.Span.End += e.Span.Start
			out = append(out, m)
		}
	}
	return out
}

// maxDiffCells bounds the table of minimalEdits; a larger edit is kept
// whole.
const maxDiffCells = 1 << 20

// minimalEdits turns the replacement of old by new into the edits between
// the characters they share (a longest common subsequence of code
// points), with byte spans relative to old.
func minimalEdits(old, new string) []lint.Edit {
	a, b := []rune(old), []rune(new)
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		return []lint.Edit{{Span: lint.Span{End: len(old)}, New: new}}
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var edits []lint.Edit
	var pending *lint.Edit
	off := 0 // byte offset of a[i] in old
	flush := func() {
		if pending != nil {
			edits = append(edits, *pending)
			pending = nil
		}
	}
	open := func() *lint.Edit {
		if pending == nil {
			pending = &lint.Edit{Span: lint.Span{Start: off, End: off}}
		}
		return pending
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			flush()
			off += utf8.RuneLen(a[i])
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			open().New += string(b[j])
			j++
		default:
			e := open()
			off += utf8.RuneLen(a[i])
			e.Span.End = off
			i++
		}
	}
	flush()
	return edits
}
