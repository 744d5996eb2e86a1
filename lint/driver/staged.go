package driver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

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
// commit does not change is HEAD's, which cat-file reads (by HEAD:<path>,
// without the index) while the diff runs, and one it changes has the id
// the diff gives.
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
	var (
		cat     *catFile
		inHead  map[string]object
		wg      sync.WaitGroup
		catErr  error
		headErr error
		started = len(candidates) > 0
	)
	if started {
		if cat, catErr = r.catFile(); catErr == nil {
			defer cat.close()
			wg.Go(func() { inHead, headErr = cat.headVersions(candidates) })
		}
	}
	changes, err := r.stagedChanges()
	wg.Wait()
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
	if err := cmp.Or(catErr, headErr); err != nil {
		return nil, "", nil, err
	}
	if !started {
		if cat, err = r.catFile(); err != nil {
			return nil, "", nil, err
		}
		defer cat.close()
	}
	// Each candidate's index version: the one the diff gives for a path
	// the commit changes ("" when it leaves the index or is in conflict),
	// HEAD's for the others.
	index := indexVersions(changes)
	have := map[string][]byte{}
	configIDs := make([]string, len(candidates))
	for i, name := range candidates {
		id, changed := index[name]
		if h, ok := inHead[name]; !changed && ok {
			id, have[h.id] = h.id, h.data
		}
		configIDs[i] = id
		ids = append(ids, id)
	}
	objects, err := cat.read(slices.DeleteFunc(ids, func(id string) bool { _, ok := have[id]; return ok }))
	if err != nil {
		return nil, "", nil, err
	}
	if err := cat.close(); err != nil {
		return nil, "", nil, fmt.Errorf("reading from git: %w", err)
	}
	for id, o := range objects {
		have[id] = o.data
	}
	for i, c := range kept {
		src, ok := have[c.dst]
		if !ok {
			return nil, "", nil, fmt.Errorf("reading staged %s: git has no object %s", lint.QuotePath(files[i].Path), c.dst)
		}
		files[i].Src = src
		files[i].Git = &lint.GitFile{InIndex: true, Index: src, InHead: c.src != "", Head: sameAs(have[c.src], src)}
	}
	for i := range candidates {
		if src, ok := have[configIDs[i]]; ok && configIDs[i] != "" {
			return files, paths[i], src, nil
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
