package online

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

// The answer's types live in package postmark, which the pure lint engine
// imports without pulling in the network.
type (
	Kind         = postmark.Kind
	Status       = postmark.Status
	Result       = postmark.Result
	Checker      = postmark.Checker
	Request      = postmark.Request
	StreamResult = postmark.StreamResult
)

const (
	UnknownKind = postmark.UnknownKind
	Server      = postmark.Server
	Account     = postmark.Account

	Unverified = postmark.Unverified
	Alive      = postmark.Alive
	Rejected   = postmark.Rejected
	TestToken  = postmark.TestToken

	StreamUnverified = postmark.StreamUnverified
	StreamFound      = postmark.StreamFound
	StreamMissing    = postmark.StreamMissing
)

// CheckAll checks every request concurrently (postmark.CheckAll).
func CheckAll(ctx context.Context, c Checker, reqs []Request) []Result {
	return postmark.CheckAll(ctx, c, reqs)
}

// otherKind is the kind tried when Postmark refuses the expected one.
func otherKind(k Kind) Kind {
	if k == Account {
		return Server
	}
	return Account
}

const (
	// DefaultBaseURL is Postmark's API.
	DefaultBaseURL = "https://api.postmarkapp.com"
	// EnvBaseURL is the only place a different base URL may come from.
	EnvBaseURL = "POSTMARK_API_URL"
	// TestTokenValue is Postmark's public test token; it is never sent.
	TestTokenValue = "POSTMARK_API_TEST"

	// DefaultTimeout bounds one HTTP request.
	DefaultTimeout = 10 * time.Second
	// CacheLifetime is how long a cached answer is trusted.
	CacheLifetime = 10 * time.Minute

	maxInFlight = 4 // requests at a time, across all tokens
)

// Options configure a Verifier. The zero value checks against Postmark with
// the default timeout and the default cache.
type Options struct {
	// BaseURL replaces DefaultBaseURL. Fill it from the POSTMARK_API_URL
	// environment variable (EnvBaseURL) and from nothing else: never from a
	// configuration file, which the repository being linted controls.
	BaseURL string
	// Timeout bounds each HTTP request; 0 means DefaultTimeout.
	Timeout time.Duration
	// CacheDir holds the cache file; "" means os.UserCacheDir()/postmarklint.
	CacheDir string
	// NoCache turns the cache file off (--no-cache).
	NoCache bool
}

// Verifier checks tokens with Postmark. Create it with New, once per run;
// it is safe for concurrent use.
type Verifier struct {
	base    *url.URL
	client  *http.Client
	timeout time.Duration
	cache   *fileCache // nil when off
	sem     chan struct{}

	// Seams for tests: the clock (cache ages, Retry-After dates, the retry
	// window), the wait between attempts and the first backoff step.
	now         func() time.Time
	sleep       func(context.Context, time.Duration) error
	backoffBase time.Duration

	mu    sync.Mutex
	calls map[string]*call // by tokenKey or streamKey: one check of each per run
}

// call is one check, shared by every caller asking for it.
type call struct {
	done chan struct{}
	res  any // a Result or a StreamResult, valid once done is closed
}

// New returns a Verifier, or an error when Options.BaseURL breaks the URL
// policy (see CheckBaseURL).
func New(opt Options) (*Verifier, error) {
	raw := opt.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := CheckBaseURL(raw)
	if err != nil {
		return nil, err
	}
	v := &Verifier{
		base:        base,
		client:      newClient(),
		timeout:     opt.Timeout,
		sem:         make(chan struct{}, maxInFlight),
		now:         time.Now,
		sleep:       sleepCtx,
		backoffBase: 500 * time.Millisecond,
		calls:       map[string]*call{},
	}
	if v.timeout <= 0 {
		v.timeout = DefaultTimeout
	}
	if !opt.NoCache {
		v.cache = openCache(opt.CacheDir, base.String())
	}
	return v, nil
}

// openCache returns the cache in dir (default: the user's cache folder),
// or nil when there is no such folder: the cache is a convenience.
func openCache(dir, api string) *fileCache {
	if dir == "" {
		root, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(root, "postmarklint")
	}
	return &fileCache{dir: dir, api: api}
}

