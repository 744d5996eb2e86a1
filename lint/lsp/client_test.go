package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/postmarklint/postmarklint/rules"
)

// Tokens: generated, never real.
const (
	tokA = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	tokB = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
)

// client is a scripted LSP client talking to Serve through pipes, as an
// editor talks to postmarklint lsp through its standard input and output.
type client struct {
	t      testing.TB
	in     *io.PipeWriter // the server's standard input
	out    *io.PipeReader
	msgs   chan *message
	code   chan int // Serve's exit code
	nextID int

	mu      sync.Mutex
	raw     bytes.Buffer // every byte the server sent
	pending []*message   // read while waiting for something else
	log     bytes.Buffer // the server's log
}

// startServer runs a session in a temporary folder with git facts off
// the user's cache, and returns its client.
func startServer(t testing.TB, opt Options) *client {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	if opt.Rules == nil {
		opt.Rules = rules.All
	}
	if opt.Debounce == 0 {
		opt.Debounce = 20 * time.Millisecond
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, in: inW, out: outR, msgs: make(chan *message, 1000), code: make(chan int, 1)}
	opt.Log = &lockedWriter{mu: &c.mu, w: &c.log}
	go func() {
		c.code <- Serve(inR, outW, opt)
		outW.Close()
	}()
	go func() {
		r := newReader(io.TeeReader(outR, &lockedWriter{mu: &c.mu, w: &c.raw}))
		for {
			body, err := r.read()
			if err != nil {
				close(c.msgs)
				return
			}
			var m message
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("the server sent bad JSON: %v: %s", err, body)
			}
			c.msgs <- &m
		}
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.code:
		case <-time.After(10 * time.Second):
			t.Error("the server did not end when its input closed")
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, tok := range []string{tokA, tokB} {
			if bytes.Contains(bytes.ToLower(c.raw.Bytes()), []byte(tok)) || strings.Contains(strings.ToLower(c.log.String()), tok) {
				t.Errorf("the server sent or logged a whole token (…%s)", tok[len(tok)-4:])
			}
		}
	})
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// sendRaw sends one framed body as it is.
func (c *client) sendRaw(body string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	p, _ := json.Marshal(params)
	c.sendRaw(fmt.Sprintf(`{"jsonrpc":"2.0","method":%q,"params":%s}`, method, p))
}

// request sends a request and waits for its response.
func (c *client) request(method string, params any) *message {
	c.t.Helper()
	c.nextID++
	p, _ := json.Marshal(params)
	c.sendRaw(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, c.nextID, method, p))
	id := fmt.Sprint(c.nextID)
	return c.waitFor(func(m *message) bool { return m.Method == "" && string(m.ID) == id }, "the response to "+method)
}

// waitFor returns the first message (pending, then new) that match
// accepts; the others stay pending.
func (c *client) waitFor(match func(*message) bool, what string) *message {
	c.t.Helper()
	for i, m := range c.pending {
		if match(m) {
			c.pending = append(c.pending[:i], c.pending[i+1:]...)
			return m
		}
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.t.Fatalf("the server closed its output while waiting for %s", what)
			}
			if match(m) {
				return m
			}
			c.pending = append(c.pending, m)
		case <-deadline:
			c.t.Fatalf("no %s within 10s", what)
		}
	}
}

// quiet reports the messages that arrive within d.
func (c *client) quiet(d time.Duration) []*message {
	var got []*message
	got = append(got, c.pending...)
	c.pending = nil
	timeout := time.After(d)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				return got
			}
			got = append(got, m)
		case <-timeout:
			return got
		}
	}
}

// exitCode waits for the session to end and returns its exit code.
func (c *client) exitCode() int {
	c.t.Helper()
	select {
	case got := <-c.code:
		c.code <- got // for the cleanup
		return got
	case <-time.After(5 * time.Second):
		c.t.Fatal("the server did not end")
		return -1
	}
}

func (c *client) initialize(root string, options any) {
	c.t.Helper()
	resp := c.request("initialize", map[string]any{
		"processId": nil, "rootUri": fileURI(root), "capabilities": map[string]any{},
		"initializationOptions": options,
	})
	if resp.Error != nil {
		c.t.Fatalf("initialize: %v", resp.Error)
	}
	c.notify("initialized", map[string]any{})
}

// diagnostics waits for the next diagnostics of uri.
func (c *client) diagnostics(uri string) []Diagnostic {
	c.t.Helper()
	m := c.waitFor(func(m *message) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), fmt.Sprintf("%q", uri))
	}, "diagnostics of "+uri)
	var p publishDiagnosticsParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		c.t.Fatal(err)
	}
	return p.Diagnostics
}

func (c *client) open(uri, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "dotenv", "version": 1, "text": text}})
}

func (c *client) change(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []map[string]any{{"text": text}},
	})
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// project makes a folder with files and returns it.
func project(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// apply applies LSP text edits to text, counting characters in UTF-16
// units itself (not with the server's lineIndex), last edit first.
func apply(t *testing.T, text string, edits []TextEdit) string {
	t.Helper()
	offset := func(p Position) int {
		lines := strings.SplitAfter(text, "\n")
		off := 0
		for i := 0; i < p.Line; i++ {
			off += len(lines[i])
		}
		units := 0
		for i, r := range lines[p.Line] {
			if units >= p.Character {
				return off + i
			}
			units += len(utf16.Encode([]rune{r}))
		}
		return off + len(lines[p.Line])
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}
