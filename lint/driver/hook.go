package driver

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Hook is the git pre-commit hook of the repository around the working
// directory, where git runs it (core.hooksPath included).
type Hook struct {
	Path   string // where git looks for the hook
	Legacy string // where a replaced hook is kept: Path + ".legacy"
	Exists bool   // a hook (or a link to one) is there
}

// FindHook asks git where the pre-commit hook goes.
func FindHook() (*Hook, error) {
	out, err := exec.Command("git", "rev-parse", "--git-path", "hooks/pre-commit").Output()
	if err != nil {
		return nil, errors.New("not inside a git work tree")
	}
	h := &Hook{Path: strings.TrimSpace(string(out))}
	h.Legacy = h.Path + ".legacy"
	_, err = os.Lstat(h.Path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	h.Exists = err == nil
	return h, nil
}

// Holds reports whether the hook there is script already.
func (h *Hook) Holds(script string) bool {
	old, err := os.ReadFile(h.Path)
	return err == nil && bytes.Equal(old, []byte(script))
}

// LegacyTaken reports whether a replaced hook is kept already: a second
// replacement must not lose the first.
func (h *Hook) LegacyTaken() bool {
	_, err := os.Lstat(h.Legacy)
	return !errors.Is(err, fs.ErrNotExist)
}

// Install writes script as the hook, atomically and with mode 0755,
// first moving an existing one (the link itself, for a symbolic link,
// whose target is never written) to Legacy; if the hook cannot be
// written, the old one is put back.
func (h *Hook) Install(script string) error {
	if err := os.MkdirAll(filepath.Dir(h.Path), 0o755); err != nil {
		return err
	}
	if h.Exists {
		if err := os.Rename(h.Path, h.Legacy); err != nil {
			return err
		}
	}
	if err := ReplaceFile(h.Path, []byte(script), 0o755); err != nil {
		if h.Exists {
			os.Rename(h.Legacy, h.Path)
		}
		return err
	}
	return nil
}
