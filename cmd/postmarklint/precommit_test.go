package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

type hook struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	RequireSerial bool   `yaml:"require_serial"`
	Stages        []string
}

func readHooks(t *testing.T) []hook {
	t.Helper()
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 {
		t.Fatalf("want one hook, got %d", len(hooks))
	}
	return hooks
}

// TestHookDefinition pins the hook: a golang hook whose entry is the
// command, run once for all files, for exactly the files a walk lints.
func TestHookDefinition(t *testing.T) {
	h := readHooks(t)[0]
	if h.ID != "postmarklint" || h.Entry != "postmarklint" || h.Language != "golang" || !h.RequireSerial {
		t.Errorf("hook = %+v", h)
	}
	// pre-commit uses Python's re.search; this pattern is in the subset
	// where Go's regexp agrees.
	re := regexp.MustCompile(h.Files)
	for path, want := range map[string]bool{
		".env":                        true,
		".env.production":             true,
		"config/.env.staging":         true,
		"deploy/eu.env":               true,
		"config.yaml":                 true,
		"k8s/base/deployment.yml":     true,
		"wrangler.toml":               true,
		"a/b/c/pyproject.toml":        true,
		".github/workflows/ci.yml":    true,
		"README.en.md":                false,
		".envrc":                      false,
		"env.go":                      false,
		"environment.ts":              false,
		"src/env/index.js":            false,
		"config.yaml.bak":             false,
		"docs/yaml-guide.md":          false,
		"toml.go":                     false,
		".environment":                false,
		"cmd/postmarklint/run.go":     false,
		"testdata/script/stdin.txtar": false,
	} {
		if got := re.MatchString(path); got != want {
			t.Errorf("files pattern on %q = %v, want %v", path, got, want)
		}
	}
}

// snapshot copies the checkout as it is now (tracked files and untracked
// ones git does not ignore) into a fresh repository with one commit, so
// that pre-commit builds exactly what is being tested; try-repo on the
// checkout itself would leave new, uncommitted files out.
func snapshot(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command("git", "-C", src, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): pre-commit needs one to build the hook from", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			continue // listed but deleted in the work tree
		}
		p := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main", "."}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "snapshot"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dst
}

// TestPreCommit runs the hook through the pre-commit framework, the way
// users install it: a bad staged .env.production fails the commit with
// the finding, a clean one passes. It builds the hook from a snapshot of
// this checkout (pre-commit try-repo), so it needs pre-commit and the Go
// module proxy; .ci/run installs pre-commit.
func TestPreCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hook with pre-commit; skipped in -short mode")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit; .ci/run does)")
	}
	root := snapshot(t)
	dir := t.TempDir()
	env := append(os.Environ(), "PRE_COMMIT_HOME="+filepath.Join(t.TempDir(), "cache"), "NO_COLOR=1")
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(name string, args ...string) {
		if out, err := run(name, args...); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must("git", "init", "-q", ".")
	write(".env.production", "POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n")
	write("notes.txt", "POSTMARK_SERVER_TOKEN=broken\n")
	must("git", "add", ".")
	commit := func() (string, error) {
		return run("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
	}

	out, err := run("pre-commit", "try-repo", root, "postmarklint", "--color", "never")
	if err == nil {
		t.Fatalf("hook passed on a bad .env.production:\n%s", out)
	}
	for _, want := range []string{".env.production:1:24: error: Postmark token ends with a space (token-whitespace)", "Failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("pre-commit output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "notes.txt") || strings.Contains(out, "3f0c9a51-7d2e") {
		t.Errorf("hook linted a file it should not, or printed a token:\n%s", out)
	}

	// The README's configuration, as written but for the repository's
	// address: rev: main, then pre-commit autoupdate pins a commit hash.
	write(".pre-commit-config.yaml", strings.ReplaceAll(readmeBlock(t, "repos:"), "https://github.com/postmarklint/postmarklint", root))
	must("pre-commit", "autoupdate")
	conf, _ := os.ReadFile(filepath.Join(dir, ".pre-commit-config.yaml"))
	if !regexp.MustCompile(`rev: [0-9a-f]{40}\b`).Match(conf) {
		t.Errorf("pre-commit autoupdate did not pin a commit hash:\n%s", conf)
	}
	must("pre-commit", "install")
	must("git", "add", ".pre-commit-config.yaml")
	if out, err := commit(); err == nil || !strings.Contains(out, "token-whitespace") {
		t.Errorf("the installed hook let a bad .env.production be committed (%v):\n%s", err, out)
	}
	must("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--no-verify", "-m", "bad")

	// Nothing is staged now: the README's try-repo command still checks
	// every file with --all-files.
	tryRepo := strings.Fields(strings.ReplaceAll(readmeBlock(t, "pre-commit try-repo"), "https://github.com/postmarklint/postmarklint", root))
	if out, err := run(tryRepo[0], append(tryRepo[1:], "--color", "never")...); err == nil || !strings.Contains(out, "token-whitespace") {
		t.Errorf("try-repo --all-files passed a committed bad .env.production (%v):\n%s", err, out)
	}

	write(".env.production", "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n")
	must("git", "add", ".")
	if out, err := run("pre-commit", "try-repo", root, "postmarklint", "--color", "never"); err != nil {
		t.Fatalf("hook failed on a clean .env.production: %v\n%s", err, out)
	}
	if out, err := commit(); err != nil {
		t.Fatalf("the installed hook blocked a clean commit: %v\n%s", err, out)
	}
}

// readmeBlock returns the README's fenced code block that starts with the
// given line.
func readmeBlock(t *testing.T, first string) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "```")[1:] {
		_, body, _ := strings.Cut(block, "\n") // past the info string
		if strings.HasPrefix(body, first) {
			return body
		}
	}
	t.Fatalf("README.md has no code block starting with %q", first)
	return ""
}
