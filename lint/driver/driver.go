// Package driver runs postmarklint's pipeline on a machine: it is the one
// place that knows about the disk, git and the network. A run goes, in
// order: discovery (a walk, the staged index, or one buffer), reading and
// parsing on all cores, sibling families, git facts (committed, staged,
// tracked), the online phase, the rules, the baseline; and, when asked,
// writing fixes. Three entrances, Paths, Staged and Buffer, return one
// Result; a fourth, History, returns one for the tokens of git's history. The lint package underneath is pure: bytes in, findings out.
package driver

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/lint/report"
)

// DefaultOnlineTimeout bounds the online phase when Options says nothing.
const DefaultOnlineTimeout = 30 * time.Second

// Options says how a run lints. The zero value lints with no rules; a
// caller sets Rules at least.
type Options struct {
	// Dir is the folder the run stands in, as a command line's working
	// directory: relative paths are read from it, paths are displayed
	// relative to it, the configuration is searched from it upward, and
	// git is asked there. "" is the process's working directory. An
	// editor server sets it to the workspace folder of the buffer.
	Dir string

	Rules  []*lint.Rule
	Config *lint.Config // nil: the nearest .postmarklint.yaml, if any (for Staged, in the index)

	MaxFileSize int64 // files over it are skipped; 0: DefaultMaxFileSize
	NoIgnore    bool  // a walk lints the files git ignores too

	// Online, when set, is asked about every token that OnlineRequest
	// accepts (what to send, of which kind; without it nothing is sent);
	// the whole phase is bounded by OnlineTimeout (DefaultOnlineTimeout
	// when 0).
	Online        postmark.Checker
	OnlineRequest func(*lint.Entry) (token string, kind postmark.Kind, ok bool)
	OnlineTimeout time.Duration

	// StreamRequest, when set and Online can ask about message streams
	// (postmark.StreamChecker), says which stream entries to ask about and
	// with which token, once the tokens are answered (lint.VerifyStreams).
	StreamRequest func(stream *lint.Entry, tokens []*lint.Entry) (token, id string, ok bool)

	// HistoryCache keeps where git's history holds a token in the user's
	// cache folder (history-cache.json), so that an editor linting a
	// git-ignored .env on every save does not search the whole tree each
	// time. Off, every run searches.
	HistoryCache bool

	// GitCache, when set, keeps git's answers between runs while the
	// repository's state stays the same (see GitCache): a caller that
	// lints the same files again and again (an editor server) shares one
	// across its runs. nil: every run asks git.
	GitCache *GitCache

	// Baseline, when set, drops the findings it holds (Result.Stale counts
	// its entries that no longer match). Fingerprints are anchored at each
	// file's work tree root, or outside git at AnchorDir (the baseline's
	// folder; "" for the working directory).
	Baseline  *lint.Baseline
	AnchorDir string

	// Overlay holds unsaved buffers by absolute path: they are read
	// instead of the disk, and count as siblings of a named file even
	// when the disk has no such file (an editor's open, unsaved files).
	Overlay map[string][]byte
}

// Result is what a run found.
type Result struct {
	Files      []*lint.File   // linted files that may hold entries, then context files (siblings)
	Findings   []lint.Finding // sorted, the baseline applied
	Stale      int            // baseline entries that no longer match anything
	Skipped    []error        // inputs left out on purpose (too large, binary, ...)
	Errors     []error        // inputs that could not be read: the run failed
	Fatal      error          // the run could not start (its configuration does not load) or was cancelled (ctx.Err())
	Ignored    []string       // lintable files that git ignores, which a walk left out
	Submodules int            // lintable files in submodules, which a walk left out

	// Repository is the repository whose history a History run read.
	Repository *report.Repository

	history *report.Summary // a History run's counts
	plain   pathList        // the paths of the linted files that cannot hold an entry (no mention of Postmark)
	opt     *Options
	roots   *Roots
	buffer  string                 // the path a Buffer run linted its buffer as
	scope   func(file string) bool // the baseline entries this run can call stale
}

type driver struct {
	ctx context.Context
	opt *Options
	res *Result
}

