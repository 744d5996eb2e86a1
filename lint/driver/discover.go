package driver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/postmarklint/postmarklint/lint"
)

// Target is one file to lint.
type Target struct {
	Path     string // as the user will see it
	Explicit bool   // named on the command line: linted whatever its name
	Context  bool   // read only for cross-file comparison
	Listed   bool   // found by a walk that saw a regular file there
	Unseen   bool   // listed by git, not looked at: left out when it is not a regular file (deleted, a link to a folder)
}

// neverEnter are folders that hold no configuration of the project's own.
var neverEnter = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// Discovery is a walk's options and what it left out on purpose: files
// that git ignores, and files in submodules (other repositories, with
// their own history, ignores and checks; git itself stops at them). Only
// files that a walk would lint by their name are counted.
type Discovery struct {
	NoIgnore bool   // lint the files that git ignores too
	Dir      string // the folder relative paths start from; "": the working directory

	Ignored    []string // lintable files that git ignores, as display paths
	Submodules int      // lintable files in submodules and nested repositories

	mu sync.Mutex
}

// Each expands the command line's paths into files to lint, handing each
// to emit as soon as it is found, so that reading can start while folders
// are still being walked: files are taken as named; folders are walked for
// the names a format claims. Inside a git work tree git itself says which
// files exist and are not ignored; elsewhere the folder is walked without
// following symbolic links, so a link loop cannot hang the walk. emit is
// called from one goroutine at a time; each path comes once, named files
// first. Paths that cannot be read come back as errors while the others
// are still listed. It fills in what the walk left out.
func (d *Discovery) Each(paths []string, emit func(Target)) []error {
	var (
		mu   sync.Mutex
		errs []error
		seen = map[string]bool{}
	)
	add := func(t Target) {
		mu.Lock()
		defer mu.Unlock()
		if len(paths) == 1 { // one file, or one walk: no path comes twice, and a large walk need not remember them all
			emit(t)
		} else if !seen[t.Path] {
			seen[t.Path] = true
			emit(t)
		}
	}
	wd := absDir(d.Dir)
	type folder struct{ abs, base string }
	var roots []folder
	for _, root := range paths {
		abs := filepath.FromSlash(root)
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(wd, abs)
		}
		info, err := os.Stat(abs)
		switch {
		case err != nil:
			errs = append(errs, pathError(root, err))
		case info.IsDir():
			roots = append(roots, folder{abs, displayPath(wd, root)})
		default:
			add(Target{Path: displayPath(wd, root), Explicit: true})
		}
	}
	for _, root := range roots {
		base := root.base
		if err := d.walk(root.abs, base, func(rel string, unseen bool) {
			add(Target{Path: path.Join(base, rel), Listed: true, Unseen: unseen})
		}); err != nil {
			errs = append(errs, err)
		}
	}
	// An ignored file named on the command line is linted all the same.
	d.Ignored = slices.DeleteFunc(d.Ignored, func(p string) bool { return seen[p] })
	return errs
}

func pathError(p string, err error) error {
	p = lint.QuotePath(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file or folder", p)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", p)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", p, pe.Err)
	}
	return err
}

// DefaultMaxFileSize bounds the files that are read: configuration files
// are kilobytes, and a hostile tree must not make a lint job hold
// gigabytes in memory.
const DefaultMaxFileSize = 10 << 20

// NotRegularError is returned by ReadFile for a FIFO, a device, a socket
// or a folder: reading a FIFO would block forever, reading a device may
// never end.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string { return "not a regular file (" + e.Kind() + ")" }

// Kind names what the file is: "named pipe", "device", ...
func (e *NotRegularError) Kind() string {
	kind := "special file"
	switch t := e.Mode.Type(); {
	case t&fs.ModeDir != 0:
		kind = "folder"
	case t&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case t&fs.ModeSocket != 0:
		kind = "socket"
	case t&fs.ModeDevice != 0:
		kind = "device"
	}
	return kind
}

// TooLargeError is returned by ReadFile for a file over the size limit.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over the limit of %d", e.Size, e.Limit)
}

// ReadFile reads a regular file of at most limit bytes (no limit when
// limit <= 0). The mode is checked before the file is opened, so a FIFO
// or a device is never opened; the open itself does not block, and what
// was opened is checked again, so a file swapped for a FIFO in between is
// refused too. A file that grows past the limit while it is read is
// refused without reading more than limit+1 bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkSize(info, limit); err != nil {
		return nil, err
	}
	return ReadListed(path, limit)
}

func checkSize(info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return &NotRegularError{Mode: info.Mode()}
	}
	if limit > 0 && info.Size() > limit {
		return &TooLargeError{Size: info.Size(), Limit: limit}
	}
	return nil
}

