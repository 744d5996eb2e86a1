package driver

import (
	"path/filepath"

	"github.com/postmarklint/postmarklint/lint"
)

// Roots anchors files for fingerprints and baselines: a file's path is
// taken relative to the root of the git work tree it is in (the nearest
// folder upward holding a .git), so that a run from a subfolder, a hook
// naming one file and a CI job over the whole tree agree. Outside a work
// tree the fallback folder takes its place: the baseline file's folder,
// the one place such runs share. Lookups are cached per folder, so a big
// tree costs one stat per folder.
type Roots struct {
	wd, fallback string
	find         func(dir string) *repo // the work tree a folder is in
}

// NewRoots returns the roots for a run in the working directory; fallback
// ("" for the working directory) serves files outside any work tree.
func NewRoots(fallback string) *Roots { return newRoots(absDir(""), fallback) }

// newRoots is NewRoots for a run standing in wd.
func newRoots(wd, fallback string) *Roots {
	r := &Roots{find: repoFinder(wd), wd: wd}
	r.fallback = r.abs(fallback)
	return r
}

// Anchor sets the RootPath of files.
func (r *Roots) Anchor(files ...*lint.File) {
	for _, f := range files {
		if f.RootPath == "" {
			f.RootPath = r.Path(f.Path)
		}
	}
}

// Path returns a file's path relative to the root of its work tree,
// slash-separated.
func (r *Roots) Path(p string) string {
	abs := r.abs(p)
	return r.rel(r.root(filepath.Dir(abs)), abs)
}

// Dir returns a folder's path relative to the root of its work tree ("."
// for the root itself), slash-separated.
func (r *Roots) Dir(p string) string {
	abs := r.abs(p)
	return r.rel(r.root(abs), abs)
}

func (r *Roots) abs(p string) string {
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.wd, p)
	}
	return filepath.Clean(p)
}

func (r *Roots) rel(root, abs string) string {
	if root == "" {
		root = r.fallback
	}
	if rel, err := filepath.Rel(root, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// root is the work tree root of a folder, or "" outside one.
func (r *Roots) root(dir string) string {
	if repo := r.find(dir); repo != nil {
		return repo.root
	}
	return ""
}
