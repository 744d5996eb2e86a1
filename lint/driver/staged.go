package driver

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/postmarklint/postmarklint/lint"
)

// StagedFile is the index version of a file staged for commit.
type StagedFile struct {
	Path string // for display: relative to the working directory, ../ included
	Src  []byte
	Git  *lint.GitFile // its index version is Src; its HEAD version, if any
}

// StagedFiles reads the staged (index) content of the added, copied, modified
// and renamed regular files of the git work tree around dir, so that a
// fix in the working tree that is not staged cannot hide a bad staged
// line. Deleted files are skipped and renamed files keep their new name.
// Only files whose name a walk would lint are read. Versions are read by
// object id, so no file name is ever quoted or refused. Three git
// processes at most: diff --cached, cat-file --batch, and rev-parse when
// GIT_DIR or GIT_WORK_TREE name the repository. With config (a path), the
// same cat-file also reads the nearest .postmarklint.yaml that the index
// holds, from dir up to the work tree's root, when findConfig: the commit
// is linted by the configuration it carries, not by an unstaged edit, a
// file deleted from the index or one never added. config is its absolute
// path and configSrc its bytes, nil when the index has none.
func StagedFiles(dir string, findConfig bool) (files []StagedFile, config string, configSrc []byte, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", nil, err
	}
	return stagedFiles(context.Background(), abs, findConfig)
}

// stagedFiles is StagedFiles for a run standing in wd (absolute): paths
// are displayed relative to it.
//
// The index is read once, by git diff --cached: a configuration the
// commit does not change is HEAD's, which cat-file reads by HEAD:<path>
// (without the index), and one it changes has the id the diff gives; the
// same cat-file reads the staged files. It starts once the diff shows a
// file to lint: started alongside the diff it would save some 1.5 ms on a
// 300,000-file repository, and cost a process to the usual commit, which
// stages nothing to lint.
func stagedFiles(ctx context.Context, wd string, findConfig bool) (files []StagedFile, config string, configSrc []byte, err error) {
	r := repoFinder(wd)(wd)
	if r == nil {
		return nil, "", nil, errors.New("--staged needs a git work tree")
	}
	r.ctx = ctx
	// The config candidates, nearest first: paths from the top, and
	// where they are.
	var candidates, paths []string
	for d := wd; findConfig; d = filepath.Dir(d) {
		if name, ok := r.name(filepath.Join(d, lint.ConfigName)); ok && askable(name) {
			candidates = append(candidates, name)
			paths = append(paths, filepath.Join(d, lint.ConfigName))
		}
		if d == r.root || filepath.Dir(d) == d {
			break
		}
	}
	changes, err := r.stagedChanges()
	if err != nil {
		return nil, "", nil, err
	}
	var kept []stagedChange
	var ids []string
	for _, c := range changes {
		if !regularMode(c.dstMode) || c.dst == "" || !lint.Lintable(c.path) || entersNever(c.path) {
			continue
		}
		kept = append(kept, c)
		ids = append(ids, c.dst, c.src)
		files = append(files, StagedFile{Path: stagedPath(wd, filepath.Join(r.root, filepath.FromSlash(c.path)))})
	}
	if len(kept) == 0 {
		return nil, "", nil, nil
	}
	// Each candidate's index version: the one the diff gives for a path
	// the commit changes ("" when it leaves the index or is in conflict),
	// HEAD's for the others.
	index := indexVersions(changes)
	asked := make([]string, len(candidates))
	for i, name := range candidates {
		if id, changed := index[name]; changed {
			asked[i] = id
		} else {
			asked[i] = "HEAD:" + name
		}
	}
	cat, err := r.catFile()
	if err != nil {
		return nil, "", nil, err
	}
	defer cat.close()
	objects, err := cat.read(append(ids, asked...))
	if err != nil {
		return nil, "", nil, err
	}
	if err := cat.close(); err != nil {
		return nil, "", nil, fmt.Errorf("reading from git: %w", err)
	}
	for i, c := range kept {
		o, ok := objects[c.dst]
		if !ok {
			return nil, "", nil, fmt.Errorf("reading staged %s: git has no object %s", lint.QuotePath(files[i].Path), c.dst)
		}
		files[i].Src = o.data
		files[i].Git = &lint.GitFile{InIndex: true, Index: o.data, InHead: c.src != "", Head: sameAs(objects[c.src].data, o.data)}
	}
	for i := range candidates {
		if o, ok := objects[asked[i]]; ok && o.kind != "tree" {
			return files, paths[i], o.data, nil
		}
	}
	return files, "", nil, nil
}

// indexVersions maps each path a staged change names to the object id of
// its index version: "" for a path that leaves the index (deleted,
// renamed away) or is in a merge conflict. A path no change names is in
// the index as HEAD has it.
func indexVersions(changes []stagedChange) map[string]string {
	ids := map[string]string{}
	for _, c := range changes {
		ids[c.from] = ""
	}
	for _, c := range changes {
		ids[c.path] = c.dst
	}
	return ids
}

// regularMode reports a regular file's mode in git: not a symbolic link
// (whose blob is its target's name) and not a submodule.
func regularMode(mode string) bool { return mode == "100644" || mode == "100755" }

// stagedPath is how a walk of the work tree's top, started in wd, names
// the file at abs: relative to wd, with ../ when wd is a folder below the
// top, as for postmarklint .. from there. Only a path that has no
// relative form (another volume) stays absolute.
func stagedPath(wd, abs string) string {
	if rel, err := filepath.Rel(wd, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return displayPath(wd, abs)
}
