package driver_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
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
