package driver_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/rules"
)

const (
	tokA = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	tokB = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
)

func messages(res *driver.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString(f.File.Path + ": " + f.Message + " (" + f.Rule.ID + ")\n")
	}
	return b.String()
}

// TestOverlay: an editor's unsaved buffers are read instead of the disk
// and count as siblings, so cross-file rules see what the editor shows.
func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(".env.staging", []byte("POSTMARK_SERVER_TOKEN="+tokB+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prod := []byte("POSTMARK_SERVER_TOKEN=" + tokA + "\n")

	// On disk, staging holds another token: nothing to say.
	opt := &driver.Options{Rules: rules.All}
	if got := messages(driver.Buffer(context.Background(), opt, ".env.production", prod)); got != "" {
		t.Fatalf("without an overlay: %s", got)
	}

	// The editor's unsaved staging buffer holds the production token.
	opt.Overlay = map[string][]byte{filepath.Join(dir, ".env.staging"): []byte("POSTMARK_SERVER_TOKEN=" + tokA + "\n")}
	got := messages(driver.Buffer(context.Background(), opt, ".env.production", prod))
	if !strings.Contains(got, ".env.production: same token as .env.staging:1 (staging)") {
		t.Errorf("an unsaved sibling that replaces the disk's: %q", got)
	}

	// A buffer the disk does not have yet is a sibling too.
	opt.Overlay = map[string][]byte{filepath.Join(dir, ".env.test"): []byte("POSTMARK_SERVER_TOKEN=" + tokA + "\n")}
	got = messages(driver.Buffer(context.Background(), opt, ".env.production", prod))
	if !strings.Contains(got, ".env.production: same token as .env.test:1 (test)") {
		t.Errorf("an unsaved new sibling: %q", got)
	}
}

// TestEntrances: the three entrances give one kind of result, callable
// without the command line.
func TestEntrances(t *testing.T) {
	t.Chdir(t.TempDir())
	src := []byte("POSTMARK_SERVER_TOKEN=\"" + tokA + " \"\n")
	if err := os.WriteFile(".env.production", src, 0o644); err != nil {
		t.Fatal(err)
	}
	opt := &driver.Options{Rules: rules.All}
	want := ".env.production: Postmark token ends with a space (token-whitespace)\n"
	if got := messages(driver.Paths(context.Background(), opt, []string{"."})); got != want {
		t.Errorf("Paths: %q, want %q", got, want)
	}
	if got := messages(driver.Buffer(context.Background(), opt, ".env.production", src)); got != want {
		t.Errorf("Buffer: %q, want %q", got, want)
	}
	res := driver.Staged(context.Background(), opt)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "git work tree") {
		t.Errorf("Staged outside git: errors %v", res.Errors)
	}
	if s := driver.Paths(context.Background(), opt, []string{"."}).Summary(); s.Files != 1 || s.Entries != 1 || s.Errors != 1 {
		t.Errorf("summary %+v", s)
	}
}

// TestOptionsCopied: a Result keeps the options it ran with; the caller
// (an editor server) may change its own afterwards.
func TestOptionsCopied(t *testing.T) {
	t.Chdir(t.TempDir())
	opt := &driver.Options{Rules: rules.All}
	res := driver.Buffer(context.Background(), opt, ".env.production", []byte("POSTMARK_SERVER_TOKEN=\"POSTMARK_API_TEST \"\n"))
	before := messages(res)
	opt.Rules = nil
	if _, fixed := res.FixBuffer(); fixed.Findings != 1 {
		t.Fatalf("fixed %d findings, want 1", fixed.Findings)
	}
	if got := messages(res); !strings.Contains(got, "test-token-in-production") {
		t.Errorf("before the fix:\n%safter it:\n%s\nwant the unfixable test-token-in-production finding to remain", before, got)
	}
}

