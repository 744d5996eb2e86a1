package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/postmarklint/postmarklint/lint/driver"
)

// hookScript is the plain git pre-commit hook: it lints what is staged.
const hookScript = `#!/bin/sh
# Installed by postmarklint install-hook: lint the staged configuration
# files for Postmark token mistakes before each commit.
exec postmarklint --staged
`

// runInstallHook writes .git/hooks/pre-commit (where git looks for it,
// core.hooksPath included). An existing different hook is kept unless
// --force says otherwise; even then it is moved aside to pre-commit.legacy
// (the pre-commit framework's name for it), never written through: a
// symbolic link to the team's tracked hook script stays as it was.
func runInstallHook(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("postmarklint install-hook", flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), "usage: postmarklint install-hook [--force]\n\ninstall a git pre-commit hook that runs postmarklint --staged\n\nflags:\n")
		flags.PrintDefaults()
	}
	force := flags.Bool("force", false, "replace an existing pre-commit hook, keeping it as pre-commit.legacy")
	if code, done := parseSubcommand(flags, args, stderr); done {
		return code
	}
	if flags.NArg() > 0 {
		fmt.Fprintln(stderr, "postmarklint: usage: postmarklint install-hook [--force]")
		return exitError
	}
	h, err := driver.FindHook()
	if err != nil {
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	path, legacy := h.Path, h.Legacy
	if h.Exists {
		if h.Holds(hookScript) {
			fmt.Fprintf(stdout, "postmarklint: %s is already installed\n", path)
			return exitClean
		}
		if !*force {
			fmt.Fprintf(stderr, "postmarklint: %s exists and is not postmarklint's; keep it, add 'postmarklint --staged' to it, or replace it with --force (it is kept as %s)\n", path, legacy)
			return exitError
		}
		if h.LegacyTaken() {
			fmt.Fprintf(stderr, "postmarklint: %s exists, and replacing %s would need its name for a backup; move one of them away first (nothing was changed)\n", legacy, path)
			return exitError
		}
	}
	if err := h.Install(hookScript); err != nil {
		fmt.Fprintf(stderr, "postmarklint: install-hook: %v\n", err)
		return exitError
	}
	if h.Exists {
		fmt.Fprintf(stdout, "postmarklint: moved the previous hook to %s (it no longer runs)\n", legacy)
	}
	fmt.Fprintf(stdout, "postmarklint: installed %s (it runs postmarklint --staged; postmarklint must be on PATH)\n", path)
	return exitClean
}
