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
)

// Kind is the kind of a Postmark token.
type Kind int

const (
	UnknownKind Kind = iota // no kind answered (rejected, unverified, test token)
	Server                  // a server token: X-Postmark-Server-Token
	Account                 // an account token: X-Postmark-Account-Token
)

func (k Kind) String() string {
	switch k {
	case Server:
		return "server"
	case Account:
		return "account"
	}
	return "unknown"
}

// other is the kind tried when Postmark refuses the expected one.
func (k Kind) other() Kind {
	if k == Account {
		return Server
	}
	return Account
}

// Status is what Postmark said about a token. The zero value is
// Unverified, so that a Result nobody filled in claims nothing.
type Status int

const (
	Unverified Status = iota // the check could not finish; see Result.Reason
	Alive                    // Postmark accepted the token as Result.Kind
	Rejected                 // refused as both kinds (401/422, ErrorCode 10)
	TestToken                // POSTMARK_API_TEST, or Postmark answered 403 ErrorCode 10
)

func (s Status) String() string {
	switch s {
	case Alive:
		return "alive"
	case Rejected:
		return "rejected"
	case TestToken:
		return "test token"
	}
	return "unverified"
}

// Result is the outcome of checking one token. It never holds the token.
type Result struct {
	Status   Status
	Kind     Kind // the kind Postmark accepted; UnknownKind unless Alive
	Expected Kind // the kind the caller expected

	// For an Alive server token: the server Postmark reports.
	ServerID     int
	ServerName   string
	DeliveryType string // "Live", "Sandbox", or "" when Postmark did not say

	Reason string // why the check did not finish (Unverified), short, for humans
	Cached bool   // the answer came from the cache file, not from Postmark
}

// KindMismatch reports whether the token is alive but of the other kind
// than the caller expected.
func (r Result) KindMismatch() bool {
	return r.Status == Alive && r.Kind != r.Expected
}

// Checker is what the lint engine needs: one answer per token. A Checker
// is safe for concurrent use.
type Checker interface {
	Check(ctx context.Context, token string, expected Kind) Result
}

// Request is one token to check, for CheckAll.
type Request struct {
	Token    string
	Expected Kind
}

// CheckAll checks every request concurrently and returns the results in
// the same order. Concurrency and deduplication are the Checker's job.
func CheckAll(ctx context.Context, c Checker, reqs []Request) []Result {
	out := make([]Result, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { out[i] = c.Check(ctx, r.Token, r.Expected) })
	}
	wg.Wait()
	return out
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
	calls map[string]*call // by tokenKey: one check per token per run
}

// call is one token's check, shared by every caller asking for it.
type call struct {
	done chan struct{}
	res  Result // valid once done is closed; Expected is set per caller
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
	res := v.shared(ctx, token, expected)
	res.Expected = expected
	return res
}

// shared runs check once per token: the first caller does the work, the
// others wait for its answer (or for their own context to end).
func (v *Verifier) shared(ctx context.Context, token string, expected Kind) Result {
	key := tokenKey(token)
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
			return c.res
		case <-ctx.Done():
			return unverified(ctxReason(ctx))
		}
	}

	c.res = v.check(ctx, key, token, expected)
	if ctx.Err() != nil && c.res.Status == Unverified {
		// This caller's context ended the check; a later caller with
		// time left deserves a real attempt.
		v.mu.Lock()
		delete(v.calls, key)
		v.mu.Unlock()
	}
	close(c.done)
	return c.res
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
	first := v.probe(ctx, token, expected)
	if first.class != refused {
		return first.result(expected)
	}
	other := expected.other()
	second := v.probe(ctx, token, other)
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
