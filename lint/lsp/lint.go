package lsp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

// fixAllKind is the code action that applies every fix of a buffer.
const fixAllKind = "source.fixAll.postmarklint"

// lint runs the driver on a document's current text, with every other
// open buffer as the overlay, and publishes what it found unless the
// document changed meanwhile.
func (s *server) lint(d *document) {
	s.mu.Lock()
	if s.closed || s.docs[d.uri] != d {
		s.mu.Unlock()
		return
	}
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	d.cancel = cancel
	version, text := d.version, d.text
	opt := s.options(d)
	if s.online {
		opt.Online, opt.OnlineRequest = &s.answers, s.answers.known(s.opt.OnlineRequest)
		if s.opt.StreamRequest != nil {
			opt.StreamRequest = s.answers.knownStreams(s.opt.StreamRequest)
		}
	}
	s.mu.Unlock()

	res := driver.Buffer(ctx, opt, d.path, text)
	if errors.Is(res.Fatal, context.Canceled) {
		return // a newer lint replaced this one
	}
	s.fatal(opt.Dir, res.Fatal)
	for _, err := range res.Skipped {
		var skip *driver.Skip
		if errors.As(err, &skip) {
			s.showOnce(messageWarning, skipMessage(d.path, skip))
		}
	}
	x := newLineIndex(text)
	var kept []lint.Finding
	var diags []Diagnostic
	for _, f := range res.Findings {
		if f.File.Context {
			continue
		}
		kept = append(kept, f)
		diags = append(diags, diagnostic(x, &f))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil || s.docs[d.uri] != d || d.version != version {
		return // changed meanwhile: the next lint publishes
	}
	d.result = &linted{version: version, index: x, findings: kept, diags: diags}
	s.publish(d.uri, &version, diags)
}

// options are the driver's options to lint d, with every other open
// buffer as the overlay. s.mu is held.
func (s *server) options(d *document) *driver.Options {
	overlay := map[string][]byte{}
	for _, o := range s.docs {
		if o != d {
			overlay[o.path] = o.text
		}
	}
	return &driver.Options{
		Dir:          s.dir(d.path),
		Rules:        s.opt.Rules,
		Overlay:      overlay,
		GitCache:     s.git,
		HistoryCache: true,
	}
}

// check asks Postmark about the tokens of d as saved, in the background:
// a lint for a keystroke, in d or in a sibling, does not stop it; a newer
// save or closing d does. The answers are kept for every later lint, and
// d is linted again when they are in. s.mu is held.
func (s *server) check(d *document) {
	if s.closed {
		return
	}
	if d.check != nil {
		d.check()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	d.check = cancel
	opt, text := s.options(d), d.text
	s.lints.Add(1)
	go func() {
		defer s.lints.Done()
		defer cancel()
		c, err := s.opt.Online()
		if err != nil {
			s.showOnce(messageError, "--online: "+err.Error())
			return
		}
		opt.Online = recorder{ctx: ctx, checker: c, into: &s.answers}
		opt.OnlineRequest, opt.OnlineTimeout = s.opt.OnlineRequest, s.opt.OnlineTimeout
		if _, ok := c.(postmark.StreamChecker); ok {
			opt.StreamRequest = s.opt.StreamRequest
		}
		driver.Buffer(ctx, opt, d.path, text)
		s.mu.Lock()
		defer s.mu.Unlock()
		if ctx.Err() == nil && s.docs[d.uri] == d {
			s.schedule(d, 0)
		}
	}()
}

// publish sends a document's diagnostics; none clears them.
func (s *server) publish(uri string, version *int, diags []Diagnostic) {
	if diags == nil {
		diags = []Diagnostic{}
	}
	s.out.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags})
}

// showOnce shows the user a message, once per session: a broken
// configuration must not pop up on every keystroke. It returns the
// message as shown.
func (s *server) showOnce(kind int, msg string) string {
	msg = lint.RedactText("postmarklint: " + msg)
	s.mu.Lock()
	seen := s.shown[msg]
	s.shown[msg] = true
	s.mu.Unlock()
	if !seen {
		s.logf("%s", msg)
		s.out.notify("window/showMessage", showMessageParams{Type: kind, Message: msg})
	}
	return msg
}

