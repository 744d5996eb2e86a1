package online

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

const (
	cacheFile    = "online-cache.json"
	cacheVersion = 1
	maxCacheSize = 4 << 20 // a bigger file is not ours, or not sane
)

// fileCache keeps lasting answers (Alive, Rejected) across runs, so that a
// pre-commit hook or an on-save task does not ask Postmark every time. A
// nil *fileCache is a cache that is off. Every failure is silent: the
// cache only saves requests.
type fileCache struct {
	dir string
	api string // base URL the answers came from; others' entries are ignored

	mu      sync.Mutex
	loaded  bool
	entries map[string]cacheEntry
}

// cacheDoc is the file's whole content. Keys are hex SHA-256 of tokens.
type cacheDoc struct {
	Version int                   `json:"version"`
	Entries map[string]cacheEntry `json:"entries"`
}

// cacheEntry holds what a Result says, minus the caller's Expected kind,
// plus where and when it was learnt. No token, no ApiTokens.
type cacheEntry struct {
	API          string    `json:"api"`
	Status       string    `json:"status"` // "alive" or "rejected"
	Kind         string    `json:"kind,omitempty"`
	ServerID     int       `json:"server_id,omitempty"`
	ServerName   string    `json:"server_name,omitempty"`
	DeliveryType string    `json:"delivery_type,omitempty"`
	CheckedAt    time.Time `json:"checked_at"`
}

func (c *fileCache) path() string { return filepath.Join(c.dir, cacheFile) }

// get returns a fresh entry for key as a Result.
func (c *fileCache) get(key string, now time.Time) (Result, bool) {
	if c == nil {
		return Result{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		c.entries = c.read()
		c.loaded = true
	}
	e, ok := c.entries[key]
	if !ok || !c.fresh(e, now) {
		return Result{}, false
	}
	return e.result()
}

// put records r for key and rewrites the file, merging what other
// processes wrote since we read it and dropping stale entries.
func (c *fileCache) put(key string, r Result, now time.Time) {
	if c == nil {
		return
	}
	e, ok := entryOf(r, c.api, now)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	merged := c.read()
	for k, old := range c.entries {
		if cur, ok := merged[k]; !ok || cur.CheckedAt.Before(old.CheckedAt) {
			merged[k] = old
		}
	}
	merged[key] = e
	for k, old := range merged {
		if age := now.Sub(old.CheckedAt); age < 0 || age >= CacheLifetime {
			delete(merged, k)
		}
	}
	c.entries, c.loaded = merged, true
	c.write(merged)
}

func (c *fileCache) fresh(e cacheEntry, now time.Time) bool {
	age := now.Sub(e.CheckedAt)
	return e.API == c.api && age >= 0 && age < CacheLifetime
}

// read loads the file; anything wrong with it yields an empty cache.
func (c *fileCache) read() map[string]cacheEntry {
	entries := map[string]cacheEntry{}
	f, err := os.Open(c.path())
	if err != nil {
		return entries
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCacheSize+1))
	if err != nil || len(data) > maxCacheSize {
		return entries
	}
	var doc cacheDoc
	if json.Unmarshal(data, &doc) != nil || doc.Version != cacheVersion {
		return entries
	}
	for k, e := range doc.Entries {
		if len(k) == 64 { // a hex SHA-256, nothing else
			entries[k] = e
		}
	}
	return entries
}

// write replaces the file atomically: a temporary file in the same folder
// (created 0600), then a rename, so that a reader never sees half a file.
func (c *fileCache) write(entries map[string]cacheEntry) {
	data, err := json.MarshalIndent(cacheDoc{Version: cacheVersion, Entries: entries}, "", "  ")
	if err != nil {
		return
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".online-cache-*.tmp")
	if err != nil {
		return
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil { // CreateTemp's 0600 already; make it explicit
		tmp.Close()
		return
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return
	}
	if err := tmp.Close(); err != nil {
		return
	}
	ok = os.Rename(name, c.path()) == nil
}

// entryOf turns a lasting Result into an entry; other statuses are not kept.
func entryOf(r Result, api string, now time.Time) (cacheEntry, bool) {
	e := cacheEntry{API: api, CheckedAt: now.UTC()}
	switch r.Status {
	case Alive:
		e.Status = "alive"
		e.Kind = r.Kind.String()
		e.ServerID, e.ServerName, e.DeliveryType = r.ServerID, r.ServerName, r.DeliveryType
	case Rejected:
		e.Status = "rejected"
	default:
		return cacheEntry{}, false
	}
	return e, true
}

// result turns an entry back into a Result; an entry it cannot read is a miss.
func (e cacheEntry) result() (Result, bool) {
	r := Result{Cached: true}
	switch e.Status {
	case "alive":
		r.Status = Alive
		switch e.Kind {
		case "server":
			r.Kind = Server
		case "account":
			r.Kind = Account
		default:
			return Result{}, false
		}
		if r.Kind == Server {
			r.ServerID, r.ServerName, r.DeliveryType = e.ServerID, e.ServerName, normalizeDelivery(e.DeliveryType)
		}
	case "rejected":
		r.Status = Rejected
	default:
		return Result{}, false
	}
	return r, true
}
