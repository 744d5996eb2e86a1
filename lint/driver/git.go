package driver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/postmarklint/postmarklint/lint"
)

// MarkTracked asks git for the HEAD and index versions of the files that
// may hold a token (an entry that is not a reference; context files are
// never reported on, so not asked about): three git processes per
// repository (ls-files, diff --cached, cat-file --batch), whatever the
// number of files. Files outside a work tree keep Git nil; finding the
// work tree costs no git process unless GIT_DIR or GIT_WORK_TREE name it.
// Files whose Git is already set (the staged versions) keep it.
//
// Then the token-shaped values that a file's own HEAD version does not
// hold are looked up in the rest of history (findElsewhere), so that a
// token that git holds under another name is reported as committed; a run
// without such a value pays nothing for it.
func MarkTracked(files []*lint.File, cache bool) {
	markTracked(context.Background(), absDir(""), files, cache, nil)
}

// markTracked is MarkTracked for the driver's run.
func (d *driver) markTracked(files []*lint.File) {
	markTracked(d.ctx, d.opt.Dir, files, d.opt.HistoryCache, d.opt.GitCache)
}

// markTracked is MarkTracked for a run standing in wd (relative paths
// start there), with what gc kept of earlier runs.
func markTracked(ctx context.Context, wd string, files []*lint.File, cache bool, gc *GitCache) {
	find := repoFinder(wd)
	repos := map[string]*repo{}
	byRoot := map[string][]*lint.File{}
	names := map[*lint.File]string{}
	for _, f := range files {
		if f.Context || !holdsValue(f) {
			continue
		}
		abs := filepath.FromSlash(f.Path)
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(wd, abs)
		}
		r := find(filepath.Dir(abs))
		if r == nil {
			continue
		}
		name, ok := r.name(abs)
		if !ok {
			continue
		}
		r.ctx = ctx
		repos[r.root] = r
		byRoot[r.root] = append(byRoot[r.root], f)
		names[f] = name
	}
	for root, fs := range byRoot {
		var fresh []*lint.File
		for _, f := range fs {
			if f.Git == nil {
				fresh = append(fresh, f)
			}
		}
		rf := gc.facts(repos[root])
		if len(fresh) > 0 {
			repos[root].mark(fresh, names, rf)
		}
		repos[root].findElsewhere(fs, names, cache, rf)
		rf.mu.Unlock()
	}
}

func holdsValue(f *lint.File) bool {
	for _, e := range f.Entries {
		if !e.Ref {
			return true
		}
	}
	return false
}

