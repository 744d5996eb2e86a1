package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/rules"
)

// TestUTF16Ranges: a finding after an emoji and CJK characters on its
// line, or below a CJK comment, is underlined at the exact UTF-16
// characters, with the rule as code, its doc as link and the CLI's
// message.
func TestUTF16Ranges(t *testing.T) {
	yaml := `postmark: {note: "日本🚀", server_token: "` + tokA + ` "}` + "\n"
	env := "# 配置 🚀 staging\r\nPOSTMARK_SERVER_TOKEN=\"" + tokA + " \"\r\n"
	dir := project(t, nil)
	c := startServer(t, Options{})
	c.initialize(dir, nil)

	prefix := `postmark: {note: "日本🚀", server_token: "`
	start := len(utf16.Encode([]rune(prefix))) // the emoji is two units
	if start != 40 {
		t.Fatalf("test setup: prefix is %d UTF-16 units", start)
	}
	for _, c2 := range []struct {
		name, text string
		want       Range
	}{
		{"production.yaml", yaml, Range{Position{0, 40}, Position{0, 40 + len(tokA) + 1}}},
		{".env.production", env, Range{Position{1, 23}, Position{1, 23 + len(tokA) + 1}}},
	} {
		uri := fileURI(filepath.Join(dir, c2.name))
		c.open(uri, c2.text)
		diags := c.diagnostics(uri)
		if len(diags) != 1 {
			t.Fatalf("%s: %d diagnostics, want 1: %+v", c2.name, len(diags), diags)
		}
		d := diags[0]
		if d.Range != c2.want {
			t.Errorf("%s: range %+v, want %+v", c2.name, d.Range, c2.want)
		}
		if d.Severity != severityError || d.Code != "token-whitespace" || d.Source != "postmarklint" ||
			d.CodeDescription == nil || d.CodeDescription.Href != DocsURL+"token-whitespace" ||
			d.Message != "Postmark token ends with a space" {
			t.Errorf("%s: diagnostic %+v", c2.name, d)
		}
	}
}

// session starts a server on an empty folder, opens .env.production
// there holding text, and returns the client, the folder, the buffer's
// URI and its first diagnostics.
func session(t *testing.T, opt Options, init any, text string) (c *client, dir, uri string, diags []Diagnostic) {
	t.Helper()
	dir = project(t, nil)
	uri = fileURI(filepath.Join(dir, ".env.production"))
	c = startServer(t, opt)
	c.initialize(dir, init)
	c.open(uri, text)
	return c, dir, uri, c.diagnostics(uri)
}

// TestChangeClears: fixing the buffer by typing clears its diagnostic.
func TestChangeClears(t *testing.T) {
	c, _, uri, d := session(t, Options{}, nil, "POSTMARK_SERVER_TOKEN=\""+tokA+" \"\n")
	if len(d) != 1 {
		t.Fatalf("open: %+v", d)
	}
	c.change(uri, 2, "POSTMARK_SERVER_TOKEN=\""+tokA+"\"\n")
	if d := c.diagnostics(uri); len(d) != 0 {
		t.Errorf("after the change: %+v, want none", d)
	}
}

// TestCodeAction: the quick fix's edit, applied by the client, leaves a
// clean buffer; the edit is only the space, not the token.
func TestCodeAction(t *testing.T) {
	text := "# 🚀 mail\nPOSTMARK_SERVER_TOKEN=\"" + tokA + " \"\n"
	c, _, uri, diags := session(t, Options{}, nil, text)
	if len(diags) != 1 {
		t.Fatalf("open: %+v", diags)
	}
	resp := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        diags[0].Range,
		"context":      map[string]any{"diagnostics": diags},
	})
	var actions []CodeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil || resp.Error != nil {
		t.Fatalf("codeAction: %v %v", err, resp.Error)
	}
	var quick *CodeAction
	for i := range actions {
		if actions[i].Kind == "quickfix" {
			quick = &actions[i]
		}
	}
	if quick == nil || quick.Edit == nil || len(quick.Diagnostics) != 1 || quick.Diagnostics[0].Code != "token-whitespace" {
		t.Fatalf("no quick fix for the diagnostic: %+v", actions)
	}
	edits := quick.Edit.Changes[uri]
	if len(edits) != 1 || edits[0].NewText != "" {
		t.Errorf("edits %+v, want one deletion of the space", edits)
	}
	fixed := apply(t, text, edits)
	if want := "# 🚀 mail\nPOSTMARK_SERVER_TOKEN=\"" + tokA + "\"\n"; fixed != want {
		t.Fatalf("fixed buffer %q, want %q", fixed, want)
	}
	c.change(uri, 2, fixed)
	if d := c.diagnostics(uri); len(d) != 0 {
		t.Errorf("after the fix: %+v", d)
	}
	// Once changed, the old fixes are not offered any more.
	c.change(uri, 3, text)
	resp = c.request("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": diags[0].Range, "context": map[string]any{}})
	if strings.TrimSpace(string(resp.Result)) != "[]" {
		t.Errorf("code actions for a buffer changed since its lint: %s", resp.Result)
	}
}

