package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Target is one file to lint.
type Target struct {
	Path     string // as the user will see it
	Explicit bool   // named on the command line: linted whatever its name
	Context  bool   // read only for cross-file comparison
}

// neverEnter are folders that hold no configuration of the project's own.
var neverEnter = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// Discover expands the command line's paths into files to lint: files are
// taken as named; folders are walked for .env, YAML and TOML files. Inside
// a git work tree git itself says which files exist and are not ignored;
// elsewhere the folder is walked without following symbolic links, so a
// link loop cannot hang the walk. Paths that cannot be read come back as
// errors while the others are still listed.
func Discover(paths []string) ([]Target, []error) {
	var (
		out  []Target
		errs []error
		seen = map[string]bool{}
	)
	add := func(p string, explicit bool) {
		p = DisplayPath(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, Target{Path: p, Explicit: explicit})
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, pathError(root, err))
			continue
		}
		if !info.IsDir() {
			add(root, true)
			continue
		}
		files, err := walk(root)
		if err != nil {
			errs = append(errs, err)
		}
		for _, f := range files {
			add(f, false)
		}
	}
	return out, errs
}

func pathError(p string, err error) error {
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

// walk lists the lintable files under root.
func walk(root string) ([]string, error) {
	if files, ok := gitFiles(root); ok {
		return files, nil
	}
	var files []string
	var errs []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, pathError(p, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && neverEnter[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if !lintable(d.Name()) {
			return nil
		}
		// Regular files and links to regular files; never FIFOs or devices.
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil || !info.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return files, errors.Join(errs...)
}

// gitFiles asks git for the files under root that it tracks or that are
// untracked but not ignored. ok is false outside a work tree (or without git).
func gitFiles(root string) (files []string, ok bool) {
	cmd := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate", "--", ".")
	cmd.Stderr = nil
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	for _, rel := range bytes.Split(out, []byte{0}) {
		if len(rel) == 0 {
			continue
		}
		r := string(rel)
		if !lintable(r) || entersNever(r) {
			continue
		}
		p := filepath.Join(root, filepath.FromSlash(r))
		// A tracked file may be deleted in the work tree, and a link may
		// point anywhere: lint regular files only.
		info, err := os.Stat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		files = append(files, p)
	}
	return files, true
}

// lintable reports a name that a walk lints: .env, YAML and TOML files,
// but not postmarklint's own configuration.
func lintable(name string) bool {
	return FormatOf(name) != FormatUnknown && filepath.Base(name) != ConfigName
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
func DisplayPath(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}
