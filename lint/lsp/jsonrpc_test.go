package lsp

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestOversizeMessage: a message over the size limit is skipped whole,
// so that the message after it is read as usual and the session goes on
// (an editor may send a buffer of any size).
func TestOversizeMessage(t *testing.T) {
	big := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"` + strings.Repeat("x", 200) + `"}}`
	next := `{"jsonrpc":"2.0","id":1,"method":"shutdown"}`
	stream := fmt.Sprintf("Content-Length: %d\r\n\r\n%sContent-Length: %d\r\n\r\n%s", len(big), big, len(next), next)
	r := newReader(strings.NewReader(stream))
	r.max = 100
	if _, err := r.read(); !errors.Is(err, errFraming) || !strings.Contains(err.Error(), "over the") {
		t.Fatalf("a message over the limit: %v, want a framing error saying so", err)
	}
	body, err := r.read()
	if err != nil || string(body) != next {
		t.Fatalf("the message after it: %q, %v; want %q", body, err, next)
	}
}

// TestErrorRepliesRedacted: an error reply that quotes what the client
// sent (a broken header) holds no whole token; the session's cleanup
// checks every byte the server sent.
func TestErrorRepliesRedacted(t *testing.T) {
	c := startServer(t, Options{})
	null := func(m *message) bool { return m.Method == "" && string(m.ID) == "null" }
	for _, header := range []string{"Content-Length: " + tokA, "X-" + tokB} {
		if _, err := c.in.Write([]byte(header + "\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		if m := c.waitFor(null, "a framing error"); m.Error == nil || m.Error.Code != codeParseError {
			t.Errorf("%s: %+v", header[:10], m.Error)
		}
	}
}