// TestUnsavedSibling: an unsaved .env.staging buffer that holds the
// production token shows the mismatch on .env.production at once; undoing
// it clears it; closing the buffer falls back to the disk.
func TestUnsavedSibling(t *testing.T) {
	dir := project(t, map[string]string{".env.staging": "POSTMARK_SERVER_TOKEN=" + tokB + "\n"})
	prod := fileURI(filepath.Join(dir, ".env.production"))
	stag := fileURI(filepath.Join(dir, ".env.staging"))
	c := startServer(t, Options{})
	c.initialize(dir, nil)
	c.open(prod, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	if d := c.diagnostics(prod); len(d) != 0 {
		t.Fatalf("open: %+v", d)
	}
	c.open(stag, "POSTMARK_SERVER_TOKEN="+tokB+"\n")
	c.diagnostics(stag)
	c.diagnostics(prod) // relinted with its sibling open: still clean

	mismatch := func(what string, want bool) {
		t.Helper()
		if d := c.diagnostics(stag); len(d) != map[bool]int{false: 0, true: 1}[want] {
			t.Errorf("%s: staging's diagnostics %+v", what, d)
		}
		d := c.diagnostics(prod)
		got := len(d) == 1 && d[0].Code == "env-mismatch" && strings.Contains(d[0].Message, ".env.staging:1 (staging)")
		if got != want || (!want && len(d) != 0) {
			t.Errorf("%s: production's diagnostics %+v, want a mismatch: %v", what, d, want)
		}
	}
	c.change(stag, 2, "POSTMARK_SERVER_TOKEN="+tokA+"\n") // unsaved
	mismatch("staging typed to hold the production token", true)
	c.change(stag, 3, "POSTMARK_SERVER_TOKEN="+tokB+"\n")
	mismatch("staging changed back", false)
	c.change(stag, 4, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	mismatch("staging typed again", true)
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": stag}})
	mismatch("staging closed unsaved: the disk's version", false) // and staging's cleared
}

// TestProtocolErrors: what the protocol says for bad input, unknown
// methods, requests before initialize and after shutdown; exit codes.
func TestProtocolErrors(t *testing.T) {
	dir := project(t, nil)
	c := startServer(t, Options{})
	code := func(m *message) int {
		if m.Error == nil {
			return 0
		}
		return m.Error.Code
	}
	if m := c.request("textDocument/hover", map[string]any{}); code(m) != codeServerNotInitialized {
		t.Errorf("a request before initialize: %+v", m.Error)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(dir, ".env")), "text": "POSTMARK_TOKEN=x\n"}})
	c.initialize(dir, nil)
	if got := c.quiet(100 * time.Millisecond); len(got) != 0 {
		t.Errorf("a notification before initialize was acted on: %d messages", len(got))
	}
	null := func(m *message) bool { return m.Method == "" && string(m.ID) == "null" }
	c.sendRaw(`{"jsonrpc":"2.0","id":7,"method":`)
	if m := c.waitFor(null, "a parse error"); code(m) != codeParseError {
		t.Errorf("broken JSON: %+v", m.Error)
	}
	c.sendRaw(`[1,2]`)
	if m := c.waitFor(null, "an invalid request"); code(m) != codeInvalidRequest {
		t.Errorf("a batch: %+v", m.Error)
	}
	// A header block without Content-Length: an error, and the next
	// message is read as usual.
	if _, err := c.in.Write([]byte("Content-Type: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if m := c.waitFor(null, "a framing error"); code(m) != codeParseError {
		t.Errorf("no Content-Length: %+v", m.Error)
	}
	if m := c.request("workspace/symbol", map[string]any{"query": ""}); code(m) != codeMethodNotFound {
		t.Errorf("an unknown method: %+v", m.Error)
	}
	if m := c.request("textDocument/hover", "not an object"); code(m) != codeInvalidParams {
		t.Errorf("bad params: %+v", m.Error)
	}
	c.notify("workspace/unknownNotification", map[string]any{})
	c.notify("$/cancelRequest", map[string]any{"id": 1})
	if m := c.request("initialize", map[string]any{}); code(m) != codeInvalidRequest {
		t.Errorf("a second initialize: %+v", m.Error)
	}
	if m := c.request("shutdown", nil); m.Error != nil || string(m.Result) != "null" {
		t.Errorf("shutdown: %+v %s", m.Error, m.Result)
	}
	if m := c.request("textDocument/hover", map[string]any{}); code(m) != codeInvalidRequest {
		t.Errorf("a request after shutdown: %+v", m.Error)
	}
	c.notify("exit", nil)
	if got := c.exitCode(); got != 0 {
		t.Errorf("exit after shutdown: exit code %d, want 0", got)
	}
}

