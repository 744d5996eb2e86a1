package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
)

// GitCache keeps what git said about a repository between runs, for as
// long as its HEAD, index, refs and merge state stay as they were: the
// HEAD and index versions of files, the commits history is searched from,
// and where history holds a token. An editor server that lints a buffer
// on every keystroke then runs no git process until a commit, a checkout
// or a git add changes the answer. Whether the state changed is read off
// the files in .git (their size, time and inode), which costs no process.
// It is safe for concurrent use; runs of one repository take turns.
type GitCache struct {
	mu    sync.Mutex
	repos map[string]*repoFacts // by work tree root
}

// gitCacheBlobs bounds the bytes of file versions a cache keeps per
// repository; past it they are dropped and read again when asked for.
const gitCacheBlobs = 32 << 20

// repoFacts is what git said about one repository in one state (stamp).
// A run without a cache uses a fresh one, kept for that run only.
type repoFacts struct {
	mu      sync.Mutex // held by the run that asks
	stamp   string
	files   map[string]fileFacts // by path from the work tree's top
	blobs   map[string][]byte    // by object id
	size    int                  // bytes in blobs
	heads   []head
	headsOK bool
	shallow *bool
	history map[string]lint.GitPlace // historyKey -> where; Rev "" for nowhere
}

// fileFacts is what git says of one path: the object ids of its HEAD
// version (its origin's, for a staged rename) and of its index version,
// "" when there is none.
type fileFacts struct{ head, index string }

func newRepoFacts(stamp string) *repoFacts {
	return &repoFacts{stamp: stamp, files: map[string]fileFacts{}, blobs: map[string][]byte{}, history: map[string]lint.GitPlace{}}
}

// facts returns, locked, the facts kept for r's repository in its
// current state, or fresh ones for this run alone when there is no cache
// or the state cannot be read. The caller unlocks them.
func (c *GitCache) facts(r *repo) *repoFacts {
	stamp := ""
	if c != nil {
		stamp = r.stamp()
	}
	if stamp == "" {
		rf := newRepoFacts("")
		rf.mu.Lock()
		return rf
	}
	c.mu.Lock()
	if c.repos == nil {
		c.repos = map[string]*repoFacts{}
	}
	rf := c.repos[r.root]
	if rf == nil {
		rf = newRepoFacts(stamp)
		c.repos[r.root] = rf
	}
	c.mu.Unlock()
	rf.mu.Lock()
	if rf.stamp != stamp {
		// Object ids still name the same bytes; everything else is new.
		rf.stamp, rf.files, rf.history = stamp, map[string]fileFacts{}, map[string]lint.GitPlace{}
		rf.heads, rf.headsOK, rf.shallow = nil, false, nil
	}
	return rf
}

func (rf *repoFacts) putBlobs(blobs map[string][]byte) {
	for id, b := range blobs {
		if _, ok := rf.blobs[id]; !ok {
			rf.blobs[id] = b
			rf.size += len(b)
		}
	}
	if rf.size > gitCacheBlobs && rf.stamp != "" {
		rf.blobs, rf.size = map[string][]byte{}, 0
	}
}

// stamp describes the repository's state as the files git keeps it in
// show it: HEAD and what it points to, the index, the packed refs, a
// merge, cherry-pick or revert under way, a shallow clone's boundary. Any
// commit, checkout, reset, git add, fetch --unshallow or gc changes one
// of them. "" when it cannot be read, or when the environment points git
// elsewhere than the files (GIT_INDEX_FILE, GIT_COMMON_DIR,
// GIT_OBJECT_DIRECTORY): then nothing is kept.
func (r *repo) stamp() string {
	for _, v := range []string{"GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"} {
		if os.Getenv(v) != "" {
			return ""
		}
	}
	gitDir := r.gitDir()
	if gitDir == "" {
		return ""
	}
	common := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		common = strings.TrimSpace(string(b))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.TrimSpace(string(head)))
	files := []string{
		filepath.Join(gitDir, "HEAD"), filepath.Join(gitDir, "index"),
		filepath.Join(gitDir, "MERGE_HEAD"), filepath.Join(gitDir, "CHERRY_PICK_HEAD"), filepath.Join(gitDir, "REVERT_HEAD"),
		filepath.Join(common, "packed-refs"), filepath.Join(common, "shallow"),
	}
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: "); ok {
		files = append(files, filepath.Join(common, filepath.FromSlash(ref)))
	}
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "\x00%d.%d.%d", info.Size(), info.ModTime().UnixNano(), inode(info))
		} else {
			b.WriteString("\x00-")
		}
	}
	return b.String()
}

// gitDir is the repository folder of r's work tree: GIT_DIR when the
// environment named it, .git, or where a .git file (a linked work tree,
// a submodule) points.
func (r *repo) gitDir() string {
	for _, e := range r.env {
		if d, ok := strings.CutPrefix(e, "GIT_DIR="); ok {
			return d
		}
	}
	dotGit := filepath.Join(r.root, ".git")
	info, err := os.Stat(dotGit)
	switch {
	case err != nil:
		return ""
	case info.IsDir():
		return dotGit
	}
	b, err := os.ReadFile(dotGit)
	if err != nil {
		return ""
	}
	d, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: ")
	if !ok {
		return ""
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(r.root, d)
	}
	return d
}
