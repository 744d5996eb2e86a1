package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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
	return hooks
}

// TestHookDefinition pins the hooks, as gitleaks and actionlint offer
// them: one that builds with Go, one that runs the postmarklint on PATH,
// one that runs the release image; each the command itself, run once for
// all files, for exactly the files a walk lints.
func TestHookDefinition(t *testing.T) {
	hooks := readHooks(t)
	want := []hook{
		{ID: "postmarklint", Entry: "postmarklint", Language: "golang"},
		{ID: "postmarklint-system", Entry: "postmarklint", Language: "system"},
		{ID: "postmarklint-docker", Entry: dockerImage(t) + ":latest", Language: "docker_image"},
	}
	if len(hooks) != len(want) {
		t.Fatalf("%d hooks, want %d", len(hooks), len(want))
	}
	for i, h := range hooks {
		w := want[i]
		if h.ID != w.ID || h.Entry != w.Entry || h.Language != w.Language || !h.RequireSerial || h.Files != hooks[0].Files {
			t.Errorf("hook %d = %+v, want %s: entry %s, language %s, require_serial and the first hook's files", i, h, w.ID, w.Entry, w.Language)
		}
	}
	if pc, err := exec.LookPath("pre-commit"); err == nil {
		if out, err := exec.Command(pc, "validate-manifest", "../../.pre-commit-hooks.yaml").CombinedOutput(); err != nil {
			t.Errorf("pre-commit validate-manifest: %v\n%s", err, out)
		}
	}
	h := hooks[0]
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

// dockerImage is the image .goreleaser.yaml publishes, which the docker
// hook runs.
func dockerImage(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Dockers []struct {
			Images []string `yaml:"images"`
			Tags   []string `yaml:"tags"`
		} `yaml:"dockers_v2"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Dockers) != 1 || len(doc.Dockers[0].Images) != 1 {
		t.Fatalf(".goreleaser.yaml: want one dockers_v2 entry with one image (%v)", err)
	}
	if !slices.Contains(doc.Dockers[0].Tags, "{{ if not .Prerelease }}latest{{ end }}") {
		t.Errorf(".goreleaser.yaml does not tag releases latest, which the docker hook runs: %q", doc.Dockers[0].Tags)
	}
	return doc.Dockers[0].Images[0]
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
	needPreCommit(t)
	took := hookFlow(t, snapshot(t), "postmarklint", "repos:", "pre-commit try-repo", os.Getenv("PATH"))
	t.Logf("try-repo postmarklint (builds the hook) on a bad file: %v", took)
}

// TestPreCommitSystem runs the system hook through pre-commit, as a user
// who installed a release binary does: nothing is built, the postmarklint
// on PATH runs. Without one on PATH, the hook fails and says why.
func TestPreCommitSystem(t *testing.T) {
	needPreCommit(t)
	// Built as a release is (.goreleaser.yaml), into a folder of its own.
	bin := goBuild(t, "../..", []string{"CGO_ENABLED=0"}, "-trimpath")
	root := snapshot(t)
	others := pathWithout(t, "postmarklint")
	took := hookFlow(t, root, "postmarklint-system", "# With postmarklint on PATH", "", filepath.Dir(bin)+string(os.PathListSeparator)+others)
	t.Logf("try-repo postmarklint-system on a bad file: %v", took)

	r := newHookRepo(t, others)
	r.write(".env.production", "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n")
	r.must("git", "add", ".")
	out, err := r.run("pre-commit", "try-repo", root, "postmarklint-system", "--color", "never")
	if err == nil || !strings.Contains(out, "Executable `postmarklint` not found") {
		t.Errorf("the system hook without postmarklint on PATH (%v):\n%s", err, out)
	}
}

func needPreCommit(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the hook with pre-commit; skipped in -short mode")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit; .ci/run does)")
	}
}

// pathWithout is PATH less the folders that hold an executable of that
// name.
func pathWithout(t *testing.T, name string) string {
	t.Helper()
	var keep []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			keep = append(keep, dir)
		}
	}
	return strings.Join(keep, string(os.PathListSeparator))
}

// hookRepo is a fresh git repository that a hook runs in, with a
// pre-commit cache of its own and the given PATH.
type hookRepo struct {
	t   *testing.T
	dir string
	env []string
}

func newHookRepo(t *testing.T, path string) *hookRepo {
	t.Helper()
	env := append(os.Environ(), "PRE_COMMIT_HOME="+filepath.Join(t.TempDir(), "cache"), "NO_COLOR=1", "PATH="+path)
	r := &hookRepo{t: t, dir: t.TempDir(), env: env}
	r.must("git", "init", "-q", ".")
	return r
}

func (r *hookRepo) run(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (r *hookRepo) must(name string, args ...string) {
	r.t.Helper()
	if out, err := r.run(name, args...); err != nil {
		r.t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func (r *hookRepo) write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *hookRepo) commit() (string, error) {
	return r.run("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
}

// hookFlow runs one hook of the repository at root the ways a user does:
// try-repo on a staged bad .env.production fails with the finding and
// leaves other files alone; the README's configuration (the block that
// starts with readmeFirst), pinned by pre-commit autoupdate and
// installed, blocks the commit; the README's try-repo command (the block
// that starts with tryRepoFirst, if not "") checks every file with
// --all-files when nothing is staged; a clean file passes. It returns how
// long the first try-repo took.
func hookFlow(t *testing.T, root, id, readmeFirst, tryRepoFirst, path string) time.Duration {
	t.Helper()
	r := newHookRepo(t, path)
	r.write(".env.production", "POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n")
	r.write("notes.txt", "POSTMARK_SERVER_TOKEN=broken\n")
	r.must("git", "add", ".")

	start := time.Now()
	out, err := r.run("pre-commit", "try-repo", root, id, "--color", "never")
	took := time.Since(start)
	if err == nil {
		t.Fatalf("hook %s passed on a bad .env.production:\n%s", id, out)
	}
	for _, want := range []string{".env.production:1:24: error: Postmark token ends with a space (token-whitespace)", "Failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("%s: pre-commit output lacks %q:\n%s", id, want, out)
		}
	}
	if strings.Contains(out, "notes.txt") || strings.Contains(out, "3f0c9a51-7d2e") {
		t.Errorf("%s linted a file it should not, or printed a token:\n%s", id, out)
	}

	// The README's configuration, as written but for the repository's
	// address: rev: main, then pre-commit autoupdate pins a commit hash.
	conf := strings.ReplaceAll(readmeBlock(t, readmeFirst), "https://github.com/postmarklint/postmarklint", root)
	if !strings.Contains(conf, "- id: "+id+"\n") {
		t.Fatalf("the README block starting %q does not configure hook %s:\n%s", readmeFirst, id, conf)
	}
	r.write(".pre-commit-config.yaml", conf)
	r.must("pre-commit", "autoupdate")
	pinned, _ := os.ReadFile(filepath.Join(r.dir, ".pre-commit-config.yaml"))
	if !regexp.MustCompile(`rev: [0-9a-f]{40}\b`).Match(pinned) {
		t.Errorf("pre-commit autoupdate did not pin a commit hash:\n%s", pinned)
	}
	r.must("pre-commit", "install")
	r.must("git", "add", ".pre-commit-config.yaml")
	if out, err := r.commit(); err == nil || !strings.Contains(out, "token-whitespace") {
		t.Errorf("the installed %s hook let a bad .env.production be committed (%v):\n%s", id, err, out)
	}
	r.must("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--no-verify", "-m", "bad")

	if tryRepoFirst != "" {
		tryRepo := strings.Fields(strings.ReplaceAll(readmeBlock(t, tryRepoFirst), "https://github.com/postmarklint/postmarklint", root))
		if out, err := r.run(tryRepo[0], append(tryRepo[1:], "--color", "never")...); err == nil || !strings.Contains(out, "token-whitespace") {
			t.Errorf("try-repo --all-files passed a committed bad .env.production (%v):\n%s", err, out)
		}
	}

	r.write(".env.production", "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n")
	r.must("git", "add", ".")
	if out, err := r.run("pre-commit", "try-repo", root, id, "--color", "never"); err != nil {
		t.Fatalf("hook %s failed on a clean .env.production: %v\n%s", id, err, out)
	}
	if out, err := r.commit(); err != nil {
		t.Fatalf("the installed %s hook blocked a clean commit: %v\n%s", id, err, out)
	}
	return took
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
