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
// or what a StreamResult says, plus where and when it was learnt. No
// token, no ApiTokens, no stream ID.
type cacheEntry struct {
	API          string    `json:"api"`
	Status       string    `json:"status"` // "alive" or "rejected"; "stream" or "no-stream"
	Kind         string    `json:"kind,omitempty"`
	ServerID     int       `json:"server_id,omitempty"`
	ServerName   string    `json:"server_name,omitempty"`
	DeliveryType string    `json:"delivery_type,omitempty"`
	SMTPOff      bool      `json:"smtp_off,omitempty"`
	StreamType   string    `json:"stream_type,omitempty"`
	Archived     bool      `json:"archived,omitempty"`
	CheckedAt    time.Time `json:"checked_at"`
}

func (c *fileCache) path() string { return filepath.Join(c.dir, cacheFile) }

// get returns a fresh entry for key as a Result.
func (c *fileCache) get(key string, now time.Time) (Result, bool) {
	if e, ok := c.lookup(key, now); ok {
		return e.result()
	}
	return Result{}, false
}

// getStream returns a fresh entry for key as a StreamResult.
func (c *fileCache) getStream(key string, now time.Time) (StreamResult, bool) {
	if e, ok := c.lookup(key, now); ok {
		return e.streamResult()
	}
	return StreamResult{}, false
}

// lookup returns a fresh entry for key.
func (c *fileCache) lookup(key string, now time.Time) (cacheEntry, bool) {
	if c == nil {
		return cacheEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		c.entries = c.read()
		c.loaded = true
	}
	e, ok := c.entries[key]
	return e, ok && c.fresh(e, now)
}

// put records r for key, if it is a lasting answer.
func (c *fileCache) put(key string, r Result, now time.Time) {
	if c == nil {
		return
	}
	if e, ok := entryOf(r, c.api, now); ok {
		c.store(key, e, now)
	}
}

// putStream records a stream's r for key, if it is a lasting answer.
func (c *fileCache) putStream(key string, r StreamResult, now time.Time) {
	if c == nil {
		return
	}
	if e, ok := streamEntryOf(r, c.api, now); ok {
		c.store(key, e, now)
	}
}

// store records e for key and rewrites the file, merging what other
// processes wrote since we read it and dropping stale entries.
func (c *fileCache) store(key string, e cacheEntry, now time.Time) {
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
		e.ServerID, e.ServerName, e.DeliveryType, e.SMTPOff = r.ServerID, r.ServerName, r.DeliveryType, r.SMTPOff
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
			r.ServerID, r.ServerName, r.DeliveryType, r.SMTPOff = e.ServerID, e.ServerName, normalizeDelivery(e.DeliveryType), e.SMTPOff
		}
	case "rejected":
		r.Status = Rejected
	default:
		return Result{}, false
	}
	return r, true
}

// streamEntryOf turns a lasting StreamResult into an entry; other
// statuses are not kept.
func streamEntryOf(r StreamResult, api string, now time.Time) (cacheEntry, bool) {
	e := cacheEntry{API: api, CheckedAt: now.UTC()}
	switch r.Status {
	case StreamFound:
		e.Status, e.StreamType, e.Archived = "stream", r.Type, r.Archived
	case StreamMissing:
		e.Status = "no-stream"
	default:
		return cacheEntry{}, false
	}
	return e, true
}

// streamResult turns an entry back into a StreamResult; an entry it
// cannot read is a miss.
func (e cacheEntry) streamResult() (StreamResult, bool) {
	switch e.Status {
	case "stream":
		return StreamResult{Status: StreamFound, Type: normalizeStreamType(e.StreamType), Archived: e.Archived, Cached: true}, true
	case "no-stream":
		return StreamResult{Status: StreamMissing, Cached: true}, true
	}
	return StreamResult{}, false
}
