package driver_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/rules"
)

// TestMarkTracked pins what git is asked about a file and what comes back:
// the HEAD version follows renames and survives the file leaving the
// index; an untracked file is known to git but in neither; a file holding
// only references costs no git call and stays unknown.
func TestMarkTracked(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const (
		a = "POSTMARK_SERVER_TOKEN=5d2e8f40-9b1c-4a7d-8e3f-6c0b2a9d4e17\n"
		b = "POSTMARK_SERVER_TOKEN=9c4b1e7a-2f6d-4d3b-a8e5-1f0c7b3a6d29\n"
		r = "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n"
	)
	git, write := newRepo(t)
	for _, n := range []string{"same.env", "moved.env", "dropped.env", "edited.env", "refs.env"} {
		write(n, a)
	}
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	git("mv", "moved.env", "new.env")
	git("rm", "-q", "--cached", "dropped.env")
	write("edited.env", b)
	write("refs.env", r)
	write("untracked.env", a)

	type want struct {
		known, inHead, inIndex bool
		head, index            string
	}
	for name, w := range map[string]want{
		"same.env":      {true, true, true, a, a},
		"new.env":       {true, true, true, a, a},
		"dropped.env":   {true, true, false, a, ""},
		"edited.env":    {true, true, true, a, a},
		"untracked.env": {true, false, false, "", ""},
		"refs.env":      {false, false, false, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f := lint.Parse(name, lint.Dotenv, src, lint.Options{})
			driver.MarkTracked([]*lint.File{f}, false)
			g := f.Git
			if (g != nil) != w.known {
				t.Fatalf("Git = %+v, want known %v", g, w.known)
			}
			if g == nil {
				return
			}
			if g.InHead != w.inHead || g.InIndex != w.inIndex || string(g.Head) != w.head || string(g.Index) != w.index {
				t.Errorf("Git = {InHead %v, InIndex %v, Head %q, Index %q}, want %+v", g.InHead, g.InIndex, g.Head, g.Index, w)
			}
		})
	}
}

// newRepo makes a new git repository in a temporary folder, makes it the
// working directory, and returns how to run git in it and write a file.
func newRepo(t *testing.T) (git func(args ...string), write func(name, content string)) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	git = func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write = func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", ".")
	return git, write
}

// recordGit puts a git on PATH that records its calls and runs the real
// one; calls returns the calls since it was last called ("command first
// option" each, as in "ls-files -s") and the whole log.
func recordGit(t *testing.T) (calls func() (subs []string, log string)) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the git wrapper is a shell script")
	}
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	bin := t.TempDir()
	file := filepath.Join(bin, "calls")
	wrapper := "#!/bin/sh\necho \"$*\" >> '" + file + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return func() ([]string, string) {
		log, _ := os.ReadFile(file)
		os.Remove(file)
		var subs []string
		for line := range strings.Lines(string(log)) {
			// "-C <root> --literal-pathspecs <command> <first option> ..."
			if f := strings.Fields(line); len(f) > 4 {
				subs = append(subs, f[3]+" "+f[4])
			}
		}
		return subs, string(log)
	}
}

// TestGitCache: with a GitCache, linting the same buffer again runs no
// git process while the repository stays as it was, and a git add or a
// commit is seen at once.
func TestGitCache(t *testing.T) {
	calls := recordGit(t)
	git, write := newRepo(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	const tok = "5d2e8f40-9b1c-4a7d-8e3f-6c0b2a9d4e17"
	src := "POSTMARK_SERVER_TOKEN=" + tok + "\n"
	write("README", "x\n")
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	write(".env.production", src)

	opt := &driver.Options{Rules: rules.All, GitCache: &driver.GitCache{}}
	lint := func() (string, []string) {
		t.Helper()
		calls() // only this run's
		res := driver.Buffer(context.Background(), opt, ".env.production", []byte(src))
		subs, _ := calls()
		var msgs []string
		for _, f := range res.Findings {
			if f.Rule.ID == "committed-token" {
				msgs = append(msgs, f.Message)
			}
		}
		return strings.Join(msgs, "\n"), subs
	}
	first, subs := lint()
	if len(subs) == 0 || first != "" {
		t.Fatalf("first run: git %v, committed-token %q", subs, first)
	}
	for range 3 {
		if again, subs := lint(); len(subs) != 0 || again != first {
			t.Errorf("again: git %v, committed-token %q, want no git and %q", subs, again, first)
		}
	}
	git("add", ".env.production")
	staged, subs := lint()
	if len(subs) == 0 || !strings.Contains(staged, "staged") {
		t.Errorf("after git add: git %v, committed-token %q", subs, staged)
	}
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "token")
	committed, subs := lint()
	if len(subs) == 0 || !strings.Contains(committed, "committed to git") {
		t.Errorf("after a commit: git %v, committed-token %q", subs, committed)
	}
	if again, subs := lint(); len(subs) != 0 || again != committed {
		t.Errorf("again after the commit: git %v, %q", subs, again)
	}
}

// TestMarkTrackedManyFiles: past a few dozen files, MarkTracked lists the
// index once instead of handing git every name as a pathspec (which git
// matches against every index entry: seconds in a large repository), and
// the facts are the same: committed, staged, and untracked files.
func TestMarkTrackedManyFiles(t *testing.T) {
	calls := recordGit(t)
	git, write := newRepo(t)
	const n = 100
	var files []*lint.File
	for i := range n {
		name := fmt.Sprintf("app%03d.env", i)
		src := fmt.Sprintf("POSTMARK_SERVER_TOKEN=5d2e8f40-9b1c-4a7d-8e3f-6c0b2a9d4%03d\n", i)
		write(name, src)
		files = append(files, lint.Parse(name, lint.Dotenv, []byte(src), lint.Options{}))
	}
	write("other.txt", "x\n")
	git("add", "app000.env", "app001.env", "other.txt")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	git("add", "app002.env")
	calls()
	driver.MarkTracked(files, false)
	_, log := calls()
	for line := range strings.Lines(log) {
		if strings.Contains(line, " ls-files ") && strings.Contains(line, ".env") {
			t.Errorf("git was handed the names as pathspecs: %.80s...", line)
		}
	}
	for i, f := range files {
		committed, staged := i < 2, i < 3
		if g := f.Git; g == nil || g.InHead != committed || g.InIndex != staged || (g.Head != nil) != committed || (g.Index != nil) != staged {
			t.Errorf("%s: Git = %+v, want in HEAD %v, in the index %v", f.Path, g, committed, staged)
		}
	}
}
