package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestHistoryDeterministic: the same options give the same fast-import
// stream, so the same commit ids; another seed gives another.
func TestHistoryDeterministic(t *testing.T) {
	opt := HistoryOptions{Options: Options{Files: 400, Seed: 3}, Commits: 120}
	var a, b, c bytes.Buffer
	sa, err := History(&a, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := History(&b, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two streams of the same options differ")
	}
	opt.Seed = 4
	History(&c, opt)
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Errorf("another seed gives the same stream")
	}
	if sa.Commits != 120 || sa.Merges != 1 || sa.Branches != 3 || sa.Versions < 400 {
		t.Errorf("stats %+v, want 120 commits, 1 merge, 3 branches (2 unmerged), at least 400 versions", sa)
	}
}

// TestHistoryRepository builds a repository from the stream: every commit
// is there, on main and on the branches, with every file of the plan
// added (a few moved or deleted since).
func TestHistoryRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := tempDir(t)
	opt := HistoryOptions{Options: Options{Files: 800, Seed: 1}, Commits: 320}
	if err := gitHistory(dir, opt); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	if n := git("rev-list", "--all", "--count"); n != "320" {
		t.Errorf("%s commits, want 320", n)
	}
	if n := git("rev-list", "--merges", "--count", "main"); n != "3" {
		t.Errorf("%s merges on main, want 3", n)
	}
	if n := git("branch", "--no-merged", "main", "--format=%(refname:short)"); n != "unmerged-1\nunmerged-2" {
		t.Errorf("unmerged branches %q", n)
	}
	files := len(strings.Split(git("ls-files"), "\n"))
	if files < 780 || files > 800 {
		t.Errorf("%d files in main's tree, want about 800", files)
	}
	if n := git("log", "--all", "-S", "POSTMARK", "--format=%h"); n == "" {
		t.Errorf("no commit adds or removes a Postmark entry")
	}
}
