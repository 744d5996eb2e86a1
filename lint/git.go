package lint

import (
	"bytes"
	"os/exec"
	"path/filepath"
)

// MarkTracked asks git which of the files holding entries are committed
// (in HEAD) and which are only staged (in the index), two git calls per
// folder. A file outside a work tree stays GitKnown false. Files without
// entries are not asked about: no rule needs it.
func MarkTracked(files []*File) {
	byDir := map[string][]*File{}
	for _, f := range files {
		if len(f.Entries) > 0 && !f.GitKnown {
			dir := filepath.Dir(filepath.FromSlash(f.Path))
			byDir[dir] = append(byDir[dir], f)
		}
	}
	for dir, fs := range byDir {
		var names []string
		for _, f := range fs {
			names = append(names, filepath.Base(filepath.FromSlash(f.Path)))
		}
		indexed, err := gitNames(dir, append([]string{"ls-files", "-z", "--cached", "--"}, names...))
		if err != nil {
			continue // not a work tree, or no git
		}
		// A repository without commits has no HEAD: nothing is committed.
		committed, _ := gitNames(dir, append([]string{"ls-tree", "-z", "--name-only", "HEAD", "--"}, names...))
		for i, f := range fs {
			f.GitKnown = true
			f.Tracked = committed[names[i]]
			f.Staged = indexed[names[i]] && !f.Tracked
		}
	}
}

// gitNames runs a git command in dir that prints NUL-separated names.
func gitNames(dir string, args []string) (map[string]bool, error) {
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for name := range bytes.SplitSeq(out, []byte{0}) {
		names[string(name)] = true
	}
	return names, nil
}
