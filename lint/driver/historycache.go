package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/postmarklint/postmarklint/lint"
)

// historyCache remembers where history holds a token, or that it holds
// it nowhere, for the commits searched: an editor that lints a git-ignored
// .env on every save would otherwise search the whole tree each time. An
// answer depends only on the commits (HEAD, MERGE_HEAD) and on the paths
// whose earlier versions were read, so it holds until they move. Keys are
// SHA-256 hashes, never a token; paths are kept redacted. A nil
// *historyCache is off, and every failure is silent: the cache only saves
// work.
type historyCache struct {
	file    string
	entries map[string]historyEntry
	changed bool
}

type historyEntry struct {
	Rev  string    `json:"rev,omitempty"` // "" when history holds the value nowhere
	Path string    `json:"path,omitempty"`
	At   time.Time `json:"at"`
}

const (
	historyCacheFile = "history-cache.json"
	historyCacheMax  = 10000               // entries; the oldest go first
	historyCacheAge  = 30 * 24 * time.Hour // commits searched that long ago are gone or moved
	historyCacheSize = 4 << 20
)

// openHistoryCache reads the cache in the user's cache folder, or returns
// nil where there is none.
func openHistoryCache() *historyCache {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil
	}
	c := &historyCache{file: filepath.Join(dir, "postmarklint", historyCacheFile), entries: map[string]historyEntry{}}
	if info, err := os.Stat(c.file); err == nil && info.Size() <= historyCacheSize {
		if data, err := os.ReadFile(c.file); err == nil {
			var doc struct {
				Version int                     `json:"version"`
				Entries map[string]historyEntry `json:"entries"`
			}
			if json.Unmarshal(data, &doc) == nil && doc.Version == 1 && doc.Entries != nil {
				c.entries = doc.Entries
			}
		}
	}
	return c
}

// key names one question: a value, searched for from these commits and in
// the history of these paths.
func historyKey(heads []head, value string, paths []string) string {
	h := sha256.New()
	for _, hd := range heads {
		h.Write([]byte(hd.name + "=" + hd.id + "\x00"))
	}
	h.Write([]byte(value + "\x00" + strings.Join(paths, "\x00")))
	return hex.EncodeToString(h.Sum(nil))
}

func (c *historyCache) get(key string) (lint.GitPlace, bool, bool) {
	if c == nil {
		return lint.GitPlace{}, false, false
	}
	e, ok := c.entries[key]
	if !ok || time.Since(e.At) > historyCacheAge {
		return lint.GitPlace{}, false, false
	}
	return lint.GitPlace{Rev: e.Rev, Path: e.Path}, e.Rev != "", true
}

func (c *historyCache) put(key string, p lint.GitPlace, found bool) {
	if c == nil {
		return
	}
	e := historyEntry{At: time.Now()}
	if found {
		e.Rev, e.Path = p.Rev, lint.RedactPath(p.Path)
	}
	c.entries[key] = e
	c.changed = true
}

// save writes the cache back, without its oldest entries past the bound,
// readable by the user alone.
func (c *historyCache) save() {
	if c == nil || !c.changed {
		return
	}
	keys := make([]string, 0, len(c.entries))
	for k, e := range c.entries {
		if time.Since(e.At) > historyCacheAge {
			delete(c.entries, k)
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) > historyCacheMax {
		slices.SortFunc(keys, func(a, b string) int { return c.entries[b].At.Compare(c.entries[a].At) })
		for _, k := range keys[historyCacheMax:] {
			delete(c.entries, k)
		}
	}
	data, err := json.Marshal(map[string]any{"version": 1, "entries": c.entries})
	if err != nil || os.MkdirAll(filepath.Dir(c.file), 0o700) != nil {
		return
	}
	ReplaceFile(c.file, data, 0o600)
}
