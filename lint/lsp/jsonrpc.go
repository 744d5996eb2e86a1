package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
)

// JSON-RPC 2.0 over LSP's base protocol: each message is a header block
// ("Content-Length: N", CRLF line ends, a blank line) then N bytes of
// JSON. This is all of it that a server needs; no library is pulled in
// for a hundred lines.

// message is any JSON-RPC message: a request (ID and Method), a
// notification (Method alone) or a response (ID, and Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

func (m *message) isRequest() bool { return m.Method != "" && len(m.ID) > 0 }

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

// Error codes of JSON-RPC and LSP.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
)

// maxMessage bounds one message: a buffer is at most a configuration
// file, and a bogus Content-Length must not make the server allocate
// gigabytes.
const maxMessage = 64 << 20

// errFraming is a header block that cannot be read; the reader skips past
// it and goes on.
var errFraming = errors.New("bad message header")

// reader reads framed messages.
type reader struct {
	r   *bufio.Reader
	max int // the largest message read; a bigger one is skipped
}

func newReader(r io.Reader) *reader {
	return &reader{r: bufio.NewReaderSize(r, 64<<10), max: maxMessage}
}

// read returns the next message's JSON bytes. An error wrapping
// errFraming means the header was bad but the stream can go on; io.EOF
// (or io.ErrUnexpectedEOF) means the client is gone.
func (r *reader) read() ([]byte, error) {
	length := -1
	var bad error
	for {
		line, err := r.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line != "" {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length < 0 && bad == nil {
				bad = fmt.Errorf("%w: no Content-Length", errFraming)
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Errorf("%w: %q is not a header", errFraming, clip(line))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				bad = fmt.Errorf("%w: Content-Length %q", errFraming, clip(strings.TrimSpace(value)))
				continue
			}
			length = n
		}
	}
	if bad != nil {
		return nil, bad
	}
	if length > r.max {
		// Its length is known: skip it, and the next message is read as
		// usual.
		if _, err := io.CopyN(io.Discard, r.r, int64(length)); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: a message of %s, over the %s limit", errFraming, driver.FormatSize(int64(length)), driver.FormatSize(int64(r.max)))
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return body, nil
}

// clip shortens what a broken header quotes in a log line.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// writer writes framed messages, one at a time whatever the goroutine.
type writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error // the first write error: the client is gone
}

func (w *writer) write(m *message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.Write(buf.Bytes()); err != nil {
		w.err = err
	}
	return w.err
}

// failed returns the first write error: the client is gone.
func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writer) notify(method string, params any) error {
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return w.write(&message{Method: method, Params: p})
}

func (w *writer) reply(id json.RawMessage, result any, rerr *rpcError) error {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if rerr != nil {
		// It may quote what the client sent: a header, a JSON error.
		rerr = &rpcError{Code: rerr.Code, Message: lint.RedactText(rerr.Message)}
	}
	m := &message{ID: id, Error: rerr}
	if rerr == nil {
		r, err := json.Marshal(result)
		if err != nil {
			return err
		}
		m.Result = r
	}
	return w.write(m)
}
