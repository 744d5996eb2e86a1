package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint"
)

var TokenWhitespace = &lint.Rule{
	ID:    "token-whitespace",
	Title: "Postmark token contains whitespace or invisible characters",
	Doc: `Postmark compares the X-Postmark-Server-Token header byte for byte: a token
with a trailing space, a line break from a YAML | block or a TOML multi-line
string, a CR from a Windows editor, or a zero-width or no-break space from a
chat window is an "Invalid API Token" (HTTP 401, ErrorCode 10), although it
looks right in every editor.

It is a warning instead of an error where only some loaders keep the
character: godotenv drops the blanks at either end of an unquoted .env value
(KEY= TOKEN, KEY=TOKEN followed by a space), but docker --env-file keeps
them, and a shell's source keeps a trailing one.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=\"d30a2b04-ea33-44d7-83a1-fbf9e0e3d792 \"\n",
		Good: "POSTMARK_SERVER_TOKEN=\"d30a2b04-ea33-44d7-83a1-fbf9e0e3d792\"\n",
	}, {
		File: "config/production.yaml",
		Bad:  "postmark:\n  server_token: |\n    d30a2b04-ea33-44d7-83a1-fbf9e0e3d792\n",
		Good: "postmark:\n  server_token: d30a2b04-ea33-44d7-83a1-fbf9e0e3d792\n",
	}},
	CheckEntry: checkWhitespace,
	Fixable:    true,
}

// maxInside bounds the findings about blanks inside one value.
const maxInside = 10

func checkWhitespace(p *lint.Pass, e *lint.Entry) {
	checkAroundPlaceholder(p, e)
	if !checked(e) || e.Value == "" {
		return
	}
	v := e.Value
	lead := len(v) - len(strings.TrimLeftFunc(v, lint.IsInvisible))
	trail := len(strings.TrimRightFunc(v, lint.IsInvisible))
	if lead == len(v) {
		p.Reportf(e, valueWhole(e), "Postmark token is only whitespace")
		return
	}
	// Every finding on the entry carries the same fix: one rewrite of the
	// value that trims, unquotes and cleans it at once, so that fixes of
	// one value never overlap.
	var fix *lint.Fix // worked out only for a value with something to fix: it reloads the file
	if lead > 0 || trail < len(v) || strings.ContainsFunc(v[lead:trail], insideBlank) {
		fix = tokenFix(e)
	}
	if lead > 0 {
		r, _ := utf8.DecodeRuneInString(v)
		p.Report(lint.Finding{Entry: e, Span: valueWhole(e), Fix: fix,
			Message: fmt.Sprintf("Postmark token starts with %s%s", blankName(r), keeper(e, r, true))})
	}
	if trail < len(v) {
		r, _ := utf8.DecodeLastRuneInString(v)
		p.Report(lint.Finding{Entry: e, Span: valueWhole(e), Fix: fix,
			Message: fmt.Sprintf("Postmark token ends with %s%s", blankName(r), keeper(e, r, false))})
	}
	// A plain space inside is no pasting accident of its own ("Bearer ",
	// a header name): token-format names what it separates.
	// Characters are counted on the way, not from the start for each
	// finding, and only the first maxInside are reported: a value with
	// thousands of line breaks is no token, and costs linear time.
	char, inside := charIndex(v, lead), 0
	for i, r := range v[lead:trail] {
		if insideBlank(r) {
			name := blankName(r)
			if inside++; inside > maxInside {
				break
			}
			at := lead + i
			p.Report(lint.Finding{Entry: e, Span: valueSpan(e, at, at+utf8.RuneLen(r)), Fix: fix,
				Message: fmt.Sprintf("Postmark token contains %s at character %d", name, char)})
		}
		char++
	}
	if lead == 0 && trail == len(v) {
		checkDroppedBlanks(p, e)
	}
}

// insideBlank reports a character that token-whitespace reports inside a
// value: a blank other than a plain space.
func insideBlank(r rune) bool { return r != ' ' && blankName(r) != "" }

// checkAroundPlaceholder reports blanks around a placeholder that the
// loader expands where it stands (Spring's "${POSTMARK_API_TOKEN} " in a
// .properties file): the token it puts in, or its default, keeps them.
func checkAroundPlaceholder(p *lint.Pass, e *lint.Entry) {
	pair := e.Pair
	if !e.File.ExpandsPlaceholders() || pair == nil || e.Detection == lint.ByDSN || !e.Ref && e.Inner == pair.Inner {
		return // not a placeholder, or its default
	}
	v := pair.Value
	lead := len(v) - len(strings.TrimLeftFunc(v, lint.IsInvisible))
	trail := len(strings.TrimRightFunc(v, lint.IsInvisible))
	if lead == len(v) {
		return
	}
	var edits []lint.Edit
	var msgs []string
	located := true
	blanks := func(i, j int) lint.Span {
		s, ok := e.File.ValueSpan(pair.Inner, v, i, j)
		if !ok {
			located = false
			return pair.Inner
		}
		return s
	}
	if lead > 0 {
		r, _ := utf8.DecodeRuneInString(v)
		edits = append(edits, lint.Edit{Span: blanks(0, lead)})
		msgs = append(msgs, fmt.Sprintf("Postmark token starts with %s before the placeholder", blankName(r)))
	}
	if trail < len(v) {
		r, _ := utf8.DecodeLastRuneInString(v)
		edits = append(edits, lint.Edit{Span: blanks(trail, len(v))})
		msgs = append(msgs, fmt.Sprintf("Postmark token ends with %s after the placeholder%s", blankName(r), keeper(e, r, false)))
	}
	var fix *lint.Fix
	if located && lint.FixKeepsValues(e.File, edits, v[lead:trail]) {
		fix = &lint.Fix{Message: "delete the " + blanksName(v[:lead]+v[trail:]) + " around the placeholder", Edits: edits}
	}
	for i, msg := range msgs {
		p.Report(lint.Finding{Entry: e, Span: edits[i].Span, Fix: fix, Message: msg})
	}
}

// keeper says which syntax put r at the start (leading) or end of the
// value when the user did not type it as such.
func keeper(e *lint.Entry, r rune, leading bool) string {
	lineBreak := r == '\n' || r == '\r'
	if !leading && endsLineWithBlank(e) {
		return "; java.util.Properties and Spring Boot keep blanks at the end of a .properties value"
	}
	switch e.Quote {
	case lint.LiteralBlock, lint.FoldedBlock:
		if e.File.Format == lint.Terraform || e.File.Format == lint.TerraformVars {
			if lineBreak && !leading {
				return "; a heredoc keeps the final line break (write the token as a quoted string)"
			}
			return ""
		}
		return blockKeeper(e, lineBreak, leading)
	case lint.MultilineBasic, lint.MultilineLiteral:
		if lineBreak {
			return "; a TOML multi-line string keeps the line break"
		}
	}
	return ""
}

// blockKeeper names the part of a YAML block scalar's header (|, >-, |2+)
// that put a blank at the start or end of its value, and the header that
// would not.
func blockKeeper(e *lint.Entry, lineBreak, leading bool) string {
	header := blockHeader(e)
	if header == "" {
		return ""
	}
	indicator := strings.Trim(header[1:], "+-")
	switch {
	case leading && lineBreak:
		return "; a YAML " + header + " block keeps the empty lines before the token"
	case leading && indicator != "":
		// |2 sets the body's indentation; deeper lines keep the extra
		// spaces as part of the value.
		return fmt.Sprintf("; the indentation indicator %s of the YAML %s block makes the spaces beyond it part of the token (indent the token exactly %s spaces more than its key, or drop the %s)", indicator, header, indicator, indicator)
	case !leading && lineBreak:
		breaks := "the final line break"
		if strings.Contains(header, "+") {
			breaks = "every final line break"
		}
		return fmt.Sprintf("; a YAML %s block keeps %s (use %s or a plain scalar)", header, breaks, header[:1]+indicator+"-")
	}
	return ""
}

// endsLineWithBlank reports a .properties value whose line ends with a
// space, tab or form feed as written: easy to miss, and kept.
func endsLineWithBlank(e *lint.Entry) bool {
	end := e.Inner.End
	if e.Pair != nil && e.Inner != e.Pair.Inner {
		end = e.Pair.Inner.End // the placeholder's line, for blanks after it
	}
	if e.File.Format != lint.Properties || e.Pair == nil || end != e.Pair.Raw.End || end == e.Pair.Raw.Start {
		return false
	}
	switch e.File.Src[end-1] {
	case ' ', '\t', '\f':
		return true
	}
	return false
}

// blockHeader returns a YAML block scalar's header as written: the
// indicator with its chomping and indentation indicators.
func blockHeader(e *lint.Entry) string {
	src := e.File.Src
	i := e.Raw.Start
	if i >= len(src) || src[i] != '|' && src[i] != '>' {
		return "" // a DSN's userinfo inside a block
	}
	j := i + 1
	for j < len(src) && (src[j] == '+' || src[j] == '-' || '0' <= src[j] && src[j] <= '9') {
		j++
	}
	return string(src[i:j])
}

// checkDroppedBlanks warns about blanks that are in the raw .env value but
// not in godotenv's: other loaders of the same file keep them.
func checkDroppedBlanks(p *lint.Pass, e *lint.Entry) {
	if e.File.Format != lint.Dotenv || e.Quote != lint.Unquoted {
		return
	}
	checkDroppedLeading(p, e)
	src := e.File.Src
	if end := e.Raw.End; end < len(src) && src[end] != '\n' && src[end] != '\r' {
		return // blanks before an inline comment, which docker would keep too
	}
	dropped := string(src[e.Inner.End:e.Raw.End])
	if dropped == "" || e.Inner.Len() == 0 {
		return
	}
	r, _ := utf8.DecodeRuneInString(dropped)
	span := lint.Span{Start: e.Inner.End, End: e.Raw.End}
	// Deleting the blanks makes every loader agree on the value godotenv
	// already reads.
	var fix *lint.Fix
	edits := []lint.Edit{{Span: span}}
	if lint.FixKeepsValues(e.File, edits, e.Value) {
		fix = &lint.Fix{Message: "delete the trailing " + blanksName(dropped), Edits: edits}
	}
	p.Report(lint.Finding{Entry: e, Span: span, Severity: lint.Warning, Fix: fix,
		Message: fmt.Sprintf("Postmark token is followed by %s that godotenv drops but docker --env-file and shell source keep", blankName(r))})
}

// checkDroppedLeading warns about blanks between "=" and a bare .env value
// (KEY= TOKEN, KEY=<no-break space>TOKEN): godotenv skips them, docker
// --env-file keeps them as part of the value, and a shell's source keeps
// the ones it does not split words on and runs the token as a command
// after the others. KEY = TOKEN, with a blank before the "=" too, is a
// godotenv-only style that docker refuses outright: not reported.
func checkDroppedLeading(p *lint.Pass, e *lint.Entry) {
	src := e.File.Src
	if e.Pair == nil || e.Raw != e.Pair.Raw || e.Inner.Len() == 0 {
		return // a DSN's userinfo: the blanks are before the DSN
	}
	sep := e.Pair.KeySpan.End
	if sep >= len(src) || src[sep] != '=' || sep+1 >= e.Raw.Start {
		return
	}
	span := lint.Span{Start: sep + 1, End: e.Raw.Start}
	dropped := string(src[span.Start:span.End])
	if strings.TrimFunc(dropped, lint.IsInvisible) != "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(dropped)
	keepers := "docker --env-file and shell source keep"
	if r == ' ' || r == '\t' {
		keepers = "docker --env-file keeps (and shell source runs the token as a command)"
	}
	var fix *lint.Fix
	if edits := []lint.Edit{{Span: span}}; lint.FixKeepsValues(e.File, edits, e.Value) {
		fix = &lint.Fix{Message: "delete the leading " + blanksName(dropped), Edits: edits}
	}
	p.Report(lint.Finding{Entry: e, Span: span, Severity: lint.Warning, Fix: fix,
		Message: fmt.Sprintf("Postmark token is preceded by %s that godotenv drops but %s", blankName(r), keepers)})
}
