package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/rules"
)

// plan is what --fix or --diff would do to one file.
type plan struct {
	file  *lint.File
	edits []lint.Edit
	fixed int // findings the edits fix
}

// fixOrDiff runs --fix and --diff after the first lint. With --diff, or
// --fix on standard input, it does the whole run and returns done. With
// --fix on files it writes them, replaces files and findings by a fresh
// lint of what is now on disk, and lets the caller report what remains.
func fixOrDiff(cfg *config, conf *lint.Config, errs []error, files *[]*lint.File, findings *[]lint.Finding, stdout, stderr io.Writer) (code int, done bool) {
	if !cfg.fix && !cfg.diff {
		return 0, false
	}
	switch {
	case cfg.fix && cfg.diff:
		fmt.Fprintln(stderr, "postmarklint: --fix and --diff cannot be combined")
		return exitError, true
	case cfg.fix && cfg.staged:
		fmt.Fprintln(stderr, "postmarklint: --fix cannot be combined with --staged: the fixes would go to the work tree, not to the index that was linted")
		return exitError, true
	}
	plans := plans(*files, *findings)
	for _, f := range unfixable(*files, *findings) {
		fmt.Fprintf(stderr, "postmarklint: %s: not fixed: %v\n", lint.QuotePath(f.Path), refusal(f))
	}
	switch {
	case cfg.diff:
		return writeDiffs(plans, errs, *files, *findings, stdout, stderr), true
	case cfg.stdin:
		return fixStdin(cfg, conf, plans, errs, *files, stdout, stderr), true
	}
	var nFixed, nFiles int
	root := workTree()
	for _, p := range plans {
		if err := writeFixed(p, root); err != nil {
			fmt.Fprintf(stderr, "postmarklint: %s: not fixed: %v\n", lint.QuotePath(p.file.Path), lint.RedactText(err.Error()))
			continue
		}
		i := slices.Index(*files, p.file)
		(*files)[i] = relint(p.file, lint.ApplyEdits(p.file.Src, p.edits), conf)
		nFixed += p.fixed
		nFiles++
	}
	fmt.Fprintf(stderr, "postmarklint: fixed %s in %s\n", plural(nFixed, "finding"), plural(nFiles, "file"))
	if nFiles > 0 {
		*findings = lint.CheckSeverity(*files, rules.All, conf.Rules)
	}
	return 0, false
}

// plans chooses, file by file, the fixes that can be applied together.
// Files that the loader refuses are left alone: a fix cannot be checked
// against a file that does not load.
func plans(files []*lint.File, findings []lint.Finding) []*plan {
	var out []*plan
	for _, f := range files {
		if f.Context {
			continue
		}
		var mine []lint.Finding
		for _, fd := range findings {
			if fd.File == f {
				mine = append(mine, fd)
			}
		}
		edits, fixed := lint.SelectFixes(mine)
		if len(edits) == 0 {
			continue
		}
		p := &plan{file: f, edits: edits}
		for _, ok := range fixed {
			if ok {
				p.fixed++
			}
		}
		out = append(out, p)
	}
	return out
}

