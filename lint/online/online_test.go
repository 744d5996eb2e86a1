package online

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// checkRequest asserts one recorded request's shape.
func checkRequest(t *testing.T, s seen, kind Kind, token string) {
	t.Helper()
	if s.Method != http.MethodGet {
		t.Errorf("method %s, want GET", s.Method)
	}
	if s.Accept != "application/json" {
		t.Errorf("Accept %q, want application/json", s.Accept)
	}
	if strings.Contains(s.RequestURI, token) {
		t.Errorf("token %s travelled in the URL", redact(token))
	}
	switch kind {
	case Server:
		if s.Path != "/server" || s.RawQuery != "" {
			t.Errorf("request %s?%s, want /server", s.Path, s.RawQuery)
		}
		if s.ServerToken != token || s.AccountToken != "" {
			t.Errorf("headers: server %s account %s, want the server header only with %s",
				redact(s.ServerToken), redact(s.AccountToken), redact(token))
		}
	case Account:
		if s.Path != "/domains" || s.RawQuery != "count=1&offset=0" {
			t.Errorf("request %s?%s, want /domains?count=1&offset=0", s.Path, s.RawQuery)
		}
		if s.AccountToken != token || s.ServerToken != "" {
			t.Errorf("headers: server %s account %s, want the account header only with %s",
				redact(s.ServerToken), redact(s.AccountToken), redact(token))
		}
	}
}

func TestAnswers(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		expected Kind
		want     Result
		probes   []Kind // endpoints asked, in order
	}{
		{"live server", tokLive, Server,
			Result{Status: Alive, Kind: Server, Expected: Server, ServerID: 1234, ServerName: "Shop Production", DeliveryType: "Live"},
			[]Kind{Server}},
		{"sandbox server", tokSandbox, Server,
			Result{Status: Alive, Kind: Server, Expected: Server, ServerID: 5678, ServerName: "Shop Staging", DeliveryType: "Sandbox"},
			[]Kind{Server}},
		{"server without DeliveryType", tokOld, Server,
			Result{Status: Alive, Kind: Server, Expected: Server, ServerID: 42, ServerName: "Legacy"},
			[]Kind{Server}},
		{"account token", tokAccount, Account,
			Result{Status: Alive, Kind: Account, Expected: Account},
			[]Kind{Account}},
		{"account token where a server token belongs", tokAccount, Server,
			Result{Status: Alive, Kind: Account, Expected: Server},
			[]Kind{Server, Account}},
		{"server token where an account token belongs", tokLive, Account,
			Result{Status: Alive, Kind: Server, Expected: Account, ServerID: 1234, ServerName: "Shop Production", DeliveryType: "Live"},
			[]Kind{Account, Server}},
		{"unknown kind means server", tokLive, UnknownKind,
			Result{Status: Alive, Kind: Server, Expected: Server, ServerID: 1234, ServerName: "Shop Production", DeliveryType: "Live"},
			[]Kind{Server}},
		{"rejected 401 by both", tokRevoked, Server,
			Result{Status: Rejected, Expected: Server},
			[]Kind{Server, Account}},
		{"rejected 422 by both", tokOld422, Account,
			Result{Status: Rejected, Expected: Account},
			[]Kind{Account, Server}},
		{"403 ErrorCode 10 is the test token", tokForbidden, Server,
			Result{Status: TestToken, Expected: Server},
			[]Kind{Server}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.handle(tokOld422, always(422, "application/json", `{"ErrorCode":10,"Message":"Request does not contain a valid token."}`))
			f.handle(tokForbidden, always(403, "application/json", `{"ErrorCode":10,"Message":"The Server Token you provided was invalid."}`))
			v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
			got := v.Check(context.Background(), tt.token, tt.expected)
			noLeak(t, got, tt.token)
			if got != tt.want {
				t.Errorf("Check(%s) = %+v, want %+v", redact(tt.token), got, tt.want)
			}
			reqs := f.seen()
			if len(reqs) != len(tt.probes) {
				t.Fatalf("%d requests, want %d", len(reqs), len(tt.probes))
			}
			for i, k := range tt.probes {
				checkRequest(t, reqs[i], k, tt.token)
			}
			if got.KindMismatch() != (tt.want.Status == Alive && tt.want.Kind != tt.want.Expected) {
				t.Errorf("KindMismatch() = %v", got.KindMismatch())
			}
		})
	}
}

