package online

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Obviously fake tokens, UUID-shaped like real ones.
const (
	tokLive      = "00000000-fake-4000-8000-00000000a001" // server token, Live server
	tokSandbox   = "00000000-fake-4000-8000-00000000a002" // server token, Sandbox server
	tokOld       = "00000000-fake-4000-8000-00000000a003" // server token, no DeliveryType
	tokAccount   = "00000000-fake-4000-8000-00000000b001" // account token
	tokRevoked   = "00000000-fake-4000-8000-00000000c001" // refused everywhere (401)
	tokOld422    = "00000000-fake-4000-8000-00000000c002" // refused everywhere (422)
	tokForbidden = "00000000-fake-4000-8000-00000000d001" // 403 JSON ErrorCode 10
	tokNoSMTP    = "00000000-fake-4000-8000-00000000a004" // server token, SmtpApiActivated false

	// apiTokensValue is what the fake's /server answer lists in ApiTokens;
	// it must never reach a Result or the cache file.
	apiTokensValue = "00000000-fake-4000-8000-0000apitoken0"
)

// redact shows a token in a test message the way the product does.
func redact(tok string) string {
	if len(tok) <= 8 {
		return "…"
	}
	return "…" + tok[len(tok)-4:]
}

// seen is what the fake recorded of one request.
type seen struct {
	Method, Path, RawQuery, RequestURI string
	Accept, ServerToken, AccountToken  string
}

// fakeAPI imitates Postmark on loopback. Known tokens answer as Postmark
// does; special tokens get a scripted handler.
type fakeAPI struct {
	srv *httptest.Server

	mu        sync.Mutex
	requests  []seen
	inFlight  int
	maxFlight int
	special   map[string]http.HandlerFunc // by token, either header
	delay     time.Duration               // before every answer
}

func newFake(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{special: map[string]http.HandlerFunc{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) handle(token string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.special[token] = h
}

func (f *fakeAPI) seen() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.requests...)
}

func (f *fakeAPI) count() int { return len(f.seen()) }

func (f *fakeAPI) peak() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxFlight
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	srvTok := r.Header.Get("X-Postmark-Server-Token")
	accTok := r.Header.Get("X-Postmark-Account-Token")
	f.mu.Lock()
	f.requests = append(f.requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.RequestURI,
		r.Header.Get("Accept"), srvTok, accTok})
	f.inFlight++
	f.maxFlight = max(f.maxFlight, f.inFlight)
	h := f.special[srvTok+accTok]
	delay := f.delay
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()

	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if h != nil {
		h(w, r)
		return
	}
	fakePostmark(w, r)
}

// fakePostmark answers as the real API does for the known fake tokens.
func fakePostmark(w http.ResponseWriter, r *http.Request) {
	srvTok := r.Header.Get("X-Postmark-Server-Token")
	accTok := r.Header.Get("X-Postmark-Account-Token")
	switch {
	case r.URL.Path == "/server" && srvTok == TestTokenValue:
		writeJSON(w, 403, `{"ErrorCode":10,"Message":"The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token."}`)
	case r.URL.Path == "/server" && srvTok == tokLive:
		writeJSON(w, 200, serverBody(1234, "Shop Production", `"DeliveryType":"Live",`))
	case r.URL.Path == "/server" && srvTok == tokSandbox:
		writeJSON(w, 200, serverBody(5678, "Shop Staging", `"DeliveryType":"Sandbox",`))
	case r.URL.Path == "/server" && srvTok == tokOld:
		writeJSON(w, 200, serverBody(42, "Legacy", ""))
	case r.URL.Path == "/server" && srvTok == tokNoSMTP:
		writeJSON(w, 200, strings.Replace(serverBody(77, "No SMTP", `"DeliveryType":"Live",`), `"SmtpApiActivated":true`, `"SmtpApiActivated":false`, 1))
	case strings.HasPrefix(r.URL.Path, "/message-streams/") && (srvTok == tokLive || srvTok == tokNoSMTP):
		streamAnswer(w, 1234, strings.TrimPrefix(r.URL.Path, "/message-streams/"))
	case strings.HasPrefix(r.URL.Path, "/message-streams/"):
		writeJSON(w, 401, `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`)
	case r.URL.Path == "/server":
		writeJSON(w, 401, `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`)
	case r.URL.Path == "/domains" && accTok == tokAccount:
		writeJSON(w, 200, `{"TotalCount":2,"Domains":[{"Name":"example.com","SPFVerified":true,"DKIMVerified":true,"WeakDKIM":false,"ReturnPathDomainVerified":false,"ID":36735}]}`)
	case r.URL.Path == "/domains":
		writeJSON(w, 401, `{"ErrorCode":10,"Message":"Request does not contain a valid Account token."}`)
	default:
		writeJSON(w, 404, `{"ErrorCode":404,"Message":"not found"}`)
	}
}