// newClient is an HTTP client that never follows a redirect (a token must
// reach only the base URL) and keeps the default TLS checks.
func newClient() *http.Client {
	return &http.Client{
		Transport: http.DefaultTransport.(*http.Transport).Clone(),
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Check asks Postmark about token, expecting it to be of kind expected
// (UnknownKind counts as Server). The test token is answered without a
// request. A token already checked by this Verifier, or being checked, is
// not checked again.
func (v *Verifier) Check(ctx context.Context, token string, expected Kind) Result {
	if expected != Account {
		expected = Server
	}
	if isTestToken(token) {
		return Result{Status: TestToken, Expected: expected}
	}
	if reason := unsendable(token); reason != "" {
		return Result{Status: Unverified, Expected: expected, Reason: reason}
	}
	key := tokenKey(token)
	res := shared(ctx, v, key, unverified, func() (Result, bool) {
		r := v.check(ctx, key, token, expected)
		return r, r.Status != Unverified
	})
	res.Expected = expected
	return res
}

// CheckStream asks Postmark, with a server token, about one of its
// server's message streams (GET /message-streams/{id}). The test token, a
// value that cannot be a token and an ID that cannot be a stream's are
// never sent. Each (token, stream) pair is asked once per Verifier, and
// lasting answers (found, or ErrorCode 1226) are cached as token answers
// are.
func (v *Verifier) CheckStream(ctx context.Context, token, stream string) StreamResult {
	failed := func(reason string) StreamResult { return StreamResult{Reason: reason} }
	switch {
	case isTestToken(token):
		return failed("the test token is never sent")
	case unsendable(token) != "":
		return failed(unsendable(token))
	case !sendableStream(stream):
		return failed("not a message stream ID")
	}
	key := streamKey(token, stream)
	return shared(ctx, v, key, failed, func() (StreamResult, bool) {
		if r, ok := v.cache.getStream(key, v.now()); ok {
			return r, true
		}
		u := v.base.JoinPath("message-streams", stream)
		r := v.probe(ctx, request{u.String(), tokenHeader(Server), token, decodeStream}).streamResult()
		if r.Status != StreamUnverified {
			v.cache.putStream(key, r, v.now())
		}
		return r, r.Status != StreamUnverified
	})
}

// sendableStream reports an ID that can travel in a URL path as it is:
// what a stream ID may be (letters, digits, hyphens, underscores), and
// short.
func sendableStream(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// shared runs work once per key: the first caller does the work, the
// others wait for its answer (or for their own context to end, failing
// with fail). work says whether its answer is final; one that is not,
// because this caller's context ended it, is not kept for later callers.
func shared[T any](ctx context.Context, v *Verifier, key string, fail func(string) T, work func() (T, bool)) T {
	v.mu.Lock()
	c, ok := v.calls[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		v.calls[key] = c
	}
	v.mu.Unlock()

	if ok {
		select {
		case <-c.done:
			return c.res.(T)
		case <-ctx.Done():
			return fail(ctxReason(ctx))
		}
	}

	res, final := work()
	c.res = res
	if ctx.Err() != nil && !final {
		// This caller's context ended the check; a later caller with
		// time left deserves a real attempt.
		v.mu.Lock()
		delete(v.calls, key)
		v.mu.Unlock()
	}
	close(c.done)
	return res
}

// check consults the cache, then Postmark, and caches lasting answers.
func (v *Verifier) check(ctx context.Context, key, token string, expected Kind) Result {
	if r, ok := v.cache.get(key, v.now()); ok {
		return r
	}
	r := v.ask(ctx, token, expected)
	if r.Status == Alive || r.Status == Rejected {
		v.cache.put(key, r, v.now())
	}
	return r
}

// ask probes the expected kind's endpoint and, when Postmark refuses it,
// the other kind's once.
func (v *Verifier) ask(ctx context.Context, token string, expected Kind) Result {
	first := v.probe(ctx, v.tokenRequest(token, expected))
	if first.class != refused {
		return first.result(expected)
	}
	other := otherKind(expected)
	second := v.probe(ctx, v.tokenRequest(token, other))
	switch second.class {
	case refused:
		return Result{Status: Rejected}
	case unknown:
		return unverified("refused as " + expected.String() + " token; " +
			other.String() + " check: " + second.reason)
	}
	return second.result(other)
}

func unverified(reason string) Result {
	return Result{Status: Unverified, Reason: reason}
}

// isTestToken matches Postmark's test token however it is dressed, so that
// it is never sent.
func isTestToken(token string) bool {
	return strings.EqualFold(strings.TrimSpace(token), TestTokenValue)
}

// unsendable says why a value is not sent at all: a header cannot carry it
// faithfully (servers trim spaces, refuse control bytes), or it is too long
// to be a token. The format rules report such values; sending them would
// only leak them.
func unsendable(token string) string {
	if token == "" {
		return "empty token"
	}
	if len(token) > 256 {
		return "too long to be a token"
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c >= 0x7f {
			return "token contains spaces, control or non-ASCII characters"
		}
	}
	return ""
}

// tokenKey names a token without holding it: the hex SHA-256, used both for
// deduplication and as the cache key.
func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// streamKey names a (token, stream) pair without holding the token, as
// tokenKey names a token.
func streamKey(token, stream string) string {
	return tokenKey(token + "\x00message-stream\x00" + stream)
}

func ctxReason(ctx context.Context) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "online deadline exceeded"
	}
	return "canceled"
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
