package driver_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/postmarklint/postmarklint/lint/driver"
)

// TestStagedConfig pins which .postmarklint.yaml a --staged run lints the
// commit by: the nearest that the commit carries (the index version), read
// without a second read of the index: HEAD's where the commit does not
// change it, the staged one where it does, and none where it leaves the
// index, is in conflict, or was only added with git add -N (a commit
// leaves such a file out).
func TestStagedConfig(t *testing.T) {
	needGit(t)
	const (
		root   = "# root\n"
		sub    = "# sub\n"
		edited = "# sub, edited\n"
	)
	type setup func(t *testing.T, git func(...string), write func(name, content string))
	commit := func(git func(...string)) {
		git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
	}
	// Both configurations committed, then sub/.env staged.
	committed := func(then setup) setup {
		return func(t *testing.T, git func(...string), write func(string, string)) {
			write(".postmarklint.yaml", root)
			os.Mkdir("sub", 0o755)
			write("sub/.postmarklint.yaml", sub)
			git("add", ".")
			commit(git)
			then(t, git, write)
			write("sub/.env", "A=1\n")
			git("add", "sub/.env")
		}
	}
	for name, c := range map[string]struct {
		setup      setup
		path, want string // "" for none
	}{
		"unchanged, edited on disk": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			write("sub/.postmarklint.yaml", edited)
		}), "sub/.postmarklint.yaml", sub},
		"staged edit": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			write("sub/.postmarklint.yaml", edited)
			git("add", "sub/.postmarklint.yaml")
			write("sub/.postmarklint.yaml", sub)
		}), "sub/.postmarklint.yaml", edited},
		"renamed away": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			git("mv", "sub/.postmarklint.yaml", "sub/old-config.bak")
		}), ".postmarklint.yaml", root},
		"removed from the index": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			git("rm", "-q", "--cached", "sub/.postmarklint.yaml")
		}), ".postmarklint.yaml", root},
		"only in the index": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			write("sub/.postmarklint.yaml", edited)
			git("add", "sub/.postmarklint.yaml")
			os.Remove("sub/.postmarklint.yaml")
		}), "sub/.postmarklint.yaml", edited},
		"in conflict": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			git("checkout", "-q", "-b", "theirs")
			write("sub/.postmarklint.yaml", edited)
			git("add", ".")
			commit(git)
			git("checkout", "-q", "-")
			write("sub/.postmarklint.yaml", "# ours\n")
			git("add", ".")
			commit(git)
			if exec.Command("git", "merge", "-q", "theirs").Run() == nil {
				t.Fatal("git merge: no conflict")
			}
		}), ".postmarklint.yaml", root},
		"added with git add -N": {committed(func(t *testing.T, git func(...string), write func(string, string)) {
			git("rm", "-q", "sub/.postmarklint.yaml")
			commit(git)
			os.Mkdir("sub", 0o755)
			write("sub/.postmarklint.yaml", edited)
			git("add", "-N", "sub/.postmarklint.yaml")
		}), ".postmarklint.yaml", root},
		"a folder in HEAD": {func(t *testing.T, git func(...string), write func(string, string)) {
			write(".postmarklint.yaml", root)
			os.MkdirAll("sub/.postmarklint.yaml", 0o755)
			write("sub/.postmarklint.yaml/x", sub)
			git("add", ".")
			commit(git)
			write("sub/.env", "A=1\n")
			git("add", "sub/.env")
		}, ".postmarklint.yaml", root},
		"no commit yet": {func(t *testing.T, git func(...string), write func(string, string)) {
			write(".postmarklint.yaml", root)
			os.Mkdir("sub", 0o755)
			write("sub/.postmarklint.yaml", sub)
			write("sub/.env", "A=1\n")
			git("add", "sub")
		}, "sub/.postmarklint.yaml", sub},
		"none staged": {func(t *testing.T, git func(...string), write func(string, string)) {
			write(".postmarklint.yaml", root)
			os.Mkdir("sub", 0o755)
			write("sub/.env", "A=1\n")
			git("add", "sub")
		}, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			git, write := newRepo(t)
			c.setup(t, git, write)
			files, path, src, err := driver.StagedFiles("sub", true)
			if err != nil || len(files) != 1 {
				t.Fatalf("StagedFiles: %d files, %v", len(files), err)
			}
			if c.path != "" {
				wd, _ := os.Getwd()
				c.path = filepath.Join(wd, filepath.FromSlash(c.path))
			}
			if path != c.path || string(src) != c.want {
				t.Errorf("config %s = %q, want %s = %q", path, src, c.path, c.want)
			}
		})
	}
}