// TestExitCodes: exit without shutdown is 1; so is a client that goes
// away, even with a lint under way, and the server ends cleanly.
func TestExitCodes(t *testing.T) {
	dir := project(t, nil)
	c := startServer(t, Options{})
	c.initialize(dir, nil)
	c.notify("exit", nil)
	if got := c.exitCode(); got != 1 {
		t.Errorf("exit without shutdown: exit code %d, want 1", got)
	}

	c = startServer(t, Options{Debounce: time.Hour})
	c.initialize(dir, nil)
	uri := fileURI(filepath.Join(dir, ".env.production"))
	c.open(uri, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	c.change(uri, 2, "POSTMARK_SERVER_TOKEN="+tokB+"\n") // a lint waits for an hour
	c.in.Close()
	if got := c.exitCode(); got != 1 {
		t.Errorf("client gone: exit code %d, want 1", got)
	}

	// A client that stops reading: the server's next write fails, and it
	// ends.
	c = startServer(t, Options{})
	c.initialize(dir, nil)
	c.out.Close()
	c.sendRaw(`{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{}}`)
	if got := c.exitCode(); got != 1 {
		t.Errorf("client stopped reading: exit code %d, want 1", got)
	}
}

// TestDebounce: a burst of keystrokes is linted once, at its end.
func TestDebounce(t *testing.T) {
	c, _, uri, _ := session(t, Options{Debounce: 300 * time.Millisecond}, nil, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	const n = 20
	for v := 2; v < 2+n; v++ {
		c.change(uri, v, "POSTMARK_SERVER_TOKEN=\""+tokA+strings.Repeat(" ", v%3)+"\"\n")
	}
	var published []int
	for _, m := range c.quiet(time.Second) {
		var p publishDiagnosticsParams
		if m.Method == "textDocument/publishDiagnostics" && json.Unmarshal(m.Params, &p) == nil && p.Version != nil {
			published = append(published, *p.Version)
		}
	}
	if len(published) != 1 || published[0] != n+1 {
		t.Errorf("after %d changes, published versions %v, want only the last (%d)", n, published, n+1)
	}
}

// TestHover: the rule's doc on a diagnostic, nothing elsewhere.
func TestHover(t *testing.T) {
	c, _, uri, diags := session(t, Options{}, nil, "POSTMARK_SERVER_TOKEN=\""+tokA+" \"\n")
	d := diags[0]
	m := c.request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": d.Range.Start})
	var h hover
	if err := json.Unmarshal(m.Result, &h); err != nil || !strings.Contains(h.Contents.Value, "token-whitespace") ||
		!strings.Contains(h.Contents.Value, rules.TokenWhitespace.Doc[:40]) || h.Range == nil || *h.Range != d.Range {
		t.Errorf("hover on the diagnostic: %s", m.Result)
	}
	m = c.request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": Position{0, 2}})
	if string(m.Result) != "null" {
		t.Errorf("hover away from it: %s", m.Result)
	}
}

// fakePostmark counts the tokens it is asked about and never answers.
type fakePostmark struct{ calls atomic.Int32 }

func (f *fakePostmark) Check(ctx context.Context, token string, kind postmark.Kind) postmark.Result {
	f.calls.Add(1)
	return postmark.Result{Status: postmark.Unverified, Expected: kind, Reason: "fake"}
}

// TestOnlineOnSave: Postmark is asked on save only, and only when the
// client turned it on.
func TestOnlineOnSave(t *testing.T) {
	for _, on := range []bool{false, true} {
		fake := &fakePostmark{}
		opt := Options{Online: func() (postmark.Checker, error) { return fake, nil }, OnlineRequest: rules.OnlineRequest}
		c, _, uri, _ := session(t, opt, map[string]any{"online": on}, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
		c.change(uri, 2, "POSTMARK_SERVER_TOKEN="+tokB+"\n")
		c.diagnostics(uri)
		if n := fake.calls.Load(); n != 0 {
			t.Errorf("online %v: Postmark asked %d times while typing", on, n)
		}
		c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
		d := c.diagnostics(uri)
		want := int32(0)
		if on {
			want = 1
		}
		if n := fake.calls.Load(); n != want {
			t.Errorf("online %v: Postmark asked %d times on save, want %d", on, n, want)
		}
		if on && (len(d) != 1 || d[0].Code != "online-unverified") {
			t.Errorf("online on save: %+v", d)
		}
	}
}

// TestConfigChange: a changed .postmarklint.yaml relints the open
// buffers.
func TestConfigChange(t *testing.T) {
	c, dir, uri, d := session(t, Options{}, nil, "POSTMARK_SERVER_TOKEN=\""+tokA+" \"\n")
	if len(d) != 1 {
		t.Fatalf("open: %+v", d)
	}
	if err := os.WriteFile(filepath.Join(dir, ".postmarklint.yaml"), []byte("rules:\n  token-whitespace: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": fileURI(filepath.Join(dir, ".postmarklint.yaml")), "type": 1}}})
	if d := c.diagnostics(uri); len(d) != 0 {
		t.Errorf("after the configuration turned the rule off: %+v", d)
	}
}

// TestWatchRegistration: a client that can watch files on request is
// asked to report .postmarklint.yaml changes.
func TestWatchRegistration(t *testing.T) {
	c := startServer(t, Options{})
	resp := c.request("initialize", map[string]any{
		"rootUri":      fileURI(t.TempDir()),
		"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}},
	})
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	if got := c.quiet(100 * time.Millisecond); len(got) != 0 {
		t.Fatalf("a request before initialized: %s", got[0].Method)
	}
	c.notify("initialized", map[string]any{})
	m := c.waitFor(func(m *message) bool { return m.Method == "client/registerCapability" }, "a registration")
	if len(m.ID) == 0 || !strings.Contains(string(m.Params), `"workspace/didChangeWatchedFiles"`) || !strings.Contains(string(m.Params), `"**/.postmarklint.yaml"`) {
		t.Errorf("registration %s %s", m.ID, m.Params)
	}
	c.sendRaw(`{"jsonrpc":"2.0","id":` + string(m.ID) + `,"result":null}`) // the client's answer is taken quietly
	if got := c.quiet(100 * time.Millisecond); len(got) != 0 {
		t.Errorf("the answer to the registration was answered: %+v", got[0])
	}
}

// codeActions asks for the code actions over a whole buffer.
func (c *client) codeActions(uri string, diags []Diagnostic) []CodeAction {
	c.t.Helper()
	resp := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        Range{Position{0, 0}, Position{100, 0}},
		"context":      map[string]any{"diagnostics": diags},
	})
	var actions []CodeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil || resp.Error != nil {
		c.t.Fatalf("codeAction: %v %v", err, resp.Error)
	}
	return actions
}

