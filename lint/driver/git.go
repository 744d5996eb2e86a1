package driver

import (
	"bufio"
	"bytes"
	"cmp"
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
	"sync"
	"time"

	"github.com/postmarklint/postmarklint/lint"
)

// MarkTracked asks git for the HEAD and index versions of the files that
// may hold a token (an entry that is not a reference; context files are
// never reported on, so not asked about): at most three git processes per
// repository (ls-files, diff --cached, cat-file --batch), whatever the
// number of files, and for a few files that are committed or untracked
// two, side by side, that read the index once (see lookup). Files outside a work tree keep Git nil; finding the
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
// (from the work tree's top) and keeps them, and their bytes, in rf. For a
// few names, one git cat-file reads HEAD's versions while git ls-files
// lists the index entries: the index is read once, and a path that HEAD
// holds has that version whatever the index says (a staged rename's
// destination is never in HEAD). Only a path that the index holds and HEAD
// does not (added, perhaps renamed) needs the origin git diff --cached
// pairs it with, a second read of the index. For many names, asking HEAD
// path by path costs more than that diff, which then runs alongside the
// listing.
func (r *repo) lookup(names []string, rf *repoFacts) error {
	cat, err := r.catFile()
	if err != nil {
		return err
	}
	defer cat.close()
	few := len(names) <= lookupPathspecs
	var (
		index    map[string]string
		indexErr error
		heads    map[string]object
		changes  []stagedChange
		listed   = !few // changes holds what git diff --cached says
		wg       sync.WaitGroup
	)
	wg.Go(func() { index, indexErr = r.indexIDs(names) })
	if few {
		heads, err = cat.headVersions(names)
	} else {
		changes, err = r.stagedChanges()
	}
	wg.Wait()
	if err := cmp.Or(indexErr, err); err != nil {
		return err
	}
	found := map[string]fileFacts{}
	have := map[string][]byte{} // versions read, by object id
	var rest []string           // the names HEAD did not settle
	for _, n := range names {
		_, indexed := index[n]
		switch h, ok := heads[n]; {
		case ok:
			found[n] = fileFacts{head: h.id, index: index[n]}
			have[h.id] = h.data
		case few && !indexed && askable(n):
			found[n] = fileFacts{} // in neither: untracked
		default:
			rest = append(rest, n)
		}
	}
	if len(rest) > 0 && !listed {
		if changes, err = r.stagedChanges(); err != nil {
			return err
		}
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
	for _, n := range rest {
		ff := fileFacts{index: index[n]}
		if id, ok := origin[n]; ok {
			ff.head = id
		} else if id, ok := index[n]; ok {
			ff.head = id // unchanged since HEAD
		} else {
			ff.head = left[n]
		}
		found[n] = ff
	}
	var ids []string
	for _, ff := range found {
		for _, id := range []string{ff.head, ff.index} {
			if _, ok := have[id]; !ok {
				ids = append(ids, id)
			}
		}
	}
	more, err := cat.read(ids)
	if err != nil {
		return err
	}
	for id, o := range more {
		have[id] = o.data
	}
	if err := cat.close(); err != nil {
		return fmt.Errorf("reading from git: %w", err)
	}
	maps.Copy(rf.files, found)
	rf.putBlobs(have)
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

// lookupPathspecs is how many names lookup hands git as pathspecs, and
// asks cat-file for by HEAD:<path> (some 65 µs each in a 300,000-file
// repository); past it, git lists the whole index once, the names are
// looked up, and git diff --cached gives HEAD's versions. Git
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
	if !slices.ContainsFunc(ids, func(id string) bool { return id != "" }) {
		return blobs, nil
	}
	cat, err := r.catFile()
	if err != nil {
		return nil, err
	}
	defer cat.close()
	objects, err := cat.read(ids)
	if err != nil {
		return nil, err
	}
	for id, o := range objects {
		blobs[id] = o.data
	}
	if err := cat.close(); err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	return blobs, nil
}

// catFile is one git cat-file --batch process, asked for objects by id
// or by name (HEAD:<path>) as the run learns what it needs: what it can
// ask at once is read while another git process runs, and later questions
// cost no new process.
type catFile struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
	broken bool  // an answer is left unread: closing stops git
	done   bool  // closed
	err    error // why git failed
}

