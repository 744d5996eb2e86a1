package driver

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
)

// walk turns paths into parsed files, with the siblings of the files
// named that cross-file rules compare them with. Files are read while
// folders are still being walked. Messages come in order: the paths that
// cannot be walked as given, then the files, then their siblings.
func (d *driver) walk(paths []string) {
	in := make(chan Target, 256)
	var named []Target
	walk := &Discovery{NoIgnore: d.opt.NoIgnore, Dir: d.opt.Dir}
	var errs []error
	go func() {
		errs = walk.Each(paths, func(t Target) {
			if !d.ignored(t.Path) {
				if t.Explicit {
					named = append(named, t)
				}
				in <- t
			}
		})
		close(in)
	}()
	b := d.loadEach(in)
	b.errs = append(errs, b.errs...)
	d.add(b)
	d.add(d.load(d.families(named)))
	for _, p := range walk.Ignored {
		if !d.ignored(p) {
			d.res.Ignored = append(d.res.Ignored, p)
		}
	}
	d.res.Submodules = walk.Submodules
	d.add(d.load(d.ignoredSiblings()))
}

// ignoredSiblings returns, as context, the files git ignores that are
// siblings of a walked file holding entries: a walk does not lint
// .env.staging when git ignores it, but the production token in it is
// still the production token, as it is when .env.production is named.
func (d *driver) ignoredSiblings() []Target {
	type family struct{ dir, key string }
	ignored := map[family][]string{}
	for _, p := range d.res.Ignored {
		k := family{path.Dir(p), lint.FamilyKey(path.Base(p))}
		ignored[k] = append(ignored[k], p)
	}
	if len(ignored) == 0 {
		return nil
	}
	have := map[string]bool{}
	for _, f := range d.res.Files {
		have[f.Path] = true
	}
	var out []Target
	for _, f := range d.res.Files {
		if len(f.Entries) == 0 || f.Context {
			continue
		}
		for _, p := range ignored[family{path.Dir(f.Path), lint.FamilyKey(path.Base(f.Path))}] {
			if !have[p] {
				have[p] = true
				out = append(out, Target{Path: p, Context: true})
			}
		}
	}
	return out
}

// loaded is what reading a batch of targets gave.
type loaded struct {
	files   []*lint.File // the files that may hold entries, and the context, sorted by path
	plain   pathList     // the files linted that cannot hold an entry: nothing but their path is kept
	skipped []error      // sorted by text
	errs    []error      // sorted by text
}

// add records loaded files and their messages.
func (d *driver) add(b loaded) {
	d.res.Files = append(d.res.Files, b.files...)
	d.res.plain.addAll(b.plain)
	d.res.Skipped = append(d.res.Skipped, b.skipped...)
	d.res.Errors = append(d.res.Errors, b.errs...)
}

// staged lints what is about to be committed: the index version of each
// staged file, read from git.
func (d *driver) staged() {
	staged, config, configSrc, err := stagedFiles(d.ctx, d.opt.Dir, d.opt.Config == nil)
	if err != nil {
		d.res.Errors = append(d.res.Errors, err)
		return
	}
	if configSrc != nil {
		d.opt.Config, err = lint.ParseConfig(displayPath(d.opt.Dir, config), configSrc, filepath.Dir(config), d.opt.Dir, d.knownRule)
		if err != nil {
			d.res.Fatal = err
			return
		}
	}
	var targets []Target
	for _, s := range staged {
		if d.ignored(s.Path) {
			continue
		}
		if skip := d.admit(s.Path, s.Src); skip != nil {
			d.res.Skipped = append(d.res.Skipped, skip)
			continue
		}
		f := d.parse(s.Path, s.Src)
		f.Git = s.Git
		d.res.Files = append(d.res.Files, f)
		targets = append(targets, Target{Path: s.Path, Explicit: true})
	}
	d.markTracked(d.res.Files) // their values' places elsewhere in history
	d.add(d.load(d.families(targets)))
}

// buffer lints one buffer under its file's name; siblings come from the
// overlay or the disk.
func (d *driver) buffer(name string, src []byte) {
	t := Target{Path: displayPath(d.opt.Dir, name), Explicit: true}
	if skip := d.admit(t.Path, src); skip != nil {
		skip.Buffer, skip.Size = true, 0
		d.res.Skipped = append(d.res.Skipped, skip)
		return
	}
	f := d.parse(t.Path, src)
	d.markTracked([]*lint.File{f})
	d.res.Files = append(d.res.Files, f)
	d.add(d.load(d.families([]Target{t})))
}

// admit says why a file's bytes are not linted (too large, binary), or
// nil to lint them.
func (d *driver) admit(path string, src []byte) *Skip {
	if n := int64(len(src)); n > d.limit() {
		return &Skip{Path: path, Reason: TooLarge, Size: n, Limit: d.limit()}
	}
	if i := binaryAt(src); i >= 0 {
		return &Skip{Path: path, Reason: Binary, Offset: i}
	}
	return nil
}

// binaryAt returns the offset of the first NUL byte of a binary file, or
// -1. A UTF-16 file is full of NUL bytes but is text: lint.Parse reports
// it when it mentions Postmark.
func binaryAt(src []byte) int {
	if lint.IsUTF16(src) {
		return -1
	}
	return bytes.IndexByte(src, 0)
}

// parse parses a file and runs the checks that need nothing but the
// file; then it keeps only what the rest of the run needs: the source and
// the entries, not every assignment.
func (d *driver) parse(path string, src []byte) *lint.File {
	format := lint.FormatOf(path)
	if format == lint.FormatUnknown {
		format = lint.Sniff(src)
	}
	f := lint.Parse(path, format, src, d.opt.parseOptions())
	lint.CheckRead(f, d.opt.Rules, d.conf().Rules)
	f.Compact()
	return f
}