// walk finds the lintable files under root and hands each to emit as a
// slash-separated path relative to root, unseen when git listed it and
// no one looked whether it is a regular file; base is root as displayed.
func (d *Discovery) walk(root, base string, emit func(rel string, unseen bool)) error {
	// Git lists the ignored files while it lists the others.
	type listing struct{ files, dirs []string }
	ignored := make(chan listing, 1)
	go func() {
		files, dirs := gitIgnored(root)
		ignored <- listing{files, dirs}
	}()
	seen := func(rel string) { emit(rel, false) }
	repos, ok := gitFiles(root, func(rel string) { emit(rel, true) })
	if !ok {
		return walkFolders(root, []string{""}, seen)
	}
	ign := <-ignored
	files, dirs := ign.files, ign.dirs
	var err error
	if d.NoIgnore {
		for _, f := range regularFiles(root, files) {
			seen(f)
		}
		err = walkFolders(root, dirs, seen)
	}
	n := repoFiles(root, repos)
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.NoIgnore {
		for _, f := range files {
			d.Ignored = append(d.Ignored, path.Join(base, f))
		}
	}
	d.Submodules += n
	return err
}

// lintableIn returns lint.Lintable for paths relative to root: a file at
// the top of root is named with root's folder, since some formats claim
// files by their folder (node-config's config/default.json).
func lintableIn(root string) func(rel string) bool {
	dir := root
	if abs, err := filepath.Abs(root); err == nil {
		dir = abs
	}
	top := filepath.Base(dir) + "/"
	return func(rel string) bool {
		if !strings.Contains(rel, "/") {
			return lint.Lintable(top + rel)
		}
		return lint.Lintable(rel)
	}
}

// walkFolders walks the folders starts (relative to root, "" for root
// itself) without asking git.
func walkFolders(root string, starts []string, emit func(rel string)) error {
	w := &walker{root: root, lintable: lintableIn(root), emit: emit, todo: slices.Clone(starts), pending: len(starts)}
	w.wake = sync.NewCond(&w.mu)
	var wg sync.WaitGroup
	for range walkers {
		wg.Go(w.work)
	}
	wg.Wait()
	return errors.Join(w.errs...)
}

// walkers is how many folders are read at once: reading a folder waits on
// the disk, so more than the cores keeps it busy.
const walkers = 16

// walker reads folders in parallel. It never follows a link to a folder,
// so a link loop cannot make it go round.
type walker struct {
	root     string
	lintable func(rel string) bool
	emit     func(string) // called concurrently

	mu      sync.Mutex
	wake    *sync.Cond
	todo    []string // folders found and not yet read: a stack, so that the walk goes deep first and the list stays short
	pending int      // folders found and not yet done
	errs    []error
}

// work reads folders until none is left to read or being read. A folder
// waits in todo as its name, not as a goroutine: a large tree has
// thousands waiting while the readers catch up.
func (w *walker) work() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.todo) == 0 && w.pending > 0 {
			w.wake.Wait()
		}
		if w.pending == 0 {
			w.wake.Broadcast()
			return
		}
		rel := w.todo[len(w.todo)-1]
		w.todo = w.todo[:len(w.todo)-1]
		w.mu.Unlock()
		dirs, err := w.dir(rel)
		w.mu.Lock()
		if err != nil {
			w.errs = append(w.errs, err)
		}
		w.todo = append(w.todo, dirs...)
		w.pending += len(dirs) - 1
		w.wake.Broadcast()
	}
}

