package main

import (
	"bytes"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"postmarklint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: one command-line behaviour each.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"utf16":        utf16Cmd,
			"fakepostmark": fakePostmarkCmd,
		},
	})
}

// utf16Cmd is the script command "utf16 [-nobom] le|be SRC DST": it writes
// SRC as Windows PowerShell 5 writes text with >, a byte order mark then
// UTF-16; with -nobom as iconv -t UTF-16LE (or BE) does, without the mark.
func utf16Cmd(ts *testscript.TestScript, neg bool, args []string) {
	bom := true
	if len(args) > 0 && args[0] == "-nobom" {
		bom, args = false, args[1:]
	}
	if neg || len(args) != 3 || (args[0] != "le" && args[0] != "be") {
		ts.Fatalf("usage: utf16 [-nobom] le|be SRC DST")
	}
	big := args[0] == "be"
	var out []byte
	switch {
	case bom && big:
		out = []byte{0xFE, 0xFF}
	case bom:
		out = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(ts.ReadFile(args[1]))) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	dst := ts.MkAbs(args[2])
	ts.Check(os.MkdirAll(filepath.Dir(dst), 0o755))
	ts.Check(os.WriteFile(dst, out, 0o644))
}

// fakePostmarkCmd is the script command "fakepostmark": it serves the
// fake Postmark API (fakePostmark) until the script ends and points
// POSTMARK_API_URL at it, for the commands that follow to run --online.
func fakePostmarkCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: fakepostmark")
	}
	srv := httptest.NewServer(&fakePostmark{})
	ts.Defer(srv.Close)
	ts.Setenv("POSTMARK_API_URL", srv.URL)
}

const (
	goodToken = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	badToken  = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f1" // one character short
)

// wantExit runs the command and checks its exit code, and that it printed
// neither test token whole.
func wantExit(t *testing.T, args []string, want int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := run(args, strings.NewReader(""), &stdout, &stderr); got != want {
		t.Errorf("run(%q) = %d, want %d\nstderr: %s", args, got, want, stderr.String())
	}
	for _, out := range []string{stdout.String(), stderr.String()} {
		if strings.Contains(out, goodToken) || strings.Contains(out, badToken) {
			t.Errorf("run(%q) printed a whole token", args)
		}
	}
}

// TestExitCodes pins the exit codes: 0 clean, 1 findings at or above
// --fail-on, 2 usage errors and unreadable paths.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean/.env.production", "POSTMARK_SERVER_TOKEN="+goodToken+"\n")
	bad := write("bad/.env.production", "POSTMARK_SERVER_TOKEN="+badToken+"\n")
	upper := write("upper/.env.production", "POSTMARK_SERVER_TOKEN="+strings.ToUpper(goodToken)+"\n")
	binary := write("binary/.env", "POSTMARK\x00\x01")
	report := write("report/.env.production", "POSTMARK_SERVER_TOKEN="+badToken+"\n")
	base := write("base/.env.production", "POSTMARK_SERVER_TOKEN="+badToken+"\n")

	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"clean file", []string{clean}, 0},
		{"clean folder", []string{filepath.Dir(clean)}, 0},
		{"error finding", []string{bad}, 1},
		{"error finding, fail-on never", []string{"--fail-on", "never", bad}, 0},
		{"warning only", []string{upper}, 0},
		{"warning, fail-on warning", []string{"--fail-on", "warning", upper}, 1},
		{"missing path", []string{filepath.Join(dir, "nope")}, 2},
		{"missing path and a bad file", []string{filepath.Join(dir, "nope"), bad}, 2},
		{"binary file is skipped, not an error", []string{binary}, 0},
		{"unknown flag", []string{"--frobnicate"}, 2},
		{"unknown format", []string{"--format", "xml", clean}, 2},
		{"no-ignore walk", []string{"--no-ignore", filepath.Dir(clean)}, 0},
		{"no-ignore with stdin", []string{"--no-ignore", "--stdin", "--stdin-filename", ".env"}, 2},
		{"unknown fail-on", []string{"--fail-on", "sometimes", clean}, 2},
		{"help", []string{"-h"}, 0},
		{"rules", []string{"rules"}, 0},
		{"one rule", []string{"rules", "token-format"}, 0},
		{"unknown rule", []string{"rules", "no-such-rule"}, 2},
		{"rules help", []string{"rules", "--help"}, 0},
		{"unknown rules flag", []string{"rules", "--frobnicate"}, 2},
		{"install-hook help", []string{"install-hook", "-h"}, 0},
		{"unknown install-hook flag", []string{"install-hook", "--frobnicate"}, 2},
		{"version", []string{"version"}, 0},
		{"output is a file being linted", []string{"--output", report, filepath.Dir(report)}, 2},
		{"write-baseline is a file being linted", []string{"--write-baseline", base, base}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) { wantExit(t, tc.args, tc.want) })
	}
}