func TestTestTokenNeverSent(t *testing.T) {
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{})
	for _, tok := range []string{"POSTMARK_API_TEST", " postmark_api_test\n"} {
		for _, k := range []Kind{Server, Account} {
			got := v.Check(context.Background(), tok, k)
			if got.Status != TestToken || got.Expected != k {
				t.Errorf("Check(test token, %v) = %+v, want TestToken", k, got)
			}
		}
	}
	if n := f.count(); n != 0 {
		t.Errorf("the fake received %d requests for the test token, want none", n)
	}
}

func TestUnsendableNeverSent(t *testing.T) {
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	for _, tok := range []string{"", tokLive + " ", tokLive + "\r", "\u200b" + tokLive, strings.Repeat("a", 300)} {
		got := v.Check(context.Background(), tok, Server)
		if got.Status != Unverified || got.Reason == "" {
			t.Errorf("Check(%s) = %+v, want Unverified with a reason", redact(tok), got)
		}
		noLeak(t, got, tok)
	}
	if n := f.count(); n != 0 {
		t.Errorf("the fake received %d requests, want none", n)
	}
}

func TestTransientFailures(t *testing.T) {
	const tok = "00000000-fake-4000-8000-00000000e001"
	ok := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, serverBody(1234, "Shop Production", `"DeliveryType":"Live",`))
	}
	retryDate := time.Date(2025, 6, 1, 12, 0, 4, 0, time.UTC).Format(http.TimeFormat) // fake clock + 4s
	tests := []struct {
		name     string
		h        http.HandlerFunc
		status   Status
		reason   string
		requests int
		waits    []time.Duration
	}{
		{"503 every time", always(503, "text/plain", "unavailable"),
			Unverified, "HTTP 503 after 3 attempts", 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"500 then 200", sequence(always(500, "text/plain", "oops"), ok),
			Alive, "", 2, []time.Duration{500 * time.Millisecond}},
		{"429 with Retry-After seconds", sequence(always(429, "application/json", `{"ErrorCode":429,"Message":"slow down"}`, "Retry-After", "2"), ok),
			Alive, "", 2, []time.Duration{2 * time.Second}},
		{"429 with Retry-After date", sequence(always(429, "application/json", `{}`, "Retry-After", retryDate), ok),
			Alive, "", 2, []time.Duration{4 * time.Second}},
		{"Retry-After capped", always(429, "application/json", `{}`, "Retry-After", "3600"),
			Unverified, "HTTP 429 after 3 attempts", 3, []time.Duration{maxRetryAfter, maxRetryAfter}},
		{"HTML 403", always(403, "text/html", "<html><body><h1>403 Forbidden</h1></body></html>"),
			Unverified, "unexpected HTML 403", 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"malformed JSON", always(200, "application/json", `{"ID":1234,"Name":`),
			Unverified, "malformed JSON answer", 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"HTML 200 from a captive portal", always(200, "text/html", "<html>log in to the wifi</html>"),
			Unverified, "malformed JSON answer", 3, []time.Duration{500 * time.Millisecond, time.Second}},
		{"404 is not retried", always(404, "text/plain", "no"),
			Unverified, "unexpected HTTP 404", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.handle(tok, tt.h)
			v, clock := newVerifier(t, f.srv.URL, Options{NoCache: true})
			got := v.Check(context.Background(), tok, Server)
			noLeak(t, got, tok)
			if got.Status != tt.status || got.Reason != tt.reason {
				t.Errorf("got %v %q, want %v %q", got.Status, got.Reason, tt.status, tt.reason)
			}
			if n := f.count(); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if w := clock.Waits(); !slices.Equal(w, tt.waits) {
				t.Errorf("waits %v, want %v", w, tt.waits)
			}
		})
	}
}

func TestRetryWindow(t *testing.T) {
	// Each answer takes 15s of (fake) time: the third attempt would start
	// past the 20s window, so there is none.
	const tok = "00000000-fake-4000-8000-00000000e002"
	f := newFake(t)
	var clock *fakeClock
	f.handle(tok, func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(15 * time.Second)
		always(503, "text/plain", "busy")(w, r)
	})
	v, c := newVerifier(t, f.srv.URL, Options{NoCache: true})
	clock = c
	got := v.Check(context.Background(), tok, Server)
	if got.Reason != "HTTP 503 after 2 attempts" {
		t.Errorf("reason %q, want HTTP 503 after 2 attempts", got.Reason)
	}
}

