package lint

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
)

// MarkTracked asks git which of the files holding entries are committed
// (in HEAD) and which are only staged (in the index): two git calls per
// repository. A file outside a work tree stays GitKnown false, and costs
// no git call: the repository is found by looking for .git upward. Files
// without entries are not asked about: no rule needs it.
func MarkTracked(files []*File) {
	roots := map[string]string{} // folder -> its work tree's root, or ""
	byRoot := map[string][]*File{}
	for _, f := range files {
		if len(f.Entries) == 0 || f.GitKnown {
			continue
		}
		abs, err := filepath.Abs(filepath.FromSlash(f.Path))
		if err != nil {
			continue
		}
		if root := workTree(filepath.Dir(abs), roots); root != "" {
			byRoot[root] = append(byRoot[root], f)
		}
	}
	for root, fs := range byRoot {
		names := make([]string, len(fs))
		for i, f := range fs {
			abs, _ := filepath.Abs(filepath.FromSlash(f.Path))
			rel, _ := filepath.Rel(root, abs)
			names[i] = filepath.ToSlash(rel)
		}
		indexed, err := gitNames(root, append([]string{"ls-files", "-z", "--cached", "--full-name", "--"}, names...))
		if err != nil {
			continue // git is missing, or refuses the folder
		}
		// A repository without commits has no HEAD: nothing is committed.
		committed, _ := gitNames(root, append([]string{"ls-tree", "-z", "--name-only", "--full-name", "HEAD", "--"}, names...))
		for i, f := range fs {
			f.GitKnown = true
			f.Tracked = committed[names[i]]
			f.Staged = indexed[names[i]] && !f.Tracked
		}
	}
}

// workTree returns the root of the git work tree that dir is in (the
// nearest folder upward holding .git), or "", remembering every folder it
// looked at.
func workTree(dir string, seen map[string]string) string {
	if root, ok := seen[dir]; ok {
		return root
	}
	root := ""
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
		root = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		root = workTree(parent, seen)
	}
	seen[dir] = root
	return root
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