// TestDir: a run stands in Options.Dir, not in the process's working
// directory: the configuration is found from there, siblings and git
// facts are read there, and paths are shown relative to it.
func TestDir(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Chdir(t.TempDir()) // somewhere else
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=a@b", "-c", "user.name=a"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	write(".postmarklint.yaml", "keys:\n  - MAILER_SECRET\n")
	write(".env.staging", "MAILER_SECRET="+tokA+"\n")
	write(".env.production", "MAILER_SECRET="+tokB+"\n")
	git("add", ".")
	git("commit", "-q", "-m", "init")

	opt := &driver.Options{Rules: rules.All, Dir: dir}
	// The buffer holds the staging token: only the configuration's keys:
	// make it an entry, only the sibling on disk makes it a mismatch, and
	// only git says the sibling's token is committed.
	src := []byte("MAILER_SECRET=" + tokA + "\n")
	got := messages(driver.Buffer(context.Background(), opt, filepath.Join(dir, ".env.production"), src))
	for _, want := range []string{
		".env.production: same token as .env.staging:1 (staging)",
		".env.production: Postmark token is committed to git (in HEAD as .env.staging)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Buffer with Dir: want %q in\n%s", want, got)
		}
	}
	// A relative name is relative to Dir too.
	if got2 := messages(driver.Buffer(context.Background(), opt, ".env.production", src)); got2 != got {
		t.Errorf("a relative name:\n%s\nwant\n%s", got2, got)
	}
	res := driver.Paths(context.Background(), opt, []string{"."})
	if len(res.Errors) > 0 || len(res.Linted()) != 2 || res.Linted()[0].Path != ".env.production" {
		t.Errorf("Paths with Dir: errors %v, files %v", res.Errors, res.Linted())
	}
}

// TestCancel: a cancelled run stops git and says so in Fatal; a run whose
// context is done reads nothing more.
func TestCancel(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A git that never answers.
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GIT_DIR", "")
	t.Setenv("GIT_WORK_TREE", "")
	opt := &driver.Options{Rules: rules.All, Dir: dir}
	src := []byte("POSTMARK_SERVER_TOKEN=" + tokA + "\n")

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := driver.Buffer(ctx, opt, ".env.production", src)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a cancelled run took %v: git was not stopped", took)
	}
	if !errors.Is(res.Fatal, context.DeadlineExceeded) {
		t.Errorf("Fatal = %v, want the context's error", res.Fatal)
	}

	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := os.WriteFile(filepath.Join(dir, ".env.staging"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	res = driver.Paths(done, &driver.Options{Rules: rules.All, Dir: dir}, []string{".env.staging"})
	if len(res.Files) != 0 || !errors.Is(res.Fatal, context.Canceled) {
		t.Errorf("a run cancelled before it starts read %d files, Fatal = %v", len(res.Files), res.Fatal)
	}
}

// TestSkipReasons: what a run leaves out on purpose comes with its reason
// as a value, for an editor to word; the command line's words stay.
func TestSkipReasons(t *testing.T) {
	t.Chdir(t.TempDir())
	opt := &driver.Options{Rules: rules.All, MaxFileSize: 16}
	for _, c := range []struct {
		src    string
		reason driver.SkipReason
		text   string
	}{
		{"POSTMARK_SERVER_TOKEN=" + tokA + "\n", driver.TooLarge, ".env.production: standard input is over the 16 bytes limit (--max-file-size), not linted"},
		{"A=\x00\n", driver.Binary, ".env.production: binary input (NUL byte), not linted"},
	} {
		res := driver.Buffer(context.Background(), opt, ".env.production", []byte(c.src))
		var skip *driver.Skip
		if len(res.Skipped) != 1 || !errors.As(res.Skipped[0], &skip) {
			t.Fatalf("skipped %v, want one *driver.Skip", res.Skipped)
		}
		if skip.Reason != c.reason || skip.Path != ".env.production" || !skip.Buffer || skip.Error() != c.text {
			t.Errorf("skip %+v (%q), want reason %d and %q", skip, skip.Error(), c.reason, c.text)
		}
	}
	if err := os.WriteFile(".env.staging", []byte("POSTMARK_SERVER_TOKEN="+tokA+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := driver.Paths(context.Background(), opt, []string{"."})
	var skip *driver.Skip
	if len(res.Skipped) != 1 || !errors.As(res.Skipped[0], &skip) || skip.Reason != driver.TooLarge || skip.Size != 59 || skip.Limit != 16 {
		t.Errorf("a walk's file over the limit: %v", res.Skipped)
	}
}