// object is a version git holds: its id, type (blob, tree, commit) and bytes.
type object struct {
	id, kind string
	data     []byte
}

// catFile starts git cat-file --batch in the work tree.
func (r *repo) catFile() (*catFile, error) {
	c := &catFile{cmd: r.command(nil, "cat-file", "--batch")}
	c.cmd.Stderr = &c.stderr
	in, err := c.cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	c.in, c.out = in, bufio.NewReader(out)
	return c, nil
}

// read asks for names ("" and repeats allowed; none holds a line break)
// and returns what git has, by name: a name git has no object for is left
// out. It writes while it reads, so that neither side waits on the other
// with a full pipe.
func (c *catFile) read(names []string) (map[string]object, error) {
	objects := map[string]object{}
	var asked []string
	seen := map[string]bool{"": true}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			asked = append(asked, n)
		}
	}
	if len(asked) == 0 {
		return objects, nil
	}
	written := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(c.in)
		for _, n := range asked {
			w.WriteString(n)
			w.WriteByte('\n')
		}
		written <- w.Flush()
	}()
	c.broken = true // until every answer is read
	for _, n := range asked {
		o, ok, err := c.answer(n)
		if err != nil {
			gitErr := c.close()
			<-written
			return nil, fmt.Errorf("reading object %s from git: %w", n, cmp.Or(gitErr, err))
		}
		if ok {
			objects[n] = o
		}
	}
	c.broken = false
	if err := <-written; err != nil {
		return nil, fmt.Errorf("reading from git: %w", err)
	}
	return objects, nil
}

// answer reads git's answer to the name n: "<id> <type> <size>" and the
// bytes, or "<n> missing".
func (c *catFile) answer(n string) (object, bool, error) {
	header, err := c.out.ReadString('\n')
	if err != nil {
		return object{}, false, err
	}
	header = strings.TrimSuffix(header, "\n")
	if header == n+" missing" {
		return object{}, false, nil
	}
	parts := strings.Fields(header)
	size := -1
	if len(parts) == 3 {
		size, _ = strconv.Atoi(parts[2])
	}
	if size < 0 {
		return object{}, false, fmt.Errorf("git says %q", header)
	}
	b := make([]byte, size+1) // and the newline after each object
	if _, err := io.ReadFull(c.out, b); err != nil {
		return object{}, false, err
	}
	return object{id: parts[0], kind: parts[1], data: b[:size]}, true, nil
}

// close ends git, stopping it when an answer was left unread, and
// returns git's first line of stderr when it failed (again when called
// again).
func (c *catFile) close() error {
	if c.done {
		return c.err
	}
	c.done = true
	c.in.Close()
	if c.broken {
		c.cmd.Process.Kill()
	}
	if err := c.cmd.Wait(); err != nil {
		if line, _, _ := strings.Cut(strings.TrimSpace(c.stderr.String()), "\n"); line != "" {
			c.err = errors.New(line)
		} else if !c.broken {
			c.err = err
		}
	}
	return c.err
}

// headVersions asks for HEAD's version of each of names (paths from the
// work tree's top) and returns, by name, those that HEAD holds as a file
// (not a folder). A name with a line break (or a carriage return, which
// git drops from a line's end) cannot be asked, and is left out.
func (c *catFile) headVersions(names []string) (map[string]object, error) {
	var asked []string
	for _, n := range names {
		if askable(n) {
			asked = append(asked, "HEAD:"+n)
		}
	}
	objects, err := c.read(asked)
	if err != nil {
		return nil, err
	}
	heads := map[string]object{}
	for _, n := range names {
		if o, ok := objects["HEAD:"+n]; ok && o.kind != "tree" {
			heads[n] = o
		}
	}
	return heads, nil
}

// askable reports a path cat-file can be asked about by name.
func askable(name string) bool { return !strings.ContainsAny(name, "\n\r") }

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