// TestStagedExitCodes pins --staged's exit codes where git is unusual: a
// staged file whose name holds a line break, and a bare repository with a
// separate work tree named by GIT_DIR and GIT_WORK_TREE. A bad token is a
// finding (1), never a failure to lint (2).
func TestStagedExitCodes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(p, content string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Skipf("cannot write %q here: %v", p, err)
		}
	}

	t.Run("line break in a staged name", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		git(dir, "init", "-q", ".")
		write(filepath.Join(dir, ".env.production"), "POSTMARK_SERVER_TOKEN="+badToken+"\n")
		write(filepath.Join(dir, "two\nlines.env"), "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n")
		git(dir, "add", ".")
		wantExit(t, []string{"--staged"}, 1)
	})

	t.Run("bare repository, separate work tree", func(t *testing.T) {
		base := t.TempDir()
		gitDir, home := filepath.Join(base, "dot.git"), filepath.Join(base, "home")
		git(base, "init", "-q", "--bare", gitDir)
		if err := os.Mkdir(home, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(home)
		t.Setenv("GIT_DIR", gitDir)
		t.Setenv("GIT_WORK_TREE", home)
		write(filepath.Join(home, ".env.production"), "POSTMARK_SERVER_TOKEN="+badToken+"\n")
		git(home, "add", ".env.production")
		wantExit(t, []string{"--staged"}, 1)
		write(filepath.Join(home, ".env.production"), "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n")
		git(home, "add", ".env.production")
		wantExit(t, []string{"--staged"}, 0)
	})
}

// TestFailedRunWritesNothing: a run that fails (exit 2: a path it could not
// read, a file over --max-file-size) leaves --output and --write-baseline
// files as they were, and says so; a report of what it did read would pass
// for the whole run.
func TestFailedRunWritesNothing(t *testing.T) {
	tempWD(t)
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN="+badToken+"\n"))
	writeFile(t, "big/.env", []byte("# "+strings.Repeat("postmark ", 300)+"\n"))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"missing path", []string{"--format", "sarif", "--output", "out", ".env.production", "nope"}},
		{"file too large", []string{"--max-file-size", "2KB", "--output", "out", "."}},
		{"baseline, missing path", []string{"--write-baseline", "out", ".env.production", "nope"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, "out", []byte("previous run\n"))
			var stdout, stderr bytes.Buffer
			if got := run(tc.args, strings.NewReader(""), &stdout, &stderr); got != exitError {
				t.Errorf("exit %d, want %d\nstderr: %s", got, exitError, stderr.String())
			}
			if b, _ := os.ReadFile("out"); string(b) != "previous run\n" {
				t.Errorf("out holds %q, want it untouched", b)
			}
			if !strings.Contains(stderr.String(), " out not written: the run failed (above)\n") {
				t.Errorf("stderr does not say out was not written:\n%s", stderr.String())
			}
		})
	}
	// The same run without the failing path writes it.
	if got := run([]string{"--output", "out", ".env.production"}, strings.NewReader(""), io.Discard, io.Discard); got != exitFindings {
		t.Fatalf("exit %d, want %d", got, exitFindings)
	}
	if b, _ := os.ReadFile("out"); !strings.Contains(string(b), "token-format") {
		t.Errorf("out holds %q, want the report", b)
	}
}