// unfixable lists the files with findings of fixable rules that get no
// fix because the file does not load, so that --fix and --diff say why.
func unfixable(files []*lint.File, findings []lint.Finding) []*lint.File {
	var out []*lint.File
	for _, f := range files {
		if refusal(f) == nil {
			continue
		}
		if slices.ContainsFunc(findings, func(fd lint.Finding) bool { return fd.File == f && fd.Rule.Fixable }) {
			out = append(out, f)
		}
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

// writeDiffs prints what --fix would change and changes nothing; like
// gofmt -d it exits 1 when there is something to fix.
func writeDiffs(plans []*plan, errs []error, files []*lint.File, findings []lint.Finding, stdout, stderr io.Writer) int {
	var nFixed, nFiles int
	for _, p := range plans {
		if err := refusal(p.file); err != nil {
			fmt.Fprintf(stderr, "postmarklint: %s: --fix would not change it: %v\n", lint.QuotePath(p.file.Path), err)
			continue
		}
		if err := lint.WriteDiff(stdout, p.file, p.edits); err != nil {
			fmt.Fprintf(stderr, "postmarklint: %v\n", err)
			return exitError
		}
		nFixed += p.fixed
		nFiles++
	}
	fmt.Fprintf(stderr, "postmarklint: %s fixable in %s\n", plural(nFixed, "finding"), plural(nFiles, "file"))
	fmt.Fprintf(stderr, "postmarklint: %s\n", summaryLine(summarize(files, findings)))
	switch {
	case slices.ContainsFunc(errs, isFatal):
		return exitError
	case nFiles > 0:
		return exitFindings
	}
	return exitClean
}

// fixStdin prints the fixed buffer, for an editor's format-on-save: the
// buffer unchanged when nothing is fixable. The exit code reflects what
// remains, as after --fix on a file.
func fixStdin(cfg *config, conf *lint.Config, plans []*plan, errs []error, files []*lint.File, stdout, stderr io.Writer) int {
	if len(files) == 0 || files[0].Context {
		// The buffer was not linted (binary input): print nothing and fail,
		// so that an editor keeps its buffer instead of an empty output.
		fmt.Fprintf(stderr, "postmarklint: %s\n", summaryLine(summarize(nil, nil)))
		return exitError
	}
	buf, nFixed, nFiles := files[0].Src, 0, 0
	if len(plans) > 0 {
		p := plans[0]
		if err := refusal(p.file); err != nil {
			fmt.Fprintf(stderr, "postmarklint: %s: not fixed: %v\n", lint.QuotePath(p.file.Path), err)
		} else {
			buf = lint.ApplyEdits(p.file.Src, p.edits)
			files[0] = relint(p.file, buf, conf)
			nFixed, nFiles = p.fixed, 1
		}
	}
	if _, err := stdout.Write(buf); err != nil {
		fmt.Fprintf(stderr, "postmarklint: writing the fixed buffer: %v\n", err)
		return exitError
	}
	findings := lint.CheckSeverity(files, rules.All, conf.Rules)
	if cfg.baseline != "" {
		if base, err := lint.ReadBaseline(cfg.baseline); err == nil {
			anchor(newRoots(cfg), files, findings, false)
			findings, _ = base.Filter(findings, nil)
		}
	}
	fmt.Fprintf(stderr, "postmarklint: fixed %s in %s\n", plural(nFixed, "finding"), plural(nFiles, "file"))
	fmt.Fprintf(stderr, "postmarklint: %s\n", summaryLine(summarize(files, findings)))
	return exitCode(errs, findings, cfg.failOn)
}

// relint parses a file's fixed bytes as the same file: same name, format
// and git status.
func relint(f *lint.File, src []byte, conf *lint.Config) *lint.File {
	n := lint.Parse(f.Path, f.Format, src, lint.Options{Keys: conf.Keys, EnvFor: conf.EnvFor})
	n.Git, n.Context = f.Git, f.Context
	// A fix changes how a token is written, not which token it is: the
	// --online answer for the entry still holds, and is not asked again.
	if len(n.Entries) == len(f.Entries) {
		for i, e := range n.Entries {
			if e.Key == f.Entries[i].Key {
				e.Online = f.Entries[i].Online
			}
		}
	}
	return n
}

// writeFixed writes a file's fixes in place without losing anything: it
// refuses a file that does not load, a symlink, a file outside the work
// tree and a file that changed since it was read; it writes a temporary
// file in the same folder, syncs it, gives it the original's mode and
// renames it over the original, so that a crash leaves one or the other.
func writeFixed(p *plan, root string) error {
	if err := refusal(p.file); err != nil {
		return err
	}
	path := filepath.FromSlash(p.file.Path)
	info, err := os.Lstat(path)
	switch {
	case err != nil:
		return err
	case info.Mode()&os.ModeSymlink != 0:
		return errors.New("it is a symlink; fix the file it points to by name")
	case !info.Mode().IsRegular():
		return errors.New("it is not a regular file")
	}
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return err
	}
	if root != "" && !within(real, root) {
		return errors.New("its real path is outside the work tree")
	}
	if cur, err := lint.ReadFile(path, int64(len(p.file.Src))+1); err != nil || !bytes.Equal(cur, p.file.Src) {
		return errors.New("it changed on disk while being linted; run again")
	}
	return replaceFile(real, lint.ApplyEdits(p.file.Src, p.edits), info.Mode())
}

// replaceFile writes data to a temporary file next to path and renames it
// over path, keeping path's permission bits.
func replaceFile(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".postmarklint-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, mode&(os.ModePerm|os.ModeSetuid|os.ModeSetgid|os.ModeSticky))
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return err
	}
	// The rename is durable once the folder is synced; some systems cannot
	// sync a folder, and the data is already safe in either name.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// workTree is the real path of the git work tree around the working
// directory, or of the working directory outside one: --fix writes nothing
// outside it.
func workTree() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	if out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err == nil {
		wd = strings.TrimSpace(string(out))
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	return wd
}

func within(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