// Each entrance stops early when ctx is cancelled: files not yet read are
// not read, git is stopped, the online phase ends, and Result.Fatal is
// ctx.Err(). An editor cancels the run of a buffer it has since changed.

// Paths lints files and folders (a walk of each folder).
func Paths(ctx context.Context, opt *Options, paths []string) *Result {
	d := newDriver(ctx, opt)
	if d.findConfig() {
		d.walk(paths)
		d.markTracked(d.res.Files)
	}
	return d.finish(d.walkScope(paths))
}

// Staged lints the index version of the files staged for commit in the
// work tree around the working directory.
func Staged(ctx context.Context, opt *Options) *Result {
	d := newDriver(ctx, opt)
	d.staged()
	return d.finish(nil)
}

// Buffer lints one buffer (an editor's, or standard input) as the file
// at path; its siblings come from the overlay or the disk.
func Buffer(ctx context.Context, opt *Options, path string, src []byte) *Result {
	d := newDriver(ctx, opt)
	d.res.buffer = path
	if d.findConfig() {
		d.buffer(path, src)
	}
	return d.finish(nil)
}

// newDriver copies the options: a Result reads them again when it fixes
// or is summarised, and the caller (an editor server) may change its own
// copy, or its overlay, while a run goes on.
func newDriver(ctx context.Context, opt *Options) *driver {
	o := Options{}
	if opt != nil {
		o = *opt
		o.Overlay = maps.Clone(opt.Overlay)
	}
	if o.OnlineTimeout <= 0 {
		o.OnlineTimeout = DefaultOnlineTimeout
	}
	o.Dir = absDir(o.Dir)
	return &driver{ctx: ctx, opt: &o, res: &Result{opt: &o}}
}

// absDir returns dir as an absolute path; "" (and a folder that has no
// absolute form) is the process's working directory.
func absDir(dir string) string {
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			return abs
		}
	}
	wd, _ := os.Getwd()
	return wd
}

// abs returns where a path of the run is on disk: relative paths are
// relative to Dir.
func (o *Options) abs(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) || o.Dir == "" {
		return p
	}
	return filepath.Join(o.Dir, p)
}

func (d *driver) conf() *lint.Config { return d.opt.conf() }

// findConfig loads the nearest .postmarklint.yaml from Dir up to the
// work tree's root when the options hold none; false when it does not
// load (Result.Fatal says why).
func (d *driver) findConfig() bool {
	if d.opt.Config != nil {
		return true
	}
	file := FindConfig(d.opt.Dir)
	if file == "" {
		return true
	}
	conf, err := loadConfig(d.opt.Dir, file, d.knownRule)
	if err != nil {
		d.res.Fatal = err
		return false
	}
	d.opt.Config = conf
	return true
}

func (o *Options) conf() *lint.Config {
	if o.Config == nil {
		return &lint.Config{}
	}
	return o.Config
}

func (d *driver) limit() int64 {
	if d.opt.MaxFileSize > 0 {
		return d.opt.MaxFileSize
	}
	return DefaultMaxFileSize
}

func (d *driver) ignored(p string) bool { return d.conf().Ignored(p) }

// knownRule says whether a configuration file may name a rule id.
func (d *driver) knownRule(id string) bool {
	return slices.ContainsFunc(d.opt.Rules, func(r *lint.Rule) bool { return r.ID == id })
}

// finish runs the online phase and the rules. dirs are the folders a
// walk covered (their baseline entries may be stale even when their file
// is gone).
func (d *driver) finish(dirs []string) *Result {
	r := d.res
	if d.opt.Online != nil && d.opt.OnlineRequest != nil && d.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(d.ctx, d.opt.OnlineTimeout)
		lint.Verify(ctx, d.opt.Online, r.Files, d.opt.OnlineRequest)
		if sc, ok := d.opt.Online.(postmark.StreamChecker); ok && d.opt.StreamRequest != nil {
			lint.VerifyStreams(ctx, sc, r.Files, d.opt.StreamRequest)
		}
		cancel()
	}
	if err := d.ctx.Err(); err != nil {
		r.Fatal = err
		return r
	}
	r.roots = newRoots(d.opt.Dir, d.opt.AnchorDir)
	r.scope = r.covered(dirs)
	r.check()
	return r
}

