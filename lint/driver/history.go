package driver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// findElsewhere looks up, in the repository's history, the token-shaped
// values of files (lint.TokenRuns of entries that are not references)
// that each file's own HEAD version does not hold, and records where they
// are in each file's Git.Elsewhere. A token that git holds under another
// name (a moved file that git shows as deleted and added, a copy, a
// merged branch) has to be rotated, whatever the file in front of the
// user says.
//
// With no such value it runs nothing: a clean hook and the usual
// committed or reference-only file pay nothing. Otherwise one cat-file
// resolves HEAD and MERGE_HEAD and one git grep searches their trees for
// every value at once (fixed strings read from stdin, so no token is on a
// command line). Values still not found that a file in the index holds
// are then looked up in the earlier versions of those files' paths (a
// file deleted, committed and added again; git checkout HEAD~1 -- f): one
// git log and one cat-file more. When git fails, nothing is recorded and
// the file's own versions decide, as before.
func (r *repo) findElsewhere(files []*lint.File, names map[*lint.File]string, useCache bool, rf *repoFacts) {
	holders := map[string][]*lint.File{} // value -> the files that hold it
	for _, f := range files {
		if f.Git == nil {
			continue
		}
		for _, e := range f.Entries {
			if e.Ref {
				continue
			}
			for _, v := range lint.TokenRuns(e.Value) {
				if !f.Git.Committed(v) && !slices.Contains(holders[v], f) {
					holders[v] = append(holders[v], f)
				}
			}
		}
	}
	if len(holders) == 0 {
		return
	}
	values := make([]string, 0, len(holders))
	for v := range holders {
		values = append(values, v)
	}
	slices.Sort(values)
	if !rf.headsOK {
		heads, err := r.heads()
		if err != nil {
			return
		}
		rf.heads, rf.headsOK = heads, true
	}
	heads := rf.heads
	if len(heads) == 0 {
		return // no commit yet: nothing is in history
	}
	// The paths whose earlier versions may hold a value: those of the
	// files that hold it, tracked or not (a .env committed once, then
	// untracked and ignored, still has its token in history).
	indexed := map[string][]string{}
	for _, v := range values {
		for _, f := range holders[v] {
			if !slices.Contains(indexed[v], names[f]) {
				indexed[v] = append(indexed[v], names[f])
			}
		}
		slices.Sort(indexed[v])
	}
	found := map[string]lint.GitPlace{}
	// A shallow clone's history grows under the same HEAD (git fetch
	// --unshallow): what it does not hold today it may hold tomorrow, so
	// its answers are not kept.
	// Answers this state of the repository already gave come first.
	var asked []string
	for _, v := range values {
		if p, known := rf.history[historyKey(heads, v, indexed[v])]; !known {
			asked = append(asked, v)
		} else if p.Rev != "" {
			found[v] = p
		}
	}
	var cache *historyCache
	if len(asked) > 0 && useCache && !rf.isShallow(r) {
		cache = openHistoryCache()
	}
	var left []string
	for _, v := range asked {
		if p, ok, known := cache.get(historyKey(heads, v, indexed[v])); !known {
			left = append(left, v)
		} else {
			if ok {
				found[v] = p
			}
			rf.history[historyKey(heads, v, indexed[v])] = p
		}
	}
	if len(left) > 0 && r.searchHistory(heads, left, indexed, found) == nil {
		for _, v := range left {
			p, ok := found[v]
			cache.put(historyKey(heads, v, indexed[v]), p, ok)
			rf.history[historyKey(heads, v, indexed[v])] = p
		}
		cache.save()
	}
	for v, p := range found {
		for _, f := range holders[v] {
			if f.Git.Elsewhere == nil {
				f.Git.Elsewhere = map[string]lint.GitPlace{}
			}
			f.Git.Elsewhere[v] = p
		}
	}
}

// searchHistory finds where history holds each of values: in the trees
// of heads, else in the earlier versions of the paths indexed names for
// it. It adds what it finds to found.
func (r *repo) searchHistory(heads []head, values []string, indexed map[string][]string, found map[string]lint.GitPlace) error {
	inTrees, err := r.grepTrees(heads, values)
	if err != nil {
		return err
	}
	var left, paths []string
	for _, v := range values {
		if p, ok := inTrees[v]; ok {
			found[v] = p
			continue
		}
		left = append(left, v)
		for _, p := range indexed[v] {
			if !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return nil
	}
	more, err := r.pathHistory(heads, paths, left)
	if err != nil {
		return err
	}
	for v, p := range more {
		found[v] = p
	}
	return nil
}

// head is a commit that history is searched from.
type head struct{ name, id string }

// heads resolves HEAD and, during a merge, cherry-pick or revert, the
// commit being brought in (MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD), in
// one git process; none without a first commit.
func (r *repo) heads() ([]head, error) {
	names := []string{"HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"}
	out, err := r.output(strings.NewReader(strings.Join(names, "\n")+"\n"), "cat-file", "--batch-check")
	if err != nil {
		return nil, fmt.Errorf("resolving HEAD: %w", err)
	}
	var heads []head
	for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		// "<id> commit <size>", or "<name> missing".
		f := strings.Fields(line)
		if i < len(names) && len(f) == 3 && f[1] == "commit" && !slices.ContainsFunc(heads, func(h head) bool { return h.id == f[0] }) {
			heads = append(heads, head{names[i], f[0]})
		}
	}
	return heads, nil
}