func (o *Options) parseOptions() lint.Options {
	return lint.Options{Keys: o.conf().Keys, EnvFor: o.conf().EnvFor}
}

// families returns, as context, the siblings of the files named
// (.env.staging for .env.production) that are not among them, so that
// cross-file rules see them; nothing is reported on them.
func (d *driver) families(targets []Target) []Target {
	seen := map[string]bool{}
	for _, t := range targets {
		seen[t.Path] = true
	}
	var out []Target
	for _, t := range targets {
		if !t.Explicit {
			continue
		}
		for _, sib := range d.family(t.Path) {
			if !seen[sib] && !d.ignored(sib) {
				seen[sib] = true
				out = append(out, Target{Path: sib, Context: true})
			}
		}
	}
	return out
}

// family is Family, plus the overlay's buffers in the same folder.
func (d *driver) family(p string) []string {
	sibs := family(d.opt.Dir, p)
	dir := filepath.Dir(filepath.FromSlash(p))
	key := lint.FamilyKey(filepath.Base(p))
	for name := range d.opt.Overlay {
		n := displayPath(d.opt.Dir, name)
		if filepath.Dir(filepath.FromSlash(n)) == dir && n != p && lint.FamilyKey(filepath.Base(n)) == key && !slices.Contains(sibs, n) {
			sibs = append(sibs, n)
		}
	}
	return sibs
}

// load reads and parses the targets on all cores.
func (d *driver) load(targets []Target) loaded {
	in := make(chan Target, len(targets))
	for _, t := range targets {
		in <- t
	}
	close(in)
	return d.loadEach(in)
}

// loaders read and parse files at once: a read waits on the disk, so a
// few more than the cores keep both busy.
var loaders = max(4, 2*runtime.GOMAXPROCS(0))

// loadEach reads and parses the targets that arrive on in. The files come
// back sorted by path and the messages by text, whatever the number of
// loaders and the order of arrival. Of a file that cannot hold an entry
// (most of a large tree) only the path is kept, and of such a context
// file nothing: a large walk holds little more than its findings.
func (d *driver) loadEach(in <-chan Target) loaded {
	var (
		mu sync.Mutex
		wg sync.WaitGroup
		b  loaded
	)
	for range loaders {
		wg.Go(func() {
			var buf []byte // reused while files are read and let go
			for t := range in {
				if d.ctx.Err() != nil {
					continue // let the sender finish
				}
				f, skip, err := d.loadOne(t, &buf)
				mu.Lock()
				switch {
				case f == nil:
				case f.Parsed:
					b.files = append(b.files, f)
				case !t.Context:
					b.plain.add(f.Path)
				}
				if skip != nil && !t.Context {
					b.skipped = append(b.skipped, skip)
				}
				if err != nil && !t.Context {
					b.errs = append(b.errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	byText := func(a, b error) int { return strings.Compare(a.Error(), b.Error()) }
	slices.SortFunc(b.files, func(x, y *lint.File) int { return strings.Compare(x.Path, y.Path) })
	slices.SortFunc(b.skipped, byText)
	slices.SortFunc(b.errs, byText)
	return b
}

// loadOne reads and parses one target. A file over the size limit, and a
// FIFO, device or vanished file that the walk listed, are skipped with a
// message; a path named that cannot be read is an error.
func (d *driver) loadOne(t Target, buf *[]byte) (f *lint.File, skipped, err error) {
	src, ok := d.overlay(t.Path)
	if !ok {
		if t.Listed {
			src, err = ReadListedInto(*buf, d.opt.abs(t.Path), d.limit())
		} else {
			src, err = ReadFile(d.opt.abs(t.Path), d.limit())
		}
	}
	var big *TooLargeError
	var special *NotRegularError
	switch {
	case t.Unseen && err != nil && !errors.As(err, &big) && !isRegular(d.opt.abs(t.Path)):
		return nil, nil, nil // git's, not a file here (deleted, a link to a folder or nowhere): a walk does not list it
	case errors.As(err, &big):
		return nil, &Skip{Path: t.Path, Reason: TooLarge, Size: big.Size, Limit: big.Limit}, nil
	case errors.As(err, &special) && !t.Explicit:
		return nil, &Skip{Path: t.Path, Reason: NotRegular, Kind: special.Kind()}, nil
	case errors.Is(err, fs.ErrNotExist) && !t.Explicit:
		return nil, &Skip{Path: t.Path, Reason: Vanished}, nil
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("%s: cannot read: %v", lint.QuotePath(t.Path), err)
	}
	if skip := d.admit(t.Path, src); skip != nil {
		return nil, skip, nil
	}
	if !lint.Concerns(t.Path, src, d.conf().Keys) {
		if !ok {
			*buf = src // nothing will look at it again: reuse it
		}
		return &lint.File{Path: t.Path, Context: t.Context}, nil, nil // most of a tree: not even its format is needed
	}
	if !ok {
		// The file keeps its bytes, in a buffer of its size: the loader's
		// is as large as the largest file it has read, and stays its own.
		src, *buf = bytes.Clone(src), src
	}
	f = d.parse(t.Path, src)
	f.Context = t.Context
	return f, nil, nil
}

// isRegular reports a regular file at p, through links.
func isRegular(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// overlay returns the caller's unsaved buffer for a path, if any.
func (d *driver) overlay(p string) ([]byte, bool) {
	if len(d.opt.Overlay) == 0 {
		return nil, false
	}
	src, ok := d.opt.Overlay[d.opt.abs(p)]
	return src, ok
}