// check runs the rules over the files and applies the baseline.
func (r *Result) check() {
	r.Findings = lint.CheckSeverity(r.Files, r.opt.Rules, r.opt.conf().Rules)
	// Fingerprints hold root-relative paths: every file with a finding,
	// and with a baseline every linted one (to tell which entries are
	// stale).
	for i := range r.Findings {
		r.roots.Anchor(r.Findings[i].File)
	}
	if r.opt.Baseline == nil {
		return
	}
	for _, f := range r.Files {
		if !f.Context {
			r.roots.Anchor(f)
		}
	}
	r.Findings, r.Stale = r.opt.Baseline.Filter(r.Findings, r.scope)
}

// walkScope returns the folders among paths.
func (d *driver) walkScope(paths []string) []string {
	var dirs []string
	for _, p := range paths {
		if info, err := os.Stat(d.opt.abs(p)); err == nil && info.IsDir() {
			dirs = append(dirs, p)
		}
	}
	return dirs
}

// covered says which baseline entries a run can call stale: those of the
// files it linted, and of any file under a folder it walked (the file may
// be gone), not those of files that a hook or an editor did not name.
func (r *Result) covered(dirs []string) func(string) bool {
	if r.opt.Baseline == nil {
		return nil
	}
	linted := map[string]bool{}
	for _, p := range r.paths() {
		linted[lint.RedactPath(r.roots.Path(p))] = true
	}
	walked := make([]string, len(dirs))
	for i, dir := range dirs {
		walked[i] = lint.RedactPath(r.roots.Dir(dir))
	}
	return func(file string) bool {
		return linted[file] || slices.ContainsFunc(walked, func(d string) bool {
			return d == "." || strings.HasPrefix(file, d+"/")
		})
	}
}

// paths returns the paths of every file the run linted, whether or not it
// could hold an entry.
func (r *Result) paths() []string {
	out := r.plain.strings()
	for _, f := range r.Linted() {
		out = append(out, f.Path)
	}
	return out
}

// Linted returns the files the run was asked about that may hold entries,
// without context.
func (r *Result) Linted() []*lint.File {
	var out []*lint.File
	for _, f := range r.Files {
		if !f.Context {
			out = append(out, f)
		}
	}
	return out
}

// Same reports whether path names one of the files the run read, or the
// file a Buffer run's buffer stands for (the same file on disk, through
// any link): an --output must not overwrite it.
func (r *Result) Same(path string) (string, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return "", false // a file that does not exist yet is not being linted
	}
	names := r.plain.strings()
	if r.buffer != "" {
		names = append(names, r.buffer)
	}
	for _, f := range r.Files {
		names = append(names, f.Path)
	}
	for _, name := range names {
		if in, err := os.Stat(r.opt.abs(name)); err == nil && os.SameFile(info, in) {
			return name, true
		}
	}
	return "", false
}

// Summary counts the files the run was asked about, their entries, the
// findings, what a walk left out, and with --online the tokens sent.
func (r *Result) Summary() report.Summary {
	if r.history != nil {
		sum := *r.history
		sum.Count(r.Findings)
		return sum
	}
	sum := report.Summary{Files: r.plain.n}
	asked, answered := map[string]bool{}, map[string]bool{}
	for _, f := range r.Linted() {
		sum.Files++
		sum.Entries += len(f.Entries)
		for _, e := range f.Entries {
			if e.Online == nil {
				continue
			}
			tok, _, _ := r.opt.OnlineRequest(e)
			asked[tok] = true
			if e.Online.Status != postmark.Unverified {
				answered[tok] = true
			}
		}
	}
	sum.Count(r.Findings)
	sum.Ignored, sum.Submodules = len(r.Ignored), r.Submodules
	if r.opt.Online != nil && r.opt.OnlineRequest != nil {
		sum.Online = &report.OnlineSummary{Tokens: len(asked), Checked: len(answered)}
	}
	return sum
}
