package driver_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/rules"
)

// TestMarkTracked pins what git is asked about a file and what comes back:
// the HEAD version follows renames and survives the file leaving the
// index; a staged edit is the index version, whatever HEAD and the work
// tree hold; an untracked file is known to git but in neither (also where
// HEAD has a folder of that name); a file holding only references costs
// no git call and stays unknown.
func TestMarkTracked(t *testing.T) {
	needGit(t)
	const a, b, c = envA, envB, envC
	const r = "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n"
	git, write := newRepo(t)
	for _, n := range []string{"same.env", "moved.env", "dropped.env", "edited.env", "staged.env", "refs.env"} {
		write(n, a)
	}
	for _, n := range []string{"was-folder.env", "gone-folder.env"} {
		os.Mkdir(n, 0o755)
		write(n+"/.env", a)
	}
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	git("mv", "moved.env", "new.env")
	git("rm", "-q", "--cached", "dropped.env")
	write("edited.env", b)
	write("staged.env", b)
	git("add", "staged.env")
	write("staged.env", c)
	write("refs.env", r)
	write("untracked.env", a)
	write("added.env", b)
	git("add", "added.env")
	git("rm", "-q", "-r", "was-folder.env", "gone-folder.env")
	write("was-folder.env", b)
	git("add", "was-folder.env")
	write("gone-folder.env", b)

	for name, w := range map[string]gitFacts{
		"same.env":        {true, true, true, a, a},
		"new.env":         {true, true, true, a, a},
		"dropped.env":     {true, true, false, a, ""},
		"edited.env":      {true, true, true, a, a},
		"staged.env":      {true, true, true, a, b},
		"added.env":       {true, false, true, "", b},
		"was-folder.env":  {true, false, true, "", b},
		"gone-folder.env": {true, false, false, "", ""},
		"untracked.env":   {true, false, false, "", ""},
		"refs.env":        {false, false, false, "", ""},
	} {
		t.Run(name, func(t *testing.T) { checkFacts(t, name, w) })
	}
}

// Files holding one fake token each.
const (
	envA = "POSTMARK_SERVER_TOKEN=5d2e8f40-9b1c-4a7d-8e3f-6c0b2a9d4e17\n"
	envB = "POSTMARK_SERVER_TOKEN=9c4b1e7a-2f6d-4d3b-a8e5-1f0c7b3a6d29\n"
	envC = "POSTMARK_SERVER_TOKEN=2b7e4c1d-6a3f-4e8b-9d05-7c1a3e5f9b62\n"
)

// needGit skips a test when git is not installed.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// gitFacts is what MarkTracked is to find of a file.
type gitFacts struct {
	known, inHead, inIndex bool
	head, index            string
}

// checkFacts marks the file name in the working directory and compares
// its git facts with w.
func checkFacts(t *testing.T, name string, w gitFacts) {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f := lint.Parse(name, lint.Dotenv, src, lint.Options{})
	driver.MarkTracked([]*lint.File{f}, false)
	g := f.Git
	if (g != nil) != w.known {
		t.Fatalf("%q: Git = %+v, want known %v", name, g, w.known)
	}
	if g == nil {
		return
	}
	if g.InHead != w.inHead || g.InIndex != w.inIndex || string(g.Head) != w.head || string(g.Index) != w.index {
		t.Errorf("%q: Git = {InHead %v, InIndex %v, Head %q, Index %q}, want %+v", name, g.InHead, g.InIndex, g.Head, g.Index, w)
	}
}

// TestMarkTrackedConflict: in a merge conflict, the index version is the
// side being merged into (stage 2), as is the HEAD version.
func TestMarkTrackedConflict(t *testing.T) {
	needGit(t)
	const a, b, c = envA, envB, envC
	git, write := newRepo(t)
	commit := func() { git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "x") }
	write(".env", a)
	git("add", ".env")
	commit()
	git("checkout", "-q", "-b", "theirs")
	write(".env", b)
	commit()
	git("checkout", "-q", "-")
	write(".env", c)
	commit()
	if out, err := exec.Command("git", "merge", "-q", "theirs").CombinedOutput(); err == nil {
		t.Fatalf("git merge: no conflict\n%s", out)
	}
	write(".env", a+b+c)
	checkFacts(t, ".env", gitFacts{true, true, true, c, c})
}

// TestMarkTrackedNoCommit: in a repository without commits, a staged
// file is in the index only.
func TestMarkTrackedNoCommit(t *testing.T) {
	needGit(t)
	const a = envA
	git, write := newRepo(t)
	write("staged.env", a)
	write("untracked.env", a)
	git("add", "staged.env")
	checkFacts(t, "staged.env", gitFacts{true, false, true, "", a})
	checkFacts(t, "untracked.env", gitFacts{true, false, false, "", ""})
}

// TestMarkTrackedLineBreak: a name with a line break, which cat-file
// cannot be asked about by name, has the same facts as any other.
func TestMarkTrackedLineBreak(t *testing.T) {
	needGit(t)
	if runtime.GOOS == "windows" {
		t.Skip("no line breaks in file names")
	}
	const a, b = envA, envB
	git, write := newRepo(t)
	write("two\nlines.env", a)
	write("carriage\r.env", a)
	write("odd name:HEAD.env", a)
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	write("carriage\r.env", b)
	git("add", ".")
	checkFacts(t, "two\nlines.env", gitFacts{true, true, true, a, a})
	checkFacts(t, "carriage\r.env", gitFacts{true, true, true, a, b})
	checkFacts(t, "odd name:HEAD.env", gitFacts{true, true, true, a, a})
}

// indexReads counts the times git reads the index while run runs, from
// git's trace2 performance log; it skips the test when git does not
// write one.
func indexReads(t *testing.T, run func()) int {
	t.Helper()
	log := filepath.Join(t.TempDir(), "trace")
	t.Setenv("GIT_TRACE2_PERF", log)
	run()
	os.Unsetenv("GIT_TRACE2_PERF")
	b, err := os.ReadFile(log)
	if err != nil || !bytes.Contains(b, []byte("cmd_name")) {
		t.Skip("git writes no trace2 log")
	}
	n := 0
	for line := range strings.Lines(string(b)) {
		if strings.Contains(line, "region_enter") && strings.Contains(line, "do_read_index") {
			n++
		}
	}
	return n
}

// TestIndexReadOnce: a file named on the command line and a --staged run
// each read the index once (a large repository's index takes tens of
// milliseconds to read): what HEAD holds is asked without it, while the
// index is read.
func TestIndexReadOnce(t *testing.T) {
	needGit(t)
	const a = envA
	git, write := newRepo(t)
	write(".postmarklint.yaml", "rules: {}\n")
	write(".env", a)
	write(".env.production", a)
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	write(".env.production", a+"A=1\n")
	git("add", ".env.production")
	opt := &driver.Options{Rules: rules.All}
	for name, run := range map[string]func(){
		"a file":   func() { driver.Paths(context.Background(), opt, []string{".env"}) },
		"--staged": func() { driver.Staged(context.Background(), opt) },
	} {
		if n := indexReads(t, run); n != 1 {
			t.Errorf("%s: git read the index %d times, want once", name, n)
		}
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

// sameCalls reports whether subs are the git calls want lists (", "
// between them), in any order: some run side by side.
func sameCalls(subs []string, want string) bool {
	return slices.Equal(slices.Sorted(slices.Values(subs)), slices.Sorted(strings.SplitSeq(want, ", ")))
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