// mark sets the git facts of files of one repository; names are their
// paths from the work tree's top. What rf holds is not asked again. When
// git fails, the files stay unknown.
func (r *repo) mark(files []*lint.File, names map[*lint.File]string, rf *repoFacts) {
	var want []string
	for _, f := range files {
		if _, ok := rf.files[names[f]]; !ok && !slices.Contains(want, names[f]) {
			want = append(want, names[f])
		}
	}
	if len(want) > 0 && r.lookup(want, rf) != nil {
		return
	}
	// Versions that a bounded cache let go are read again.
	more := map[string][]byte{}
	var ids []string
	for _, f := range files {
		ff := rf.files[names[f]]
		for _, id := range []string{ff.head, ff.index} {
			if _, ok := rf.blobs[id]; !ok && id != "" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		var err error
		if more, err = r.readBlobs(ids); err != nil {
			return
		}
	}
	blob := func(id string) []byte {
		if b, ok := rf.blobs[id]; ok {
			return b
		}
		return more[id]
	}
	for _, f := range files {
		ff := rf.files[names[f]]
		g := &lint.GitFile{InHead: ff.head != ""}
		g.Head = sameAs(blob(ff.head), f.Src)
		if ff.index != "" {
			g.InIndex, g.Index = true, sameAs(blob(ff.index), f.Src)
		}
		f.Git = g
	}
}

// lookup asks git for the HEAD and index versions of the paths names
// (from the work tree's top) and keeps them, and their bytes, in rf:
// three git processes.
func (r *repo) lookup(names []string, rf *repoFacts) error {
	index, err := r.indexIDs(names)
	if err != nil {
		return err
	}
	changes, err := r.stagedChanges()
	if err != nil {
		return err
	}
	// HEAD's version of an index path (the origin's, for a rename), and
	// of a HEAD path that left the index (deleted, or renamed away).
	origin, left := map[string]string{}, map[string]string{}
	for _, c := range changes {
		if c.src != "" {
			left[c.from] = c.src
		}
		if c.dst != "" {
			origin[c.path] = c.src
		}
	}
	found := map[string]fileFacts{}
	var ids []string
	for _, n := range names {
		ff := fileFacts{index: index[n]}
		if id, ok := origin[n]; ok {
			ff.head = id
		} else if id, ok := index[n]; ok {
			ff.head = id // unchanged since HEAD
		} else {
			ff.head = left[n]
		}
		found[n] = ff
		ids = append(ids, ff.head, ff.index)
	}
	blobs, err := r.readBlobs(ids)
	if err != nil {
		return err
	}
	maps.Copy(rf.files, found)
	rf.putBlobs(blobs)
	return nil
}

// sameAs returns src when b holds the same bytes: the usual committed,
// unchanged file then costs no memory beyond its source.
func sameAs(b, src []byte) []byte {
	if b != nil && bytes.Equal(b, src) {
		return src
	}
	return b
}

// lookupPathspecs is how many names lookup hands git as pathspecs; past
// it, git lists the whole index once and the names are looked up. Git
// matches every index entry against every pathspec, so thousands of names
// in a large repository cost seconds, while the whole listing of 300,000
// entries costs about as much as a few dozen pathspecs (bench/RESULTS.md).
const lookupPathspecs = 64

// indexIDs returns the object id of the index version of each of names
// that the index holds, from git ls-files -s. A path in a merge conflict
// counts as its HEAD side (stage 2).
func (r *repo) indexIDs(names []string) (map[string]string, error) {
	ids := map[string]string{}
	args := []string{"ls-files", "-s", "-z", "--full-name"}
	if len(names) <= lookupPathspecs {
		out, err := r.output(nil, append(append(args, "--"), names...)...)
		for rec := range bytes.SplitSeq(out, []byte{0}) {
			if name, id, ok := indexEntry(rec); ok {
				ids[name] = id
			}
		}
		return ids, err
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	err := eachEntry(r.command(nil, args...), func(rec []byte) {
		if name, id, ok := indexEntry(rec); ok && want[name] {
			ids[name] = id
		}
	})
	return ids, gitError(err)
}

// indexEntry reads one entry of git ls-files -s -z, "<mode> <id>
// <stage>\t<path>": false for stages other than 0 and 2.
func indexEntry(rec []byte) (name, id string, ok bool) {
	meta, p, ok := bytes.Cut(rec, []byte{'\t'})
	fields := strings.Fields(string(meta))
	if !ok || len(fields) != 3 || (fields[2] != "0" && fields[2] != "2") {
		return "", "", false
	}
	return string(p), fields[1], true
}

// stagedChange is one path that differs between HEAD and the index.
type stagedChange struct {
	status   byte   // A, C, D, M, R, T or U
	dstMode  string // the index version's mode; "000000" when there is none
	src, dst string // object ids of the HEAD and index versions, "" when absent
	from     string // the HEAD path: the origin of a rename or copy
	path     string // the index path
}

// stagedChanges lists what a commit would change, with renames and copies
// paired to their origin, in one git process. Names are never quoted (-z),
// so any file name works.
func (r *repo) stagedChanges() ([]stagedChange, error) {
	// Without a first commit, git diff --cached compares with the empty
	// tree: every staged file is added.
	out, err := r.output(nil, "diff", "--cached", "-M", "--raw", "-z", "--no-abbrev")
	if err != nil {
		return nil, fmt.Errorf("listing staged files: %w", err)
	}
	var changes []stagedChange
	fields := bytes.Split(out, []byte{0})
	for i := 0; i+1 < len(fields); {
		// ":<src mode> <dst mode> <src id> <dst id> <status>\0<path>\0",
		// with a second path for renames and copies.
		meta := strings.Fields(strings.TrimPrefix(string(fields[i]), ":"))
		if len(meta) != 5 || meta[4] == "" {
			return nil, fmt.Errorf("listing staged files: git says %q", fields[i])
		}
		c := stagedChange{status: meta[4][0], dstMode: meta[1], src: objectID(meta[2]), dst: objectID(meta[3])}
		c.from, c.path = string(fields[i+1]), string(fields[i+1])
		i += 2
		if c.status == 'R' || c.status == 'C' {
			if i >= len(fields) {
				return nil, errors.New("listing staged files: git's list ends in a rename")
			}
			c.path = string(fields[i])
			i++
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// objectID is id, or "" for git's all-zero id of a version that does not
// exist.
func objectID(id string) string {
	if strings.Trim(id, "0") == "" {
		return ""
	}
	return id
}

// readBlobs reads the objects ids name ("" and repeats allowed) with one
// git cat-file --batch process. An object git does not have is left out.
func (r *repo) readBlobs(ids []string) (map[string][]byte, error) {
	blobs := map[string][]byte{}
	var in bytes.Buffer
	var asked []string
	for _, id := range ids {
		if _, ok := blobs[id]; !ok && id != "" {
			blobs[id] = nil
			asked = append(asked, id)
			fmt.Fprintln(&in, id)
		}
	}
	if len(asked) == 0 {
		return blobs, nil
	}
	out, err := r.output(&in, "cat-file", "--batch")
	if err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	br := bufio.NewReader(bytes.NewReader(out))
	for _, id := range asked {
		header, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("reading object %s from git: %w", id, err)
		}
		// "<id> <type> <size>", or "<id> missing".
		parts := strings.Fields(header)
		if len(parts) == 2 && parts[1] == "missing" {
			delete(blobs, id)
			continue
		}
		size := -1
		if len(parts) == 3 {
			size, _ = strconv.Atoi(parts[2])
		}
		if size < 0 {
			return nil, fmt.Errorf("reading object %s from git: git says %q", id, strings.TrimSpace(header))
		}
		b := make([]byte, size)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("reading object %s from git: %w", id, err)
		}
		br.ReadByte() // the newline after each object
		blobs[id] = b
	}
	return blobs, nil
}

// repo is a git work tree and how to run git in it.
type repo struct {
	root string          // the top of the work tree, absolute
	env  []string        // GIT_DIR and GIT_WORK_TREE made absolute, when the environment named them
	ctx  context.Context // stops git when cancelled; nil: never
}

// repoFinder returns a function that gives the work tree a folder is in,
// or nil. Usually that is the nearest folder upward holding .git: looking
// costs no git process, and a hook runs on every commit. When GIT_DIR or
// GIT_WORK_TREE is set (a bare repository with a separate work tree, as in
// the dotfiles pattern, and the hooks git runs there), git itself is asked
// once, and that work tree is the only one. GIT_INDEX_FILE, which git sets
// for every pre-commit hook, needs nothing: git commands inherit it and
// read a relative one from the work tree's top, as git does. wd is the
// folder a relative GIT_DIR or GIT_WORK_TREE is relative to.
func repoFinder(wd string) func(dir string) *repo {
	if os.Getenv("GIT_DIR") != "" || os.Getenv("GIT_WORK_TREE") != "" {
		r, err := envRepo(wd)
		return func(string) *repo {
			if err != nil {
				return nil
			}
			return r
		}
	}
	seen := map[string]string{}
	return func(dir string) *repo {
		if root := workTree(dir, seen); root != "" {
			return &repo{root: root}
		}
		return nil
	}
}

// envRepo asks git for the work tree and repository that the environment
// names, asked in wd.
func envRepo(wd string) (*repo, error) {
	out, err := exec.Command("git", "-C", wd, "rev-parse", "--absolute-git-dir", "--show-cdup").Output()
	if err != nil {
		return nil, gitError(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("git rev-parse says %q", out)
	}
	gitDir, cdup := lines[0], lines[1]
	// --show-cdup is relative to the working directory when inside the
	// work tree (keeping a path through a symbolic link as it is), the
	// absolute top outside it.
	root := cdup
	if !filepath.IsAbs(cdup) {
		root = filepath.Join(wd, cdup)
	}
	return &repo{root: root, env: []string{"GIT_DIR=" + gitDir, "GIT_WORK_TREE=" + root}}, nil
}

// name returns the path of abs from the top of the work tree, slash
// separated, or false when abs is outside it.
func (r *repo) name(abs string) (string, bool) {
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// output runs git in the work tree, feeding it stdin when not nil.
// Pathspecs are literal: a file named *.env is not a pattern.
func (r *repo) output(stdin io.Reader, args ...string) ([]byte, error) {
	out, err := r.command(stdin, args...).Output()
	return out, gitError(err)
}

// command is git in the work tree with args, as output runs it.
func (r *repo) command(stdin io.Reader, args ...string) *exec.Cmd {
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", r.root, "--literal-pathspecs"}, args...)...)
	cmd.WaitDelay = time.Second // a child git left holding the output must not hold the run
	if r.env != nil {
		cmd.Env = append(os.Environ(), r.env...)
	}
	cmd.Stdin = stdin
	return cmd
}

// workTree returns the root of the git work tree that dir is in (the
// nearest folder upward holding .git), or "", remembering every folder it
// looked at. It is the one way the driver finds a work tree without a git
// process; git is asked only when GIT_DIR or GIT_WORK_TREE say more (envRepo).
func workTree(dir string, seen map[string]string) string {
	if root, ok := seen[dir]; ok {
		return root
	}
	root := ""
	if isWorkTreeRoot(dir) {
		root = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		root = workTree(parent, seen)
	}
	seen[dir] = root
	return root
}

// isWorkTreeRoot reports a folder holding .git: a repository, or a linked
// work tree or submodule whose .git is a file.
func isWorkTreeRoot(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// gitError turns git's exit status into its first line of stderr.
func gitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		line, _, _ := strings.Cut(strings.TrimSpace(string(ee.Stderr)), "\n")
		return errors.New(line)
	}
	return err
}
