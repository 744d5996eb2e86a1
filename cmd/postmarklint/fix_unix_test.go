//go:build unix

package main

import (
	"bytes"
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
	if uid := info.Sys().(*syscall.Stat_t).Uid; uid != 1234 {
		t.Errorf("the file now belongs to uid %d", uid)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Errorf("the file was rewritten")
	}
}
