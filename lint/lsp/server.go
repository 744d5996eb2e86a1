// Package lsp is postmarklint's editor server: the Language Server
// Protocol over standard input and output (postmarklint lsp), a thin
// adapter over the driver's Buffer entrance. Open buffers are linted as
// they are typed (debounced), with the unsaved buffers of their siblings
// as the driver's overlay; findings become diagnostics at UTF-16
// positions, fixes become code actions, a rule's doc is the hover.
// --online runs only on save, only when the client asks for it.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

// Options is what the command line hands the server.
type Options struct {
	Rules []*lint.Rule

	// Online makes the Postmark client for the checks on save; nil, or a
	// client that did not ask for it in initialize, never goes online.
	Online        func() (postmark.Checker, error)
	OnlineRequest func(*lint.Entry) (string, postmark.Kind, bool)
	StreamRequest func(stream *lint.Entry, tokens []*lint.Entry) (token, id string, ok bool)
	OnlineTimeout time.Duration

	// Debounce is how long a buffer must stay unchanged before it is
	// linted again; 0 is DefaultDebounce.
	Debounce time.Duration

	Log io.Writer // one line per problem the server meets; nil: none
}

// DefaultDebounce lets a burst of keystrokes end before a lint starts:
// short enough that a finding shows up as the hand stops.
const DefaultDebounce = 150 * time.Millisecond

// DocsURL is where a rule's documentation is, by id: the README's
// heading of each rule.
const DocsURL = "https://github.com/postmarklint/postmarklint#"

// server is one session with one client.
type server struct {
	opt Options
	out *writer
	git *driver.GitCache

	ctx    context.Context // cancelled when the session ends
	cancel context.CancelFunc
	lints  sync.WaitGroup

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	closed      bool
	roots       []string // workspace folders
	online      bool
	answers     answers // what Postmark said on save
	docs        map[string]*document
	shown       map[string]bool   // messages shown to the user once
	fatals      map[string]string // folder -> the error shown for its lints
	watch       bool              // the client watches files on request
}

// document is an open buffer.
type document struct {
	uri, path string
	version   int
	text      []byte
	timer     *time.Timer
	cancel    context.CancelFunc // stops the lint under way
	check     context.CancelFunc // stops the online check of the last save
	result    *linted
}

// linted is the last lint published for a document.
type linted struct {
	version  int
	index    *lineIndex
	findings []lint.Finding
	diags    []Diagnostic // diags[i] is findings[i]
}

