package lint

import (
	"bytes"
	"os/exec"
	"path/filepath"
)

// MarkTracked asks git which of the files holding entries it tracks, one
// git call per folder. A file outside a work tree stays GitKnown false.
// Files without entries are not asked about: no rule needs it.
func MarkTracked(files []*File) {
	byDir := map[string][]*File{}
	for _, f := range files {
		if len(f.Entries) > 0 && !f.GitKnown {
			dir := filepath.Dir(filepath.FromSlash(f.Path))
			byDir[dir] = append(byDir[dir], f)
		}
	}
	for dir, fs := range byDir {
		args := []string{"-C", dir, "ls-files", "-z", "--cached", "--"}
		for _, f := range fs {
			args = append(args, filepath.Base(filepath.FromSlash(f.Path)))
		}
		out, err := exec.Command("git", args...).Output()
		if err != nil {
			continue // not a work tree, or no git
		}
		tracked := map[string]bool{}
		for name := range bytes.SplitSeq(out, []byte{0}) {
			tracked[string(name)] = true
		}
		for _, f := range fs {
			f.GitKnown = true
			f.Tracked = tracked[filepath.Base(filepath.FromSlash(f.Path))]
		}
	}
}
