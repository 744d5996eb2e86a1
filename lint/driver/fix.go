package driver

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/postmarklint/postmarklint/lint"
)

// Plan is what --fix or --diff would do to one file: the edits of the
// findings that can be fixed together. Plans come from Result.Findings,
// so a finding the baseline holds is neither shown nor fixed.
type Plan struct {
	File  *lint.File
	Edits []lint.Edit
	Fixed int   // findings the edits fix
	Err   error // why the file is not fixed, whatever its edits; nil to fix
}

// Plans chooses, file by file, the fixes that can be applied together. A
// file with findings of a fixable rule that does not load gets a plan with
// Err set: a fix cannot be checked against a file that does not load.
func (r *Result) Plans() []*Plan {
	var out []*Plan
	for _, f := range r.Linted() {
		var mine []lint.Finding
		for _, fd := range r.Findings {
			if fd.File == f {
				mine = append(mine, fd)
			}
		}
		if err := refusal(f); err != nil {
			if slices.ContainsFunc(mine, func(fd lint.Finding) bool { return fd.Rule.Fixable }) {
				out = append(out, &Plan{File: f, Err: err})
			}
			continue
		}
		edits, fixed := lint.SelectFixes(mine)
		if len(edits) == 0 {
			continue
		}
		p := &Plan{File: f, Edits: edits}
		for _, ok := range fixed {
			if ok {
				p.Fixed++
			}
		}
		out = append(out, p)
	}
	return out
}

// refusal says why a file is not fixed, whatever its edits: a file that
// does not load, where a fix could not be checked.
func refusal(f *lint.File) error {
	if len(f.ParseErrors) > 0 {
		return errors.New("it has a parse error (parse-error); fix that by hand first")
	}
	return nil
}

// Fixed is what WriteFixes did.
type Fixed struct {
	Findings, Files int
	Refused         []FileError // files not written, and why
}

// FileError is a file and why it was not fixed.
type FileError struct {
	Path string
	Err  error
}

// WriteFixes writes every plan's fixes in place without losing anything
// (see writeFixed), then lints what is now on disk again, so that the
// Result holds what remains.
func (r *Result) WriteFixes() Fixed {
	var out Fixed
	var written []fixedFile
	root := fixRoot(r.opt.Dir)
	plans := r.Plans()
	// Symlinks come last: one to a file fixed in this run is fixed with
	// it, and only one to a file that is not is refused.
	for _, links := range []bool{false, true} {
		for _, p := range plans {
			if isSymlink(r.opt.abs(p.File.Path)) != links {
				continue
			}
			if links && slices.ContainsFunc(written, func(w fixedFile) bool { return w.names(p.File, r.opt) }) {
				continue
			}
			if err := writeFixed(p, r.opt.abs(p.File.Path), root); err != nil {
				out.Refused = append(out.Refused, FileError{p.File.Path, err})
				continue
			}
			w := fixedFile{file: p.File, src: lint.ApplyEdits(p.File.Src, p.Edits)}
			w.info, _ = os.Stat(r.opt.abs(p.File.Path))
			written = append(written, w)
			out.Findings += p.Fixed
		}
	}
	out.Files = len(written)
	if len(written) == 0 {
		return out
	}
	// Every name of a fixed file, the one written and any symlink to it,
	// is linted again from what is now on disk.
	for i, f := range r.Files {
		for _, w := range written {
			if f == w.file || w.names(f, r.opt) {
				r.Files[i] = r.relint(f, w.src)
				break
			}
		}
	}
	r.check()
	return out
}

// FixBuffer applies the fixes to the buffer of a Buffer run and lints the
// result again; it returns the fixed bytes (the buffer unchanged when
// nothing is fixable) and what it fixed.
func (r *Result) FixBuffer() ([]byte, Fixed) {
	var out Fixed
	linted := r.Linted()
	if len(linted) == 0 {
		return nil, out
	}
	buf := linted[0].Src
	for _, p := range r.Plans() {
		if p.Err != nil {
			out.Refused = append(out.Refused, FileError{p.File.Path, p.Err})
			continue
		}
		buf = lint.ApplyEdits(p.File.Src, p.Edits)
		i := slices.Index(r.Files, p.File)
		r.Files[i] = r.relint(p.File, buf)
		out.Findings, out.Files = p.Fixed, 1
	}
	if out.Files > 0 {
		r.check()
	}
	return buf, out
}

// relint parses a file's fixed bytes as the same file: same name, format
// and git facts.
func (r *Result) relint(f *lint.File, src []byte) *lint.File {
	n := lint.Parse(f.Path, f.Format, src, r.opt.parseOptions())
	n.Git, n.Context, n.RootPath = f.Git, f.Context, f.RootPath
	// A fix changes how a token is written, not which token it is: the
	// --online answer for the entry still holds, and is not asked again.
	if len(n.Entries) == len(f.Entries) {
		for i, e := range n.Entries {
			if e.Key == f.Entries[i].Key {
				e.Online = f.Entries[i].Online
			}
		}
	}
	// Nor which stream a setting names.
	if len(n.Settings) == len(f.Settings) {
		for i, e := range n.Settings {
			if e.Key == f.Settings[i].Key && e.Value == f.Settings[i].Value {
				e.OnlineStream = f.Settings[i].OnlineStream
			}
		}
	}
	return n
}

// fixedFile is a file that --fix rewrote: the file as linted, its new
// bytes, and what it is on disk now.
type fixedFile struct {
	file *lint.File
	src  []byte
	info os.FileInfo
}

// names reports whether f is another name of the written file: one read
// with the same bytes that resolves to the same file on disk.
func (w fixedFile) names(f *lint.File, opt *Options) bool {
	if f == w.file || w.info == nil || !bytes.Equal(f.Src, w.file.Src) {
		return false
	}
	info, err := os.Stat(opt.abs(f.Path))
	return err == nil && os.SameFile(info, w.info)
}

func isSymlink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&os.ModeSymlink != 0
}

// fixRoot is the real path of the git work tree around the run's folder
// wd, or of wd outside one: --fix writes nothing outside it.
func fixRoot(wd string) string {
	if wd == "" {
		return ""
	}
	if r := repoFinder(wd)(wd); r != nil {
		wd = r.root
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	return wd
}