// Serve runs a session on in and out until the client says exit or goes
// away, and returns the exit code: 0 after shutdown then exit, 1 when the
// client exits without shutdown or disappears.
func Serve(in io.Reader, out io.Writer, opt Options) int {
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	s := &server{opt: opt, out: &writer{w: out}, git: &driver.GitCache{}, docs: map[string]*document{}, shown: map[string]bool{}, fatals: map[string]string{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	defer s.close()
	r := newReader(in)
	for {
		body, err := r.read()
		switch {
		case errors.Is(err, errFraming):
			s.logf("%v", err)
			s.out.reply(nil, nil, &rpcError{Code: codeParseError, Message: err.Error()})
			continue
		case err != nil:
			if !errors.Is(err, io.EOF) {
				s.logf("reading from the client: %v", err)
			}
			return s.exitCode()
		}
		if exit := s.handle(body); exit {
			return s.exitCode()
		}
		if err := s.out.failed(); err != nil {
			s.logf("writing to the client: %v", err)
			return s.exitCode()
		}
	}
}

func (s *server) exitCode() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

// close stops every pending and running lint and waits for them.
func (s *server) close() {
	s.mu.Lock()
	s.closed = true
	for _, d := range s.docs {
		s.stop(d)
	}
	s.mu.Unlock()
	s.cancel()
	s.lints.Wait()
}

func (s *server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		fmt.Fprintln(s.opt.Log, lint.RedactText("postmarklint lsp: "+fmt.Sprintf(format, args...)))
	}
}

// handle answers one message; true when it was exit.
func (s *server) handle(body []byte) (exit bool) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		code := codeParseError
		if json.Valid(body) {
			code = codeInvalidRequest // valid JSON, but not one message object
		}
		s.out.reply(nil, nil, &rpcError{Code: code, Message: "not a JSON-RPC message: " + err.Error()})
		return false
	}
	if m.Method == "" {
		if len(m.ID) == 0 || (m.Result == nil && m.Error == nil) {
			s.out.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "a message without a method"})
		}
		return false // a response to a request of ours
	}
	if m.JSONRPC != "2.0" {
		if m.isRequest() {
			s.out.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: `jsonrpc must be "2.0"`})
		}
		return false
	}
	if m.Method == "exit" {
		return true
	}
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case !initialized && m.Method != "initialize":
		if m.isRequest() {
			s.out.reply(m.ID, nil, &rpcError{Code: codeServerNotInitialized, Message: "the server is not initialized yet"})
		}
		return false
	case shutdown:
		if m.isRequest() {
			s.out.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shutting down"})
		}
		return false
	}
	defer func() {
		if p := recover(); p != nil {
			s.logf("internal error in %s: %v\n%s", m.Method, p, debug.Stack())
			if m.isRequest() {
				s.out.reply(m.ID, nil, &rpcError{Code: codeInternalError, Message: fmt.Sprintf("internal error in %s", m.Method)})
			}
		}
	}()
	if m.isRequest() {
		result, rerr := s.request(m.Method, m.Params)
		s.out.reply(m.ID, result, rerr)
		return false
	}
	if err := s.notification(m.Method, m.Params); err != nil {
		s.logf("%s: %v", m.Method, err)
	}
	return false
}

// decode reads params into v; a request with bad params gets
// InvalidParams.
func decode(params json.RawMessage, v any) *rpcError {
	if len(params) == 0 {
		params = json.RawMessage("{}")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return &rpcError{Code: codeInvalidParams, Message: "bad params: " + err.Error()}
	}
	return nil
}

func (s *server) request(method string, params json.RawMessage) (any, *rpcError) {
	switch method {
	case "initialize":
		return s.initialize(params)
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/codeAction":
		var p codeActionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	case "textDocument/hover":
		var p textDocumentPositionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return s.hover(p), nil
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "unknown method " + method}
}

func (s *server) initialize(params json.RawMessage) (any, *rpcError) {
	var p initializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	var opts InitializationOptions
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		if err := json.Unmarshal(p.InitializationOptions, &opts); err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: "bad initializationOptions: " + err.Error()}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.initialized {
		return nil, &rpcError{Code: codeInvalidRequest, Message: "initialize was already sent"}
	}
	s.initialized = true
	s.online = opts.Online && s.opt.Online != nil
	for _, f := range p.WorkspaceFolders {
		if dir, ok := filePath(f.URI); ok {
			s.roots = append(s.roots, dir)
		}
	}
	if len(s.roots) == 0 {
		if dir, ok := filePath(p.RootURI); ok {
			s.roots = append(s.roots, dir)
		} else if p.RootPath != "" {
			s.roots = append(s.roots, filepath.Clean(p.RootPath))
		}
	}
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	return map[string]any{
		"capabilities": map[string]any{
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    1, // the whole buffer each time: configuration files are small
				"save":      map[string]any{"includeText": false},
			},
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix", fixAllKind}},
			"hoverProvider":      true,
		},
		"serverInfo": map[string]any{"name": "postmarklint"},
	}, nil
}

// watchConfig asks the client to say when a .postmarklint.yaml changes,
// once it is initialized: no request may come before the answer to
// initialize.
func (s *server) watchConfig() {
	params := registrationParams{Registrations: []registration{{
		ID:     "postmarklint-config",
		Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: map[string]any{
			"watchers": []map[string]any{{"globPattern": "**/" + lint.ConfigName}},
		},
	}}}
	p, _ := json.Marshal(params)
	s.out.write(&message{ID: json.RawMessage(`"postmarklint-register-1"`), Method: "client/registerCapability", Params: p})
}