// fakeStreams are the message streams of the fake's live server: the
// three every server has, a second transactional one, and an archived
// broadcast stream.
var fakeStreams = map[string]struct{ typ, archivedAt string }{
	"outbound":          {"Transactional", ""},
	"inbound":           {"Inbound", ""},
	"broadcast":         {"Broadcasts", ""},
	"transactional-dev": {"Transactional", ""},
	"old-news":          {"Broadcasts", "2024-03-01T00:00:00-05:00"},
}

// streamAnswer answers GET /message-streams/{id} as Postmark does: the
// stream, or 422 with ErrorCode 1226.
func streamAnswer(w http.ResponseWriter, serverID int, id string) {
	st, ok := fakeStreams[id]
	if !ok {
		writeJSON(w, 422, `{"ErrorCode":1226,"Message":"The message stream for the provided 'ID' was not found."}`)
		return
	}
	archived, purge := "null", "null"
	if st.archivedAt != "" {
		archived, purge = fmt.Sprintf("%q", st.archivedAt), `"2024-04-15T00:00:00-04:00"`
	}
	unsubscribe := "None"
	if st.typ == "Broadcasts" {
		unsubscribe = "Postmark"
	}
	writeJSON(w, 200, fmt.Sprintf(`{"ID":%q,"ServerID":%d,"Name":"Stream %s","Description":null,"MessageStreamType":%q,`+
		`"CreatedAt":"2020-07-01T00:00:00-04:00","UpdatedAt":null,"ArchivedAt":%s,"ExpectedPurgeDate":%s,`+
		`"SubscriptionManagementConfiguration":{"UnsubscribeHandlingType":%q}}`, id, serverID, id, st.typ, archived, purge, unsubscribe))
}

func serverBody(id int, name, delivery string) string {
	return fmt.Sprintf(`{"ID":%d,"Name":%q,"ApiTokens":[%q],"Color":"purple","SmtpApiActivated":true,`+
		`"RawEmailEnabled":false,%s"ServerLink":"https://account.postmarkapp.com/servers/%d/streams",`+
		`"InboundAddress":"0123456789abcdef0123456789abcdef@inbound.postmarkapp.com","InboundHookUrl":"",`+
		`"BounceHookUrl":"","OpenHookUrl":"","DeliveryHookUrl":"","PostFirstOpenOnly":false,`+
		`"InboundDomain":"","InboundHash":"0123456789abcdef0123456789abcdef","InboundSpamThreshold":0,`+
		`"TrackOpens":false,"TrackLinks":"None","IncludeBounceContentInHook":true,"ClickHookUrl":"",`+
		`"EnableSmtpApiErrorHooks":false}`, id, name, apiTokensValue, delivery, id)
}

func writeJSON(w http.ResponseWriter, code int, body string) {
	if !json.Valid([]byte(body)) {
		panic("fake: invalid JSON fixture")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprint(w, body)
}

// always answers every request with the same status and body.
func always(code int, contentType, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// sequence answers the n-th request with the n-th handler, then the last.
func sequence(hs ...http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := hs[min(n, len(hs)-1)]
		n++
		mu.Unlock()
		h(w, r)
	}
}

// fakeClock is the Verifier's clock in tests; waits advance it instead of
// sleeping, and are recorded.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// newVerifier builds a Verifier against base with a fake clock and no
// real waiting; opt.CacheDir defaults to a fresh temporary folder.
func newVerifier(t *testing.T, base string, opt Options) (*Verifier, *fakeClock) {
	t.Helper()
	opt.BaseURL = base
	if opt.CacheDir == "" && !opt.NoCache {
		opt.CacheDir = t.TempDir()
	}
	v, err := New(opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	clock := &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	v.now, v.sleep = clock.Now, clock.Sleep
	return v, clock
}

// noLeak fails when a Result carries a token or the ApiTokens value.
func noLeak(t *testing.T, r Result, tokens ...string) {
	t.Helper()
	text := fmt.Sprintf("%+v", r)
	for _, tok := range append(tokens, apiTokensValue) {
		if len(tok) >= 8 && strings.Contains(text, tok) {
			t.Errorf("result holds the secret %s", redact(tok))
		}
	}
}
