package online

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestStreamAnswers: GET /message-streams/{id} with the server token, read
// as Postmark answers it: the stream's type and whether it is archived,
// ErrorCode 1226 for a stream the server does not have, and anything else
// unverified.
func TestStreamAnswers(t *testing.T) {
	f := newFake(t)
	f.handle(tokSandbox, always(503, "text/html", "<html>503</html>"))
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	for _, tc := range []struct {
		token, stream string
		want          StreamResult
	}{
		{tokLive, "outbound", StreamResult{Status: StreamFound, Type: "Transactional"}},
		{tokLive, "broadcast", StreamResult{Status: StreamFound, Type: "Broadcasts"}},
		{tokLive, "inbound", StreamResult{Status: StreamFound, Type: "Inbound"}},
		{tokLive, "old-news", StreamResult{Status: StreamFound, Type: "Broadcasts", Archived: true}},
		{tokLive, "newsletter", StreamResult{Status: StreamMissing}},
		{tokRevoked, "outbound", StreamResult{Reason: "Postmark refused the server token"}},
		{tokSandbox, "outbound", StreamResult{Reason: "HTTP 503 after 3 attempts"}},
	} {
		before := len(f.seen())
		if got := v.CheckStream(context.Background(), tc.token, tc.stream); got != tc.want {
			t.Errorf("%s with %s: %+v, want %+v", tc.stream, redact(tc.token), got, tc.want)
		}
		for _, s := range f.seen()[before:] {
			if s.Path != "/message-streams/"+tc.stream || s.RawQuery != "" || s.Method != http.MethodGet || s.Accept != "application/json" {
				t.Errorf("request %s %s?%s (Accept %q)", s.Method, s.Path, s.RawQuery, s.Accept)
			}
			if s.ServerToken != tc.token || s.AccountToken != "" || strings.Contains(s.RequestURI, tc.token) {
				t.Errorf("%s: the token went elsewhere than X-Postmark-Server-Token", s.Path)
			}
		}
	}
}

// TestStreamNeverSent: the test token, a value that is no token and an ID
// that is no stream's never leave the machine.
func TestStreamNeverSent(t *testing.T) {
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	for _, tc := range []struct{ token, stream string }{
		{"POSTMARK_API_TEST", "outbound"},
		{tokLive + " ", "outbound"},
		{tokLive, ""},
		{tokLive, "../server"},
		{tokLive, "out bound"},
		{tokLive, "outbound?x=1"},
		{tokLive, "%2e%2e"},
	} {
		if got := v.CheckStream(context.Background(), tc.token, tc.stream); got.Status != StreamUnverified || got.Reason == "" {
			t.Errorf("%q: %+v, want unverified with a reason", tc.stream, got)
		}
	}
	if n := f.count(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// TestOneRequestPerStream: each (token, stream) pair is asked once,
// however many callers ask at the same time; another stream or another
// token is another request.
func TestOneRequestPerStream(t *testing.T) {
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { v.CheckStream(context.Background(), tokLive, "outbound") })
		wg.Go(func() { v.CheckStream(context.Background(), tokLive, "broadcast") })
		wg.Go(func() { v.CheckStream(context.Background(), tokNoSMTP, "outbound") })
	}
	wg.Wait()
	v.Check(context.Background(), tokLive, Server) // a token's check is another key
	per := map[string]int{}
	for _, s := range f.seen() {
		per[s.Path+" "+redact(s.ServerToken)]++
	}
	if len(per) != 4 {
		t.Errorf("requests %v, want 4 distinct", per)
	}
	for k, n := range per {
		if n != 1 {
			t.Errorf("%s asked %d times", k, n)
		}
	}
}

// TestStreamCache: found streams and ErrorCode 1226 are cached like token
// answers, under a key that holds neither token nor stream ID; failures
// are not.
func TestStreamCache(t *testing.T) {
	f := newFake(t)
	f.handle(tokSandbox, always(500, "application/json", `{}`))
	dir := t.TempDir()
	v1, clock := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	archived := v1.CheckStream(context.Background(), tokLive, "old-news")
	gone := v1.CheckStream(context.Background(), tokLive, "newsletter")
	v1.CheckStream(context.Background(), tokSandbox, "outbound")
	before := f.count()

	v2, clock2 := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	clock2.t = clock.Now()
	archived.Cached, gone.Cached = true, true
	if got := v2.CheckStream(context.Background(), tokLive, "old-news"); got != archived {
		t.Errorf("cached archived stream: %+v, want %+v", got, archived)
	}
	if got := v2.CheckStream(context.Background(), tokLive, "newsletter"); got != gone {
		t.Errorf("cached missing stream: %+v, want %+v", got, gone)
	}
	if n := f.count(); n != before {
		t.Errorf("the second run sent %d requests for cached answers", n-before)
	}
	v2.CheckStream(context.Background(), tokSandbox, "outbound")
	if f.count() == before {
		t.Error("an unverified answer was cached")
	}
	data, err := os.ReadFile(filepath.Join(dir, cacheFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{tokLive, tokSandbox, "old-news", "newsletter", apiTokensValue} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the cache file holds %s", redact(secret))
		}
	}
}

// TestSMTPOff: a server whose SmtpApiActivated is false says so in the
// token's Result, from Postmark and from the cache.
func TestSMTPOff(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	v1, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	if r := v1.Check(context.Background(), tokNoSMTP, Server); r.Status != Alive || !r.SMTPOff || r.ServerID != 77 {
		t.Errorf("SmtpApiActivated false: %+v", r)
	}
	if r := v1.Check(context.Background(), tokLive, Server); r.SMTPOff {
		t.Errorf("SmtpApiActivated true: %+v", r)
	}
	v2, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	if r := v2.Check(context.Background(), tokNoSMTP, Server); !r.Cached || !r.SMTPOff {
		t.Errorf("from the cache: %+v", r)
	}
}