func (s *server) notification(method string, params json.RawMessage) error {
	switch method {
	case "initialized":
		s.mu.Lock()
		watch := s.watch
		s.mu.Unlock()
		if watch {
			s.watchConfig()
		}
	case "textDocument/didOpen":
		var p didOpenParams
		if err := decode(params, &p); err != nil {
			return err
		}
		s.open(p.TextDocument)
	case "textDocument/didChange":
		var p didChangeParams
		if err := decode(params, &p); err != nil {
			return err
		}
		return s.change(p)
	case "textDocument/didSave":
		var p didSaveParams
		if err := decode(params, &p); err != nil {
			return err
		}
		s.save(p)
	case "textDocument/didClose":
		var p didCloseParams
		if err := decode(params, &p); err != nil {
			return err
		}
		s.closeDoc(p.TextDocument.URI)
	case "workspace/didChangeWatchedFiles":
		s.lintAll()
	}
	// $/cancelRequest, $/setTrace and anything else: nothing to do
	// (requests are answered at once).
	return nil
}

func (s *server) open(item TextDocumentItem) {
	path, ok := filePath(item.URI)
	if !ok {
		return // untitled: buffers and other schemes have no name to lint by
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[item.URI]; old != nil {
		s.stop(old)
	}
	d := &document{uri: item.URI, path: path, version: item.Version, text: []byte(item.Text)}
	s.docs[item.URI] = d
	s.schedule(d, 0)
	s.scheduleSiblings(d, 0)
}

func (s *server) change(p didChangeParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return fmt.Errorf("%s is not open", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.text = []byte(c.Text)
			continue
		}
		x := newLineIndex(d.text)
		start, end := x.offset(c.Range.Start), x.offset(c.Range.End)
		if end < start {
			return fmt.Errorf("%s: a change ends before it starts", d.uri)
		}
		d.text = append(d.text[:start:start], append([]byte(c.Text), d.text[end:]...)...)
	}
	d.version = p.TextDocument.Version
	s.schedule(d, s.opt.Debounce)
	s.scheduleSiblings(d, s.opt.Debounce)
	return nil
}

func (s *server) save(p didSaveParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	if filepath.Base(d.path) == lint.ConfigName {
		for _, o := range s.docs {
			s.schedule(o, 0)
		}
		return
	}
	if s.online {
		s.check(d)
		return
	}
	s.schedule(d, 0)
}

func (s *server) closeDoc(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return
	}
	s.stop(d)
	delete(s.docs, uri)
	s.publish(d.uri, nil, nil) // nothing stays shown for a closed buffer
	s.scheduleSiblings(d, 0)   // they see the disk's version now
}

func (s *server) lintAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		s.schedule(d, 0)
	}
}

// stop cancels a document's pending and running lints. s.mu is held.
func (s *server) stop(d *document) {
	if d.timer != nil && d.timer.Stop() {
		s.lints.Done() // it will not run
	}
	if d.cancel != nil {
		d.cancel()
	}
	if d.check != nil {
		d.check()
	}
}

// schedule lints d after delay, replacing a lint not yet started; a
// later change cancels it. s.mu is held.
func (s *server) schedule(d *document, delay time.Duration) {
	if s.closed {
		return
	}
	if d.timer != nil && d.timer.Stop() {
		s.lints.Done() // it will not run
	}
	s.lints.Add(1)
	d.timer = time.AfterFunc(delay, func() {
		defer s.lints.Done()
		s.lint(d)
	})
}

// scheduleSiblings relints the open buffers of d's family (same folder,
// same name but for environment words), whose cross-file findings may
// change with d. s.mu is held.
func (s *server) scheduleSiblings(d *document, delay time.Duration) {
	dir, key := filepath.Dir(d.path), lint.FamilyKey(filepath.Base(d.path))
	for _, o := range s.docs {
		if o != d && filepath.Dir(o.path) == dir && lint.FamilyKey(filepath.Base(o.path)) == key {
			s.schedule(o, delay)
		}
	}
}
