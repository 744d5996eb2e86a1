//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFixKeepsOwner: run as root (containers, CI, sudo), --fix gives the
// rewritten file back to its owner and group, or the app that reads it
// can no longer do so.
func TestFixKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot give a file to another user to check that --fix keeps its owner")
	}
	t.Chdir(t.TempDir())
	const name = ".env.production"
	if err := os.WriteFile(name, []byte("POSTMARK_SERVER_TOKEN=\""+goodToken+" \"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(name, 1234, 1234); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o640); err != nil {
		t.Fatal(err)
	}
	wantExit(t, []string{"--fix", name}, 0)
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != 1234 || st.Gid != 1234 || info.Mode().Perm() != 0o640 {
		t.Errorf("after --fix: owner %d:%d, mode %04o; want 1234:1234, 0640", st.Uid, st.Gid, info.Mode().Perm())
	}
	if got, _ := os.ReadFile(name); string(got) != "POSTMARK_SERVER_TOKEN=\""+goodToken+"\"\n" {
		t.Errorf("file not fixed")
	}
}

// TestFixKeepsConcurrentEdit saves the file, as an editor does, while
// --fix works on it: once the fixed copy is written, and in the last
// instant before it takes the original's place; in place (truncate and
// write) and by rename; where two names can be swapped at once (Linux)
// and where they cannot. The edit must survive and the finding stay.
func TestFixKeepsConcurrentEdit(t *testing.T) {
	const name = ".env.production"
	orig := "POSTMARK_SERVER_TOKEN=\"" + goodToken + " \"\n"
	edit := orig + "MAIL_FROM=edited@example.com\n"
	saves := map[string]func() error{
		"in place": func() error { return writeInPlace(name, edit) },
		"by rename": func() error {
			if err := os.WriteFile(name+".new", []byte(edit), 0o644); err != nil {
				return err
			}
			return os.Rename(name+".new", name)
		},
	}
	for _, swap := range []bool{true, false} {
		for _, stage := range []string{"written", "renaming"} {
			for how, save := range saves {
				if !swap && stage == "renaming" && how == "by rename" {
					continue // the one edit a plain rename cannot see (see replace)
				}
				t.Run(fmt.Sprintf("swap=%v/%s/%s", swap, stage, how), func(t *testing.T) {
					t.Chdir(t.TempDir())
					if err := os.WriteFile(name, []byte(orig), 0o644); err != nil {
						t.Fatal(err)
					}
					fixHook = func(s string) {
						if s == stage {
							if err := save(); err != nil {
								t.Error(err)
							}
						}
					}
					if !swap {
						exchange = func(a, b string) error { return errors.ErrUnsupported }
					}
					t.Cleanup(func() { fixHook, exchange = func(string) {}, exchangeNames })
					var stdout, stderr bytes.Buffer
					code := run([]string{"--fix", name}, strings.NewReader(""), &stdout, &stderr)
					if got, _ := os.ReadFile(name); string(got) != edit {
						t.Errorf("the concurrent edit was lost: the file holds %d bytes, want %d", len(got), len(edit))
					}
					if code != exitFindings || !strings.Contains(stderr.String(), "postmarklint: .env.production: not fixed: it changed on disk") {
						t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
					}
					if left, _ := filepath.Glob(".postmarklint.*"); len(left) > 0 {
						t.Errorf("left behind: %q", left)
					}
				})
			}
		}
	}
}

func writeInPlace(name, content string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// TestFixRefusesLostOwner: run by a user who cannot give the file back to
// its owner (it is group-writable), --fix refuses with one line instead of
// handing the file to that user.
func TestFixRefusesLostOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot set up a file of another user to check that --fix refuses it")
	}
	// The test binary runs as postmarklint (see TestMain) under uid and
	// gid 4321, from folders that user can enter.
	dir, err := os.MkdirTemp("", "postmarklint-owner-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	exe := filepath.Join(dir, "postmarklint")
	src, err := os.ReadFile(os.Args[0])
	if err == nil {
		err = os.WriteFile(exe, src, 0o755)
	}
	if err == nil {
		err = os.Chmod(dir, 0o777)
	}
	if err != nil {
		t.Fatal(err)
	}
	const name = ".env.production"
	orig := "POSTMARK_SERVER_TOKEN=\"" + goodToken + " \"\n"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(orig), 0o664); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 1234, 4321); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--fix", name)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 4321, Gid: 4321}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitFindings {
		t.Fatalf("exit %d (%v), stderr:\n%s", code, err, stderr.String())
	}
	want := "postmarklint: .env.production: not fixed: it belongs to uid 1234 and gid 4321, which a rewrite by this user cannot keep; fix it as its owner or as root\n"
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant the line:\n%s", stderr.String(), want)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if uid, _, _ := owner(info); uid != 1234 {
		t.Errorf("the file now belongs to uid %d", uid)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Errorf("the file was rewritten")
	}
}
