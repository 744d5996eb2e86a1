package driver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/postmarklint/postmarklint/lint"
)

// writeFixed writes a file's fixes in place without losing anything: it
// refuses a file that does not load, a symlink, a file outside the work
// tree, a read-only or hard-linked file, and a file that changed since it
// was read; it writes a temporary file in the same folder with the
// original's mode, owner and group, syncs it and renames it over the
// original (see replace), so that a crash leaves the original or the
// fixed file under its name, never half of one.
func writeFixed(p *Plan, path, root string) error {
	if p.Err != nil {
		return p.Err
	}
	info, err := os.Lstat(path)
	switch {
	case err != nil:
		return err
	case info.Mode()&os.ModeSymlink != 0:
		return errors.New("it is a symlink; fix the file it points to by name")
	case !info.Mode().IsRegular():
		return errors.New("it is not a regular file")
	case info.Mode().Perm()&0o222 == 0:
		// By the mode, not by trying: root can write anything.
		return fmt.Errorf("it is read-only (mode %04o); make it writable to fix it", info.Mode().Perm())
	case links(info) > 1:
		return fmt.Errorf("it has %d hard links; a rewrite would leave the other names with the old value, so fix it by hand", links(info))
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
	orig, err := openOriginal(real, p.File.Src, info)
	if err != nil {
		return err
	}
	defer orig.f.Close()
	return orig.replace(lint.ApplyEdits(p.File.Src, p.Edits))
}

var (
	errChanged      = errors.New("it changed on disk while being linted; run again")
	errChangedLater = errors.New("it changed on disk while being fixed; the other program's version is kept; run again")
)

// fixHook lets tests act as another program writing the file at a stage
// of replace: "written" once the fixed copy is on disk, "renaming" right
// before the rename.
var fixHook = func(stage string) {}

// exchange swaps two files' names at once (exchangeNames); tests replace
// it to take the path of systems that cannot.
var exchange = exchangeNames

// original is a file that --fix replaces, held open from the moment its
// bytes are checked until after the rename, so that a write by another
// program (an editor saving in place) is seen whenever it lands.
type original struct {
	path string
	f    *os.File
	info os.FileInfo // when its bytes were checked
	src  []byte      // the bytes that were linted
}

// openOriginal opens path, which Lstat described as was, and checks that
// it still holds the bytes that were linted.
func openOriginal(path string, src []byte, was os.FileInfo) (*original, error) {
	// Non-blocking: a FIFO put in its place since must not hang the run.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	o := &original{path: path, f: f, info: info, src: src}
	if err != nil || !os.SameFile(info, was) || o.changed() {
		f.Close()
		return nil, errChanged
	}
	return o, nil
}

// changed reports whether the open file no longer holds the bytes that
// were linted, or its size or modification time moved since they were
// checked (a write of the same bytes in the same clock tick is no loss).
func (o *original) changed() bool {
	now, err := o.f.Stat()
	if err != nil || now.Size() != o.info.Size() || !now.ModTime().Equal(o.info.ModTime()) {
		return true
	}
	cur, err := o.contents(int64(len(o.src)) + 1)
	return err != nil || !bytes.Equal(cur, o.src)
}

// named reports whether the path still names the file held open, not a
// new one that an editor saving by rename put there.
func (o *original) named() bool {
	now, err := os.Lstat(o.path)
	return err == nil && os.SameFile(now, o.info)
}

// contents reads up to limit bytes of the open file from its start.
func (o *original) contents(limit int64) ([]byte, error) {
	return io.ReadAll(io.NewSectionReader(o.f, 0, limit))
}

// replace writes data over the original. The checks are repeated once
// the fixed copy is written and synced, right before it takes the
// original's place, and the path must still name the file held open (an
// editor that saves by rename makes a new one). An edit can still land in
// the instant between the last check and the rename; it is not lost:
// where the system swaps two names at once, the fixed copy is swapped
// with whatever the path names, and swapped back if that was not the
// original as linted; elsewhere the fixed copy is renamed over the path
// and a write that landed in the original held open is copied back.
func (o *original) replace(data []byte) error {
	dir := filepath.Dir(o.path)
	tmp, err := writeTemp(dir, data, o.info.Mode(), o.info)
	if err != nil {
		return err
	}
	fixHook("written")
	ours, err := os.Lstat(tmp)
	if err == nil && (o.changed() || !o.named()) {
		err = errChanged
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	fixHook("renaming")
	switch err := exchange(tmp, o.path); {
	case errors.Is(err, errors.ErrUnsupported):
		return o.renameOver(tmp, ours)
	case err != nil:
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	// tmp now names what the path held at the swap.
	if now, err := os.Lstat(tmp); err == nil && os.SameFile(now, o.info) && !o.changed() {
		os.Remove(tmp)
		return nil
	}
	if now, err := os.Lstat(o.path); err == nil && !os.SameFile(now, ours) {
		os.Remove(tmp) // saved again since the swap: newer still
		return errChangedLater
	}
	if err := exchange(tmp, o.path); err != nil {
		return fmt.Errorf("it changed on disk while being fixed; the other program's version is in %s: %w", tmp, err)
	}
	os.Remove(tmp)
	syncDir(dir)
	return errChangedLater
}

// renameOver is the end of replace where two names cannot be swapped:
// the fixed copy is renamed over the path, and a write that landed in
// the original since the last check is copied back.
func (o *original) renameOver(tmp string, ours os.FileInfo) error {
	if err := os.Rename(tmp, o.path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(o.path))
	if !o.changed() {
		return nil
	}
	theirs, err := o.contents(math.MaxInt64)
	if err == nil {
		err = o.putBack(theirs, ours)
	}
	if err != nil {
		return fmt.Errorf("it changed on disk while being fixed, and the other program's version could not be put back: %w", err)
	}
	return errChangedLater
}

// putBack writes what another program saved into the original over the
// fixed file, unless the path no longer names the fixed file: then it
// has been saved again since, which is newer still.
func (o *original) putBack(theirs []byte, ours os.FileInfo) error {
	now, err := os.Lstat(o.path)
	if err != nil || !os.SameFile(now, ours) || now.Size() != ours.Size() {
		return nil
	}
	tmp, err := writeTemp(filepath.Dir(o.path), theirs, o.info.Mode(), o.info)
	if err == nil {
		err = os.Rename(tmp, o.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(o.path))
	return nil
}

// writeTemp writes data to a new synced file in dir with mode's
// permission bits and, when like is not nil, like's owner and group, and
// returns its name.
func writeTemp(dir string, data []byte, mode os.FileMode, like os.FileInfo) (string, error) {
	tmp, err := os.CreateTemp(dir, ".postmarklint.*.tmp") // no run of letters and digits that RedactText would cut
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil && like != nil {
		err = keepOwner(tmp, like)
	}
	if err == nil {
		// After the chown, which clears the setuid and setgid bits.
		err = tmp.Chmod(mode & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky))
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// keepOwner gives the new file like's owner and group: run as root, a
// rewrite would otherwise hand an app's .env to root, and the app could
// no longer read it.
func keepOwner(f *os.File, like os.FileInfo) error {
	uid, gid, ok := owner(like)
	if !ok {
		return nil
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if u, g, _ := owner(info); u == uid && g == gid {
		return nil
	}
	if err := f.Chown(uid, gid); err != nil {
		return fmt.Errorf("it belongs to uid %d and gid %d, which a rewrite by this user cannot keep; fix it as its owner or as root", uid, gid)
	}
	return nil
}

// ReplaceFile writes a new file at path with mode, atomically: a temporary
// file in the same folder renamed over whatever path named before.
func ReplaceFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := writeTemp(filepath.Dir(path), data, mode, nil)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename durable; some systems cannot sync a folder, and
// the data is already safe under one name or the other.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func within(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
