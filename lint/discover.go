package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
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
	p = QuotePath(p)
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

// QuotePath returns p as it is, or Go-quoted when it holds a line break,
// another control character or invalid UTF-8: a message that names a file
// must stay one line, whatever the file is called.
func QuotePath(p string) string {
	if !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl) {
		return strconv.Quote(p)
	}
	return p
}

// DefaultMaxFileSize bounds the files that are read: configuration files
// are kilobytes, and a hostile tree must not make a lint job hold
// gigabytes in memory.
const DefaultMaxFileSize = 10 << 20

// NotRegularError is returned by ReadFile for a FIFO, a device, a socket
// or a folder: reading a FIFO would block forever, reading a device may
// never end.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
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
	return "not a regular file (" + kind + ")"
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
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkSize(info, limit); err != nil {
		return nil, err
	}
	r := io.Reader(f)
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(src)) > limit {
		return nil, &TooLargeError{Size: int64(len(src)), Limit: limit}
	}
	return src, nil
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
