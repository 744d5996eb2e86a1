package driver_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
)

// TestFindElsewhere pins what the search of history costs and finds: a
// file whose tokens are in its own HEAD version runs no search at all; a
// token that HEAD holds under another name is found there with one
// cat-file and one git grep, and no token is ever on a git command line;
// a token in no commit is searched for in HEAD, and in the history of
// its file's path only once the file is in the index.
func TestFindElsewhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the git wrapper is a shell script")
	}
	const (
		tok   = "5d2e8f40-9b1c-4a7d-8e3f-6c0b2a9d4e17"
		other = "9c4b1e7a-2f6d-4d3b-a8e5-1f0c7b3a6d29"
	)
	calls := recordGit(t)
	git, write := newRepo(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	mark := func(name string) (*lint.File, []string) {
		t.Helper()
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f := lint.Parse(name, lint.Dotenv, src, lint.Options{})
		calls() // only MarkTracked's
		driver.MarkTracked([]*lint.File{f}, true)
		subs, log := calls()
		if strings.Contains(log, tok) || strings.Contains(log, other) {
			t.Errorf("a token is on a git command line:\n%s", log)
		}
		return f, subs
	}

	write("committed.env", "POSTMARK_SERVER_TOKEN="+tok+"\n")
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")

	f, subs := mark("committed.env")
	if !sameCalls(subs, "cat-file --batch, ls-files -s") || f.Git.Elsewhere != nil {
		t.Errorf("committed file: git %q, Elsewhere %v; want ls-files and cat-file, and no search", subs, f.Git.Elsewhere)
	}

	write("copy.env", "POSTMARK_API_TOKEN="+tok+"\n")
	f, subs = mark("copy.env")
	want := lint.GitPlace{Rev: "HEAD", Path: "committed.env"}
	if p, ok := f.Git.CommittedElsewhere(tok); !ok || p != want {
		t.Errorf("copy: CommittedElsewhere = %v, %v; want %v", p, ok, want)
	}
	search := "cat-file --batch, ls-files -s, cat-file --batch-check, rev-parse --is-shallow-repository, grep -F"
	if !sameCalls(subs, search) {
		t.Errorf("copy: git %q, want %s", subs, search)
	}

	// Asked again with HEAD where it was, the answer comes from the cache.
	f, subs = mark("copy.env")
	if p, ok := f.Git.CommittedElsewhere(tok); !ok || p != want {
		t.Errorf("copy, cached: CommittedElsewhere = %v, %v; want %v", p, ok, want)
	}
	if cached := "cat-file --batch, ls-files -s, cat-file --batch-check, rev-parse --is-shallow-repository"; !sameCalls(subs, cached) {
		t.Errorf("copy, cached: git %q, want %s", subs, cached)
	}
	if data, _ := os.ReadFile(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "postmarklint", "history-cache.json")); len(data) == 0 || strings.Contains(string(data), tok) {
		t.Errorf("the history cache is missing, or holds the token")
	}

	write("new.env", "POSTMARK_API_TOKEN="+other+"\n")
	f, subs = mark("new.env")
	if _, ok := f.Git.CommittedElsewhere(other); ok {
		t.Errorf("new token: found in history")
	}
	// An untracked file's path may have held the token in an earlier
	// commit (a .env committed once, then ignored): its history is read.
	if want := search + ", log --format=%H"; !sameCalls(subs, want) {
		t.Errorf("new untracked token: git %q, want %s", subs, want)
	}

	// Staged, the same question (same commits, same path) is answered
	// from the cache.
	git("add", "new.env")
	f, subs = mark("new.env")
	if _, ok := f.Git.CommittedElsewhere(other); ok {
		t.Errorf("new staged token: found in history")
	}
	want2 := "cat-file --batch, ls-files -s, diff --cached, cat-file --batch-check, rev-parse --is-shallow-repository"
	if !sameCalls(subs, want2) {
		t.Errorf("new staged token: git %q, want %s", subs, want2)
	}
}