func TestRetryStopsBeforeDeadline(t *testing.T) {
	// A wait that would outlast the caller's deadline is not started.
	const tok = "00000000-fake-4000-8000-00000000e003"
	f := newFake(t)
	f.handle(tok, always(429, "application/json", `{}`, "Retry-After", "5"))
	v, clock := newVerifier(t, f.srv.URL, Options{NoCache: true})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	got := v.Check(ctx, tok, Server)
	if got.Status != Unverified || got.Reason != "HTTP 429 after 1 attempt" {
		t.Errorf("got %v %q, want Unverified HTTP 429 after 1 attempt", got.Status, got.Reason)
	}
	if len(clock.Waits()) != 0 {
		t.Errorf("waited %v, want no wait", clock.Waits())
	}
}

func TestRefusedThenUnknown(t *testing.T) {
	const tok = "00000000-fake-4000-8000-00000000e004"
	f := newFake(t)
	f.handle(tok, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/server" {
			fakePostmark(w, r)
			return
		}
		always(503, "text/plain", "busy")(w, r)
	})
	v, _ := newVerifier(t, f.srv.URL, Options{})
	got := v.Check(context.Background(), tok, Server)
	want := "refused as server token; account check: HTTP 503 after 3 attempts"
	if got.Status != Unverified || got.Reason != want {
		t.Errorf("got %v %q, want Unverified %q", got.Status, got.Reason, want)
	}
	// Not cached: a second Verifier on the same folder asks again.
	v2, _ := newVerifier(t, f.srv.URL, Options{CacheDir: v.cache.dir})
	v2.Check(context.Background(), tok, Server)
	if n := f.count(); n != 8 {
		t.Errorf("%d requests, want 8 (nothing cached)", n)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere sync.Mutex
	hits := 0
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Lock()
		hits++
		elsewhere.Unlock()
		writeJSON(w, 200, serverBody(1, "Evil", `"DeliveryType":"Live",`))
	}))
	defer other.Close()

	f := newFake(t)
	f.handle(tokLive, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/server", http.StatusFound)
	})
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	got := v.Check(context.Background(), tokLive, Server)
	if got.Status != Unverified || got.Reason != "unexpected redirect (HTTP 302)" {
		t.Errorf("got %v %q, want Unverified unexpected redirect (HTTP 302)", got.Status, got.Reason)
	}
	elsewhere.Lock()
	defer elsewhere.Unlock()
	if hits != 0 {
		t.Errorf("the redirect target received %d requests, want none", hits)
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d requests, want 1 (a redirect is not retried)", n)
	}
}

func TestTimeout(t *testing.T) {
	f := newFake(t)
	f.delay = time.Minute // released when the client gives up
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true, Timeout: 50 * time.Millisecond})
	got := v.Check(context.Background(), tokLive, Server)
	if got.Status != Unverified || got.Reason != "timeout" {
		t.Errorf("got %v %q, want Unverified timeout", got.Status, got.Reason)
	}
	if n := f.count(); n != maxAttempts {
		t.Errorf("%d requests, want %d", n, maxAttempts)
	}
}

func TestWholePhaseDeadline(t *testing.T) {
	f := newFake(t)
	f.delay = time.Minute
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := CheckAll(ctx, v, []Request{{Token: tokLive, Expected: Server}, {Token: tokAccount, Expected: Account}, {Token: tokSandbox, Expected: Server}})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v despite a 100ms deadline", d)
	}
	for i, r := range res {
		if r.Status != Unverified || r.Reason != "online deadline exceeded" {
			t.Errorf("result %d: %v %q, want Unverified online deadline exceeded", i, r.Status, r.Reason)
		}
	}
	// The deadline ended those checks, so a later caller with time left
	// gets a real answer.
	f.mu.Lock()
	f.delay = 0
	f.mu.Unlock()
	if r := v.Check(context.Background(), tokLive, Server); r.Status != Alive {
		t.Errorf("after the deadline: %v %q, want Alive", r.Status, r.Reason)
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	v, _ := newVerifier(t, url, Options{NoCache: true})
	got := v.Check(context.Background(), tokLive, Server)
	if got.Status != Unverified || got.Reason != "connection refused" {
		t.Errorf("got %v %q, want Unverified connection refused", got.Status, got.Reason)
	}
}