// TestFixEditsHoldNoToken: a fix that changes bytes on both sides of a
// token (quotes replaced, blanks trimmed at both ends, a YAML block
// moved onto its key's line) reaches the editor as edits around the
// token, never holding it (the session's cleanup checks every byte sent);
// applied, they give the fixed buffer.
func TestFixEditsHoldNoToken(t *testing.T) {
	dir := project(t, nil)
	c := startServer(t, Options{})
	c.initialize(dir, nil)
	for _, tc := range []struct{ name, text, want string }{
		{".env.production", "POSTMARK_SERVER_TOKEN=\u201c" + tokA + "\u201d # 🚀\n", "POSTMARK_SERVER_TOKEN=\"" + tokA + "\" # 🚀\n"},
		{"appsettings.Production.json", "{\"Postmark\": {\"ServerToken\": \" " + tokA + " \"}}\n", "{\"Postmark\": {\"ServerToken\": \"" + tokA + "\"}}\n"},
		{"production.yaml", "postmark:\n  server_token: |  # 🚀 note\n    " + tokA + "\n  other: x\n", "postmark:\n  server_token: " + tokA + " # 🚀 note\n  other: x\n"},
	} {
		uri := fileURI(filepath.Join(dir, tc.name))
		c.open(uri, tc.text)
		diags := c.diagnostics(uri)
		if len(diags) == 0 {
			t.Fatalf("%s: no diagnostics", tc.name)
		}
		actions := c.codeActions(uri, diags)
		if len(actions) == 0 {
			t.Fatalf("%s: no code actions", tc.name)
		}
		for _, a := range actions {
			if got := apply(t, tc.text, a.Edit.Changes[uri]); got != tc.want {
				t.Errorf("%s: %s gives %q, want %q", tc.name, a.Title, got, tc.want)
			}
		}
	}
}