// dir lists one folder, hands on its files and returns its folders.
func (w *walker) dir(rel string) (dirs []string, err error) {
	entries, err := readDir(filepath.Join(w.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, pathError(filepath.Join(w.root, filepath.FromSlash(rel)), err)
	}
	for _, d := range entries {
		name := path.Join(rel, d.Name())
		switch t := d.Type(); {
		case t.IsDir():
			if !neverEnter[d.Name()] {
				dirs = append(dirs, name)
			}
		case !w.lintable(name):
		case t.IsRegular():
			w.emit(name)
		case t&fs.ModeSymlink != 0:
			// A link to a regular file is linted; to anything else, not.
			if isRegular(filepath.Join(w.root, filepath.FromSlash(name))) {
				w.emit(name)
			}
		}
	}
	return dirs, nil
}

// readDir lists a folder without sorting it: the walk sorts once at the end.
func readDir(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// gitFiles asks git for the lintable files under root that it tracks or
// that are untracked but not ignored, handing each to emit as git lists
// it, and returns the repositories it does not enter. ok is false outside
// a work tree (or without git). A tracked file may be deleted in the work
// tree and a link may point anywhere: what emit gets is not known to be a
// regular file (the reader leaves out what is not; regularFiles keeps
// what is).
func gitFiles(root string, emit func(rel string)) (repos []string, ok bool) {
	// --stage marks submodules (mode 160000); untracked files come
	// without it. It also lists each stage of a conflicted file, in a row.
	last := ""
	lintable := lintableIn(root)
	addRepo := func(rel string) {
		if !entersNever(rel) { // vendor/ is no more entered for being a submodule
			repos = append(repos, rel)
		}
	}
	err := gitEach(root, func(entry []byte) {
		if mode, p, staged := stageEntry(entry); staged {
			if string(mode) == "160000" {
				addRepo(string(p))
				return
			}
			entry = p
		} else if nested, ok := bytes.CutSuffix(entry, []byte("/")); ok {
			// An untracked folder that git lists whole is a repository.
			addRepo(string(nested))
			return
		}
		if string(entry) == last {
			return
		}
		if r := string(entry); r != "" && lintable(r) && !entersNever(r) {
			last = r
			emit(r)
		}
	}, "ls-files", "-z", "--cached", "--stage", "--others", "--exclude-standard", "--", ".")
	return repos, err == nil
}

// stageEntry splits an entry of git ls-files --stage, "MODE OBJECT
// STAGE\tPATH"; an untracked file's entry is its path alone.
func stageEntry(e []byte) (mode, p []byte, ok bool) {
	tab := bytes.IndexByte(e, '\t')
	// 6 octal digits, a space, at least 40 hex digits, a space, a stage.
	if tab < 6+1+40+1+1 {
		return nil, nil, false
	}
	meta := e[:tab]
	obj := meta[7 : len(meta)-2]
	if meta[6] != ' ' || meta[len(meta)-2] != ' ' || !allIn(meta[:6], "01234567") ||
		!allIn(obj, "0123456789abcdef") || !allIn(meta[len(meta)-1:], "0123") {
		return nil, nil, false
	}
	return meta[:6], e[tab+1:], true
}

func allIn(b []byte, set string) bool {
	for _, c := range b {
		if strings.IndexByte(set, c) < 0 {
			return false
		}
	}
	return true
}

// gitIgnored lists what git ignores under root: the lintable files one by
// one, and the folders that an ignore pattern names whole (dist/, .venv/),
// which git does not enter and a walk need not either.
//
// Without --no-empty-directory, git ls-files --ignored --directory lists a
// folder that holds only ignored files and also each of its files (with
// it, such files are not listed at all), so a listed folder with nothing
// listed under it is one that git did not enter.
func gitIgnored(root string) (files, dirs []string) {
	var listed []string
	entered := map[string]bool{}
	lintable := lintableIn(root)
	err := gitEach(root, func(entry []byte) {
		r := string(entry)
		switch dir, isDir := strings.CutSuffix(r, "/"); {
		case r == "" || entersNever(r):
		case isDir:
			listed = append(listed, dir)
		default:
			for d := path.Dir(r); d != "." && !entered[d]; d = path.Dir(d) {
				entered[d] = true
			}
			if lintable(r) {
				files = append(files, r)
			}
		}
	}, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--", ".")
	if err != nil {
		return nil, nil
	}
	for _, d := range listed {
		if !entered[d] {
			dirs = append(dirs, d)
		}
	}
	return files, dirs
}

// regularFiles keeps the paths (relative to root) that are regular files.
func regularFiles(root string, files []string) []string {
	regular := make([]bool, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, walkers)
	for i, r := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			regular[i] = isRegular(filepath.Join(root, filepath.FromSlash(r)))
		}()
	}
	wg.Wait()
	kept := files[:0]
	for i, r := range files {
		if regular[i] {
			kept = append(kept, r)
		}
	}
	return kept
}

// repoFiles counts the lintable files in the repositories under root
// that a walk does not enter, as a walk of each of them would find them.
// A submodule that is not checked out holds none.
func repoFiles(root string, repos []string) int {
	var n atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, walkers)
	for _, r := range repos {
		dir := filepath.Join(root, filepath.FromSlash(r))
		if !isWorkTreeRoot(dir) {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var files []string
			if _, ok := gitFiles(dir, func(rel string) { files = append(files, rel) }); ok {
				n.Add(int64(len(regularFiles(dir, files))))
			}
		}()
	}
	wg.Wait()
	return int(n.Load())
}

// gitEach runs git in dir and hands each NUL-terminated entry of its
// output to fn as it comes: a listing of a large tree is never held whole.
// The entry's bytes are reused after fn returns.
func gitEach(dir string, fn func([]byte), args ...string) error {
	return eachEntry(exec.Command("git", append([]string{"-C", dir}, args...)...), fn)
}

// eachEntry runs cmd and hands each NUL-terminated entry of its output to
// fn as it comes, as gitEach does.
func eachEntry(cmd *exec.Cmd, fn func([]byte)) error {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		io.Copy(io.Discard, out) // let git finish
		cmd.Wait()
		return err
	}
	return cmd.Wait()
}

func entersNever(rel string) bool {
	for dir := range strings.SplitSeq(rel, "/") {
		if neverEnter[dir] {
			return true
		}
	}
	return false
}

// DisplayPath makes a path slash-separated and relative to the working
// directory when it lies under it.
func DisplayPath(p string) string { return displayPath(absDir(""), p) }

// displayPath is DisplayPath for a run standing in wd.
func displayPath(wd, p string) string {
	if filepath.IsAbs(p) && wd != "" {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}