// fatal shows why a lint from dir could not run (its configuration does
// not load), once while it lasts: once a lint from dir runs again, the
// same error is shown again when it comes back.
func (s *server) fatal(dir string, err error) {
	if err != nil {
		msg := s.showOnce(messageError, err.Error())
		s.mu.Lock()
		s.fatals[dir] = msg
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg, ok := s.fatals[dir]; ok {
		delete(s.shown, msg)
		delete(s.fatals, dir)
	}
}

// skipMessage says in an editor's words why a buffer is not linted.
func skipMessage(path string, s *driver.Skip) string {
	name := lint.QuotePath(filepath.Base(path))
	switch s.Reason {
	case driver.TooLarge:
		return fmt.Sprintf("%s is over the %s limit and is not linted", name, driver.FormatSize(s.Limit))
	case driver.Binary:
		return fmt.Sprintf("%s holds a NUL byte (a binary file) and is not linted", name)
	}
	return s.Error()
}

// dir is the folder a document is linted from, as the command line would
// be run there: the innermost workspace folder holding it, else its own
// folder. s.mu is held.
func (s *server) dir(path string) string {
	best := ""
	for _, r := range s.roots {
		if within(path, r) && len(r) > len(best) {
			best = r
		}
	}
	if best == "" {
		return filepath.Dir(path)
	}
	return best
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// diagnostic turns a finding into an LSP diagnostic: its span at UTF-16
// positions, its severity, the rule as code with a link to its doc, and
// the message the command line prints, redacted as there.
func diagnostic(x *lineIndex, f *lint.Finding) Diagnostic {
	sev := severityInformation
	switch f.Severity {
	case lint.Error:
		sev = severityError
	case lint.Warning:
		sev = severityWarning
	}
	return Diagnostic{
		Range:           x.rangeOf(f.Span.Start, f.Span.End),
		Severity:        sev,
		Code:            f.Rule.ID,
		CodeDescription: &codeDescription{Href: DocsURL + f.Rule.ID},
		Source:          "postmarklint",
		Message:         lint.RedactText(f.Message),
	}
}

// filePath returns the path of a file: URI.
func filePath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", false
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), true
}

// codeActions offers, for the findings under the range, each one's fix
// as a quick fix, and every fix of the buffer at once. Nothing is offered
// for a buffer changed since its last lint: the edits would land in the
// wrong place.
func (s *server) codeActions(p codeActionParams) []CodeAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	actions := []CodeAction{}
	d := s.docs[p.TextDocument.URI]
	if d == nil || d.result == nil || d.result.version != d.version {
		return actions
	}
	r := d.result
	wants := func(kind string) bool {
		if len(p.Context.Only) == 0 {
			return true
		}
		for _, o := range p.Context.Only {
			if kind == o || strings.HasPrefix(kind, o+".") {
				return true
			}
		}
		return false
	}
	lo, hi := r.index.offset(p.Range.Start), r.index.offset(p.Range.End)
	if wants("quickfix") {
		// Findings that share a fix (blanks at both ends of a value) share
		// its action.
		same := map[string]int{}
		for i, f := range r.findings {
			if f.Fix == nil || len(f.Fix.Edits) == 0 || f.Span.End < lo || f.Span.Start > hi {
				continue
			}
			title := f.Fix.Message + " (" + f.Rule.ID + ")"
			key := fmt.Sprintf("%s\x00%v", title, f.Fix.Edits)
			if j, ok := same[key]; ok {
				actions[j].Diagnostics = append(actions[j].Diagnostics, r.diags[i])
				continue
			}
			same[key] = len(actions)
			actions = append(actions, CodeAction{
				Title:       title,
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{r.diags[i]},
				IsPreferred: true,
				Edit:        s.edit(d, f.Fix.Edits),
			})
		}
	}
	if edits, fixed := lint.SelectFixes(r.findings); len(edits) > 0 && wants(fixAllKind) {
		n := 0
		for _, ok := range fixed {
			if ok {
				n++
			}
		}
		actions = append(actions, CodeAction{
			Title: fmt.Sprintf("Fix all postmarklint findings (%d)", n),
			Kind:  fixAllKind,
			Edit:  s.edit(d, edits),
		})
	}
	return actions
}