func TestTLSCertificatesChecked(t *testing.T) {
	// httptest's certificate is self-signed: the default checks refuse it,
	// and the token is never sent.
	hits := 0
	var mu sync.Mutex
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	v, _ := newVerifier(t, srv.URL, Options{NoCache: true})
	got := v.Check(context.Background(), tokLive, Server)
	if got.Status != Unverified || got.Reason != "TLS certificate not trusted" {
		t.Errorf("got %v %q, want Unverified TLS certificate not trusted", got.Status, got.Reason)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != 0 {
		t.Errorf("the untrusted server received %d requests", hits)
	}
}

func TestOneRequestPerToken(t *testing.T) {
	f := newFake(t)
	f.delay = 20 * time.Millisecond // keep the first check in flight while the others ask
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	var reqs []Request
	for i := range 50 {
		reqs = append(reqs, Request{Token: tokLive, Expected: []Kind{Server, Account}[i%2]})
		reqs = append(reqs, Request{Token: tokAccount, Expected: Account})
	}
	res := CheckAll(context.Background(), v, reqs)
	for i, r := range res {
		if r.Status != Alive || r.Expected != reqs[i].Expected {
			t.Errorf("result %d: %+v", i, r)
		}
	}
	// Asked again later: still no new request.
	v.Check(context.Background(), tokLive, Server)
	byToken := map[string]int{}
	for _, s := range f.seen() {
		byToken[s.ServerToken+s.AccountToken]++
	}
	// tokLive answers on its first endpoint (1 request, or 2 when an
	// Account caller came first); tokAccount on /domains (1 request).
	if n := byToken[tokLive]; n < 1 || n > 2 {
		t.Errorf("%d requests for %s, want one check", n, redact(tokLive))
	}
	if n := byToken[tokAccount]; n != 1 {
		t.Errorf("%d requests for %s, want 1", n, redact(tokAccount))
	}
}

func TestAtMostFourInFlight(t *testing.T) {
	f := newFake(t)
	f.delay = 20 * time.Millisecond
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	var reqs []Request
	for i := range 24 {
		reqs = append(reqs, Request{Token: fakeToken(i), Expected: Server})
	}
	res := CheckAll(context.Background(), v, reqs)
	for i, r := range res {
		if r.Status != Rejected {
			t.Errorf("result %d: %v %q, want Rejected", i, r.Status, r.Reason)
		}
	}
	if n := f.count(); n != 48 {
		t.Errorf("%d requests, want 48 (two per token)", n)
	}
	if p := f.peak(); p > maxInFlight {
		t.Errorf("%d requests in flight at once, want at most %d", p, maxInFlight)
	}
	t.Logf("peak in flight: %d", f.peak())
}

func fakeToken(i int) string {
	return "00000000-fake-4000-8000-" + strings.Repeat("0", 8) + string(rune('a'+i/10)) + string(rune('0'+i%10)) + "ff"
}

func TestNoTokenInResultsOrErrors(t *testing.T) {
	// Every way a check can end, and the URL policy errors: no token.
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{})
	for _, tok := range []string{tokLive, tokAccount, tokRevoked, tokSandbox} {
		for _, k := range []Kind{Server, Account} {
			noLeak(t, v.Check(context.Background(), tok, k), tok)
		}
	}
	if _, err := New(Options{BaseURL: "http://" + tokLive + "@example.com/"}); err == nil ||
		strings.Contains(err.Error(), tokLive) {
		t.Errorf("URL with user info: error %v", err != nil)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"99999999999999999", maxRetryAfter, true}, // cut before it can overflow
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStrings(t *testing.T) {
	if Server.String() != "server" || Account.String() != "account" || UnknownKind.String() != "unknown" {
		t.Error("Kind.String")
	}
	if Alive.String() != "alive" || Rejected.String() != "rejected" ||
		TestToken.String() != "test token" || Unverified.String() != "unverified" {
		t.Error("Status.String")
	}
	var zero Result
	if zero.Status != Unverified {
		t.Error("the zero Result must claim nothing")
	}
}

// Verifier must satisfy the interface the engine takes.
var _ Checker = (*Verifier)(nil)

func TestCanceled(t *testing.T) {
	f := newFake(t)
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := v.Check(ctx, tokLive, Server); got.Status != Unverified || got.Reason != "canceled" {
		t.Errorf("got %v %q, want Unverified canceled", got.Status, got.Reason)
	}
	if err := sleepCtx(ctx, time.Hour); err == nil {
		t.Error("sleepCtx ignored a canceled context")
	}
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Errorf("sleepCtx: %v", err)
	}
}

func TestUnexpected401(t *testing.T) {
	// A 401 without Postmark's ErrorCode 10 (a proxy asking for its own
	// credentials) says nothing about the token.
	f := newFake(t)
	f.handle(tokLive, always(401, "text/html", "<html>proxy login</html>"))
	v, _ := newVerifier(t, f.srv.URL, Options{NoCache: true})
	if got := v.Check(context.Background(), tokLive, Server); got.Status != Unverified || got.Reason != "unexpected HTTP 401" {
		t.Errorf("got %v %q, want Unverified unexpected HTTP 401", got.Status, got.Reason)
	}
}
