package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hookScript is the plain git pre-commit hook: it lints what is staged.
const hookScript = `#!/bin/sh
# Installed by postmarklint install-hook: lint the staged .env, YAML and
# TOML files for Postmark token mistakes before each commit.
exec postmarklint --staged
`

// runInstallHook writes .git/hooks/pre-commit (where git looks for it,
// core.hooksPath included). An existing different hook is kept unless
// --force says otherwise.
func runInstallHook(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("postmarklint install-hook", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), "usage: postmarklint install-hook [--force]\n\ninstall a git pre-commit hook that runs postmarklint --staged\n\nflags:\n")
		flags.PrintDefaults()
	}
	force := flags.Bool("force", false, "replace an existing pre-commit hook")
	if err := parseFlagSet(flags, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError
	}
	if flags.NArg() > 0 {
		fmt.Fprintln(stderr, "postmarklint: usage: postmarklint install-hook [--force]")
		return exitError
	}
	out, err := exec.Command("git", "rev-parse", "--git-path", "hooks/pre-commit").Output()
	if err != nil {
		fmt.Fprintln(stderr, "postmarklint: install-hook: not inside a git work tree")
		return exitError
	}
	path := strings.TrimSpace(string(out))
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, []byte(hookScript)):
		fmt.Fprintf(stdout, "postmarklint: %s is already installed\n", path)
		return exitClean
	case err == nil && !*force:
		fmt.Fprintf(stderr, "postmarklint: %s exists and is not postmarklint's; keep it, add 'postmarklint --staged' to it, or replace it with --force\n", path)
		return exitError
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	if err := os.WriteFile(path, []byte(hookScript), 0o755); err != nil {
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	// WriteFile keeps the mode of a file it replaces.
	if err := os.Chmod(path, 0o755); err != nil {
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "postmarklint: installed %s (it runs postmarklint --staged; postmarklint must be on PATH)\n", path)
	return exitClean
}