// edit turns byte edits of the linted text into a WorkspaceEdit. Each
// edit is cut down to the bytes it changes, and cut in two around a token
// it keeps, so that a fix that rewrites a value around a token (trimming
// a space, replacing both quotes) does not send the token back.
func (s *server) edit(d *document, edits []lint.Edit) *WorkspaceEdit {
	r := d.result
	var out []TextEdit
	for _, e := range edits {
		for _, e := range minimal(r.index.src, e) {
			out = append(out, TextEdit{Range: r.index.rangeOf(e.Span.Start, e.Span.End), NewText: e.New})
		}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: out}}
}

// minimal cuts an edit down to the bytes it changes: it drops what the
// edit leaves as it is from both of its ends, and splits it around every
// run of more than 4 bytes that the old and the new text share (a token
// that a fix moves from a heredoc or continued lines into one string), so
// that no edit sends the token back. It never splits a UTF-8 character.
func minimal(src []byte, e lint.Edit) []lint.Edit {
	return split(nil, e.Span.Start, string(src[e.Span.Start:e.Span.End]), e.New)
}

// keptRun is the longest run of bytes an edit may send back as it was:
// as many as a redacted token shows.
const keptRun = 4

// maxSplit bounds the texts split around a shared run, whose search takes
// time in the product of their lengths; values are far shorter.
const maxSplit = 4096

// split appends to out the edits that turn old, at offset start of the
// source, into new.
func split(out []lint.Edit, start int, old, new string) []lint.Edit {
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	for pre > 0 && pre < len(old) && !startsChar(old[pre]) {
		pre--
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	for suf > 0 && suf < len(old) && !startsChar(old[len(old)-suf]) {
		suf--
	}
	start, old, new = start+pre, old[pre:len(old)-suf], new[pre:len(new)-suf]
	if len(old) > keptRun && len(new) > keptRun && len(old) <= maxSplit && len(new) <= maxSplit {
		if i, j, n := sharedRun(old, new); n > keptRun {
			out = split(out, start, old[:i], new[:j])
			return split(out, start+i+n, old[i+n:], new[j+n:])
		}
	}
	if old == "" && new == "" {
		return out
	}
	return append(out, lint.Edit{Span: lint.Span{Start: start, End: start + len(old)}, New: new})
}

// sharedRun returns the longest run of bytes that a and b share, a[i:i+n]
// == b[j:j+n], cut to whole UTF-8 characters.
func sharedRun(a, b string) (i, j, n int) {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for x := 1; x <= len(a); x++ {
		for y := 1; y <= len(b); y++ {
			cur[y] = 0
			if a[x-1] == b[y-1] {
				cur[y] = prev[y-1] + 1
				if cur[y] > n {
					i, j, n = x-cur[y], y-cur[y], cur[y]
				}
			}
		}
		prev, cur = cur, prev
	}
	for n > 0 && !startsChar(a[i]) {
		i, j, n = i+1, j+1, n-1
	}
	for n > 0 && i+n < len(a) && !startsChar(a[i+n]) {
		n--
	}
	return i, j, n
}

func startsChar(b byte) bool { return b&0xC0 != 0x80 }

// hover shows, on a finding, its message, the rule's title and doc and
// a link to it; never a token.
func (s *server) hover(p textDocumentPositionParams) *hover {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil || d.result == nil || d.result.version != d.version {
		return nil
	}
	r := d.result
	off := r.index.offset(p.Position)
	var parts []string
	var at *Range
	for i, f := range r.findings {
		if off < f.Span.Start || off > f.Span.End {
			continue
		}
		rule := f.Rule
		parts = append(parts, fmt.Sprintf("**%s** (`%s`, %s)\n\n%s.\n\n%s\n\n[%s](%s)",
			r.diags[i].Message, rule.ID, f.Severity, strings.ToUpper(rule.Title[:1])+rule.Title[1:], rule.Doc, rule.ID, DocsURL+rule.ID))
		if at == nil {
			rg := r.diags[i].Range
			at = &rg
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return &hover{Contents: markupContent{Kind: "markdown", Value: lint.RedactText(strings.Join(parts, "\n\n---\n\n"))}, Range: at}
}