// TestQuickFixOnce: two findings that share one fix (blanks at both ends
// of a value) get one quick fix, for both diagnostics, not two
// identical ones.
func TestQuickFixOnce(t *testing.T) {
	dir := project(t, nil)
	c := startServer(t, Options{})
	c.initialize(dir, nil)
	uri := fileURI(filepath.Join(dir, "appsettings.Production.json"))
	c.open(uri, "{\"Postmark\": {\"ServerToken\": \" "+tokA+" \"}}\n")
	diags := c.diagnostics(uri)
	if len(diags) != 2 {
		t.Fatalf("diagnostics %+v, want the leading and the trailing space", diags)
	}
	var quick []CodeAction
	for _, a := range c.codeActions(uri, diags) {
		if a.Kind == "quickfix" {
			quick = append(quick, a)
		}
	}
	if len(quick) != 1 || len(quick[0].Diagnostics) != 2 {
		t.Errorf("quick fixes %+v, want one for both diagnostics", quick)
	}
}

// rejecting is a Postmark that refuses every token, after delay; it
// counts the questions.
type rejecting struct {
	calls atomic.Int32
	delay time.Duration
}

func (f *rejecting) Check(ctx context.Context, token string, kind postmark.Kind) postmark.Result {
	f.calls.Add(1)
	select {
	case <-time.After(f.delay):
		return postmark.Result{Status: postmark.Rejected, Expected: kind}
	case <-ctx.Done():
		return postmark.Result{Status: postmark.Unverified, Expected: kind, Reason: "cancelled"}
	}
}

func onlineOptions(f postmark.Checker) Options {
	return Options{Online: func() (postmark.Checker, error) { return f, nil }, OnlineRequest: rules.OnlineRequest}
}

func codes(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Code)
	}
	return out
}

// TestOnlineAnswersKept: what Postmark said on save stays shown while
// typing, without asking again; a token it was not asked about shows
// nothing until the next save.
func TestOnlineAnswersKept(t *testing.T) {
	fake := &rejecting{}
	c, _, uri, _ := session(t, onlineOptions(fake), map[string]any{"online": true}, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if d := c.diagnostics(uri); len(d) != 1 || d[0].Code != "token-rejected" {
		t.Fatalf("on save: %v, want token-rejected", codes(d))
	}
	c.change(uri, 2, "# a comment\nPOSTMARK_SERVER_TOKEN="+tokA+"\n")
	if d := c.diagnostics(uri); len(d) != 1 || d[0].Code != "token-rejected" || d[0].Range.Start.Line != 1 {
		t.Errorf("a keystroke after the save: %+v, want token-rejected still", d)
	}
	c.change(uri, 3, "POSTMARK_SERVER_TOKEN="+tokB+"\n")
	if d := c.diagnostics(uri); len(d) != 0 {
		t.Errorf("another token, not saved: %v, want nothing", codes(d))
	}
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("Postmark asked %d times, want once (on save)", n)
	}
}

