package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFixExitCodes pins the exit codes of --fix and --diff: --diff exits 1
// when there is something to fix; --fix exits by what remains; --fix with
// --staged or with --diff is a usage error.
func TestFixExitCodes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, content string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	fixable := "POSTMARK_SERVER_TOKEN=\"" + goodToken + " \"\n"
	readOnly := write("f.env", fixable)
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}
	linked := write("g.env", fixable)
	if err := os.Link(linked, filepath.Join(dir, "g2.env")); err != nil {
		t.Fatal(err)
	}
	target := write("h.env", fixable)
	if err := os.Symlink(target, filepath.Join(dir, "h2.env")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"diff, something to fix", []string{"--diff", write("a.env", fixable)}, 1},
		{"diff, nothing to fix", []string{"--diff", write("b.env", "POSTMARK_SERVER_TOKEN="+goodToken+"\n")}, 0},
		{"fix, nothing remains", []string{"--fix", write("c.env", fixable)}, 0},
		{"fix, an unfixable error remains", []string{"--fix", write("d.env", "POSTMARK_SERVER_TOKEN=\""+badToken+" \"\n")}, 1},
		{"fix with staged", []string{"--fix", "--staged"}, 2},
		{"fix with diff", []string{"--fix", "--diff", write("e.env", fixable)}, 2},
		{"fix, a read-only file is refused", []string{"--fix", readOnly}, 1},
		{"fix, a hard-linked file is refused", []string{"--fix", linked}, 1},
		{"fix, a symlink to a file fixed in the run", []string{"--fix", "h2.env", target}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) { wantExit(t, tc.args, tc.want) })
	}
}