// shallow reports a shallow clone (or a failure to tell).
func (r *repo) shallow() bool {
	out, err := r.output(nil, "rev-parse", "--is-shallow-repository")
	return err != nil || strings.TrimSpace(string(out)) != "false"
}

// isShallow is r.shallow(), asked once per state of the repository.
func (rf *repoFacts) isShallow(r *repo) bool {
	if rf.shallow == nil {
		s := r.shallow()
		rf.shallow = &s
	}
	return *rf.shallow
}

// grepTrees finds which of values the trees of heads hold, and where: the
// first head that holds a value, and there the first path. One git grep
// process reads every value from stdin as a fixed string (-F -f -) and
// prints each match (-o) after its file's name (-z: never quoted).
// Binary files are searched as text (-a): a token in one is committed too.
func (r *repo) grepTrees(heads []head, values []string) (map[string]lint.GitPlace, error) {
	args := []string{"grep", "-F", "-i", "-o", "-z", "-a", "--full-name", "--no-color", "--no-line-number", "--no-column", "-f", "-"}
	for _, h := range heads {
		args = append(args, h.id)
	}
	out, err := r.search(strings.NewReader(strings.Join(values, "\n")+"\n"), args...)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return map[string]lint.GitPlace{}, nil // no match
	}
	if err != nil {
		return nil, fmt.Errorf("searching HEAD: %w", err)
	}
	found := map[string]lint.GitPlace{}
	rank := func(p lint.GitPlace) int {
		return slices.IndexFunc(heads, func(h head) bool { return h.name == p.Rev })
	}
	for len(out) > 0 {
		// "<id>:<path>\0<match>\n"; a path may hold a newline, a match not.
		name, rest, ok := bytes.Cut(out, []byte{0})
		if !ok {
			return nil, fmt.Errorf("searching HEAD: git grep says %q", lint.RedactText(string(out)))
		}
		match, rest, _ := bytes.Cut(rest, []byte{'\n'})
		out = rest
		id, path, _ := strings.Cut(string(name), ":")
		i := slices.IndexFunc(heads, func(h head) bool { return h.id == id })
		if i < 0 {
			continue
		}
		p := lint.GitPlace{Rev: heads[i].name, Path: path}
		v := strings.ToLower(string(match))
		if old, ok := found[v]; !ok || rank(p) < rank(old) || rank(p) == rank(old) && p.Path < old.Path {
			found[v] = p
		}
	}
	return found, nil
}

// pathHistory finds which of values the earlier versions of paths hold,
// and where: the newest commit that wrote a version holding it. One git
// log lists the versions every commit wrote to those paths (on every
// branch that led to heads; -m: merges too, whose resolution of a
// conflict may be the only commit that wrote a token), and one cat-file
// reads them. Only small
// files are asked about, but every commit is walked: this runs only for a
// token that is in the index and nowhere in HEAD, which a commit is about
// to add or a tracked file's work tree holds.
func (r *repo) pathHistory(heads []head, paths, values []string) (map[string]lint.GitPlace, error) {
	args := []string{"log", "--format=%H", "--raw", "-z", "--no-abbrev", "--no-renames", "--root", "--full-history", "--no-follow", "--no-show-signature", "-m"}
	for _, h := range heads {
		args = append(args, h.id)
	}
	args = append(append(args, "--"), paths...)
	out, err := r.search(nil, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the history of %d files: %w", len(paths), err)
	}
	type version struct{ commit, path, id string }
	var versions []version
	var ids []string
	commit := ""
	tokens := strings.Split(string(out), "\x00")
	for i := 0; i < len(tokens); i++ {
		t := strings.TrimLeft(tokens[i], "\n")
		switch {
		case strings.HasPrefix(t, ":") && i+1 < len(tokens):
			// ":<src mode> <dst mode> <src id> <dst id> <status>", then the path.
			meta := strings.Fields(t)
			i++
			if len(meta) == 5 && regularMode(meta[1]) && objectID(meta[3]) != "" {
				versions = append(versions, version{commit, tokens[i], meta[3]})
				ids = append(ids, meta[3])
			}
		case t != "":
			commit = t
		}
	}
	blobs, err := r.readBlobs(ids)
	if err != nil {
		return nil, err
	}
	found := map[string]lint.GitPlace{}
	for _, ver := range versions { // newest first
		blob := bytes.ToLower(blobs[ver.id]) // values are lower case; tokens are read in either
		for _, v := range values {
			if _, ok := found[v]; !ok && bytes.Contains(blob, []byte(v)) {
				found[v] = lint.GitPlace{Rev: ver.commit[:min(7, len(ver.commit))], Path: ver.path}
			}
		}
	}
	return found, nil
}

// search runs a git command that reads the whole tree or history
// (lazyFree), and returns its output.
func (r *repo) search(stdin io.Reader, args ...string) ([]byte, error) {
	out, err := r.lazyFree(stdin, args...).Output()
	return out, gitError(err) // git grep's "nothing found" (1) stays an *exec.ExitError
}