// TestOnlineCheckNotCutShort: a keystroke in a sibling buffer while
// Postmark is being asked on save does not cancel the question; the
// answer shows when it comes.
func TestOnlineCheckNotCutShort(t *testing.T) {
	dir := project(t, map[string]string{".env.staging": "POSTMARK_SERVER_TOKEN=" + tokB + "\n"})
	prod := fileURI(filepath.Join(dir, ".env.production"))
	stag := fileURI(filepath.Join(dir, ".env.staging"))
	fake := &rejecting{delay: 300 * time.Millisecond}
	c := startServer(t, onlineOptions(fake))
	c.initialize(dir, map[string]any{"online": true})
	c.open(prod, "POSTMARK_SERVER_TOKEN="+tokA+"\n")
	c.diagnostics(prod)
	c.open(stag, "POSTMARK_SERVER_TOKEN="+tokB+"\n")
	c.diagnostics(stag)
	c.diagnostics(prod)
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": prod}})
	time.Sleep(50 * time.Millisecond)
	c.change(stag, 2, "# typing\nPOSTMARK_SERVER_TOKEN="+tokB+"\n")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if d := c.diagnostics(prod); len(d) == 1 && d[0].Code == "token-rejected" {
			return
		}
	}
	t.Errorf("the answer to the save never showed (Postmark asked %d times)", fake.calls.Load())
}

// TestConfigErrorShownAgain: a broken .postmarklint.yaml is shown once,
// not on every keystroke; once it works again, breaking it again (the same
// way) is shown again: the findings are gone meanwhile, and the user must
// learn why.
func TestConfigErrorShownAgain(t *testing.T) {
	c, dir, uri, _ := session(t, Options{}, nil, "POSTMARK_SERVER_TOKEN=\""+tokA+" \"\n")
	config := filepath.Join(dir, ".postmarklint.yaml")
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile(config, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": fileURI(config), "type": 2}}})
	}
	shown := func() int {
		n := 0
		for _, m := range c.quiet(300 * time.Millisecond) {
			if m.Method == "window/showMessage" && strings.Contains(string(m.Params), "token-placeholder: want") {
				n++
			}
		}
		return n
	}
	for round := 1; round <= 2; round++ {
		write("rules:\n  token-placeholder: sometimes\n")
		c.change(uri, 10*round, "POSTMARK_SERVER_TOKEN=\""+tokA+"  \"\n") // and a keystroke
		if n := shown(); n != 1 {
			t.Errorf("broken configuration, time %d: shown %d times, want once", round, n)
		}
		write("rules: {}\n")
		if d := c.diagnostics(uri); len(d) != 1 {
			t.Fatalf("configuration mended: %v", codes(d))
		}
	}
}

// streams is a Postmark that knows every server token and no message
// stream.
type streams struct{ calls atomic.Int32 }

func (f *streams) Check(_ context.Context, token string, kind postmark.Kind) postmark.Result {
	return postmark.Result{Status: postmark.Alive, Kind: kind, Expected: kind, ServerID: 1, ServerName: "Shop Production", DeliveryType: "Live"}
}

func (f *streams) CheckStream(context.Context, string, string) postmark.StreamResult {
	f.calls.Add(1)
	return postmark.StreamResult{Status: postmark.StreamMissing}
}

// TestOnlineStreamAnswersKept: a message stream Postmark does not know is
// shown on save and stays shown while the user types, as a token's answer
// does; typing never asks Postmark.
func TestOnlineStreamAnswersKept(t *testing.T) {
	fake := &streams{}
	opt := onlineOptions(fake)
	opt.StreamRequest = rules.StreamRequest
	src := "POSTMARK_SERVER_TOKEN=" + tokA + "\nPOSTMARK_MESSAGE_STREAM=outbound-eu\n"
	c, _, uri, _ := session(t, opt, map[string]any{"online": true}, src)
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
	has := func(d []Diagnostic) bool { return slices.Contains(codes(d), "stream-rejected") }
	if d := c.diagnostics(uri); !has(d) {
		t.Fatalf("on save: %v, want stream-rejected", codes(d))
	}
	c.change(uri, 2, "# a comment\n"+src)
	if d := c.diagnostics(uri); !has(d) {
		t.Errorf("a keystroke after the save: %v, want stream-rejected still", codes(d))
	}
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("Postmark asked about the stream %d times, want once (on save)", n)
	}
}
