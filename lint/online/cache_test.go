package online

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestCacheServesSecondRun(t *testing.T) {
	f := newFake(t)
	dir := filepath.Join(t.TempDir(), "postmarklint") // created by the cache
	v1, clock := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	first := v1.Check(context.Background(), tokLive, Server)
	rejected := v1.Check(context.Background(), tokRevoked, Server)
	mismatch := v1.Check(context.Background(), tokAccount, Server)
	before := f.count() // 1 + 2 + 2

	v2, clock2 := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	clock2.t = clock.Now().Add(CacheLifetime - time.Second)
	for _, c := range []struct {
		tok      string
		expected Kind
		want     Result
	}{
		{tokLive, Server, withCached(first)},
		{tokRevoked, Server, withCached(rejected)},
		{tokAccount, Server, withCached(mismatch)},
		// A cached fact serves a caller that expects the other kind too.
		{tokAccount, Account, Result{Status: Alive, Kind: Account, Expected: Account, Cached: true}},
	} {
		if got := v2.Check(context.Background(), c.tok, c.expected); got != c.want {
			t.Errorf("second run, %s: %+v, want %+v", redact(c.tok), got, c.want)
		}
	}
	if n := f.count(); n != before {
		t.Errorf("second run sent %d requests, want none", n-before)
	}
}

func withCached(r Result) Result {
	r.Cached = true
	return r
}

func TestCacheExpires(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	v1, clock := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	v1.Check(context.Background(), tokLive, Server)

	v2, clock2 := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	clock2.t = clock.Now().Add(CacheLifetime)
	got := v2.Check(context.Background(), tokLive, Server)
	if got.Cached || got.Status != Alive {
		t.Errorf("after the lifetime: %+v, want a fresh Alive", got)
	}
	if n := f.count(); n != 2 {
		t.Errorf("%d requests, want 2 (the cache entry expired)", n)
	}
}

func TestCacheFile(t *testing.T) {
	f := newFake(t)
	dir := filepath.Join(t.TempDir(), "postmarklint")
	v, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	for _, tok := range []string{tokLive, tokSandbox, tokAccount, tokRevoked} {
		v.Check(context.Background(), tok, Server)
	}
	path := filepath.Join(dir, cacheFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, secret := range []string{tokLive, tokSandbox, tokAccount, tokRevoked, apiTokensValue, "ApiTokens"} {
		if strings.Contains(text, secret) {
			t.Errorf("the cache file holds %s", redact(secret))
		}
	}
	for _, want := range []string{tokenKey(tokLive), tokenKey(tokRevoked), `"Shop Production"`, `"Sandbox"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the cache file lacks %q", want)
		}
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("cache file mode %v, want 0600", fi.Mode().Perm())
		}
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("cache folder mode %v, want 0700", fi.Mode().Perm())
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".online-cache-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestCorruptCacheIgnored(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":       "not json at all \x00\x01",
		"truncated":     `{"version":1,"entries":{"ab`,
		"wrong version": `{"version":99,"entries":{}}`,
		"wrong types":   `{"version":1,"entries":{"` + tokenKey(tokLive) + `":{"status":7}}}`,
		"bad status":    `{"version":1,"entries":{"` + tokenKey(tokLive) + `":{"api":"X","status":"maybe","checked_at":"2025-06-01T12:00:00Z"}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t)
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, cacheFile), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			v, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
			got := v.Check(context.Background(), tokLive, Server)
			if got.Status != Alive || got.Cached {
				t.Errorf("got %+v, want a fresh Alive", got)
			}
			// The file was replaced by a sane one.
			v2, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
			v2.now = v.now
			if r := v2.Check(context.Background(), tokLive, Server); !r.Cached {
				t.Errorf("after rewrite: %+v, want Cached", r)
			}
		})
	}
}

func TestUnreadableCacheIgnored(t *testing.T) {
	// The cache path is a folder: nothing can be read or written, and
	// checks still work.
	f := newFake(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, cacheFile), 0o700); err != nil {
		t.Fatal(err)
	}
	v, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	if got := v.Check(context.Background(), tokLive, Server); got.Status != Alive {
		t.Errorf("got %+v, want Alive", got)
	}
}

func TestNoCache(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	for range 2 {
		v, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir, NoCache: true})
		v.Check(context.Background(), tokLive, Server)
	}
	if n := f.count(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("NoCache wrote %d files", len(entries))
	}
}

func TestCacheIsPerAPI(t *testing.T) {
	// An answer from one base URL (a local fake) never serves another.
	a, b := newFake(t), newFake(t)
	dir := t.TempDir()
	va, _ := newVerifier(t, a.srv.URL, Options{CacheDir: dir})
	va.Check(context.Background(), tokLive, Server)
	vb, _ := newVerifier(t, b.srv.URL, Options{CacheDir: dir})
	if r := vb.Check(context.Background(), tokLive, Server); r.Cached {
		t.Errorf("served from another API's cache: %+v", r)
	}
	if b.count() != 1 {
		t.Errorf("%d requests to the second API, want 1", b.count())
	}
}

func TestTestTokenAndUnverifiedNotCached(t *testing.T) {
	f := newFake(t)
	f.handle(tokSandbox, always(503, "text/plain", "busy"))
	dir := t.TempDir()
	v, _ := newVerifier(t, f.srv.URL, Options{CacheDir: dir})
	v.Check(context.Background(), TestTokenValue, Server)
	v.Check(context.Background(), tokSandbox, Server)
	if _, err := os.Stat(filepath.Join(dir, cacheFile)); !os.IsNotExist(err) {
		t.Errorf("cache file written for nothing lasting: %v", err)
	}
}
