package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// The GitHub Action (action.yml) runs here as a runner would run it: its
// composite steps in order, each a bash script with the step's env, the
// ${{ }} expressions they use filled in, and GITHUB_OUTPUT, GITHUB_PATH
// and GITHUB_STEP_SUMMARY files read back. Releases come from a fake
// release folder laid out as goreleaser and GitHub lay them out, served
// by an httptest server.

// fakeRelease builds postmarklint as .goreleaser.yaml does, stamped with
// version, and returns the folder that /download/v<version>/ serves: the
// archive for this machine's OS and architecture, named as the config
// names it, and the checksums file.
func fakeRelease(t *testing.T, version string) (dir, archive, sums string) {
	t.Helper()
	g := readGoreleaser(t)
	exe, err := os.ReadFile(releaseBuild(t, version))
	if err != nil {
		t.Fatal(err)
	}
	name := func(tmpl string) string {
		out := strings.NewReplacer("{{ .ProjectName }}", "postmarklint", "{{ .Version }}", version, "{{ .Os }}", runtime.GOOS, "{{ .Arch }}", runtime.GOARCH).Replace(tmpl)
		if strings.Contains(out, "{{") {
			t.Fatalf("a name template this test does not fill in: %s", tmpl)
		}
		return out
	}
	a := g.Archives[0]
	format := a.Formats[0]
	for _, o := range a.FormatOverrides {
		if o.Goos == runtime.GOOS {
			format = o.Formats[0]
		}
	}
	exeName := "postmarklint"
	if runtime.GOOS == "windows" {
		exeName += ".exe"
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	switch format {
	case "tar.gz":
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		for _, f := range []struct {
			name string
			data []byte
			mode int64
		}{{"README.md", readme, 0o644}, {exeName, exe, 0o755}} {
			if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
				t.Fatal(err)
			}
			tw.Write(f.data)
		}
		tw.Close()
		gz.Close()
	case "zip":
		zw := zip.NewWriter(&buf)
		for name, data := range map[string][]byte{"README.md": readme, exeName: exe} {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
		}
		zw.Close()
	default:
		t.Fatalf("archive format %s", format)
	}
	archive = name(a.NameTemplate) + "." + format
	sums = name(g.Checksum.NameTemplate)
	if g.Checksum.Algorithm != "sha256" {
		t.Fatalf("checksum algorithm %q; the action checks sha256", g.Checksum.Algorithm)
	}
	dir = filepath.Join(t.TempDir(), "v"+version)
	writeFile(t, filepath.Join(dir, archive), buf.Bytes())
	other := []byte("not this platform's archive")
	writeFile(t, filepath.Join(dir, "postmarklint_"+version+"_plan9_mips.tar.gz"), other)
	// goreleaser's checksums file: "<sha256>  <name>" per artifact, sorted.
	writeFile(t, filepath.Join(dir, sums), fmt.Appendf(nil, "%x  %s\n%x  %s\n", sha256.Sum256(buf.Bytes()), archive, sha256.Sum256(other), "postmarklint_"+version+"_plan9_mips.tar.gz"))
	return dir, archive, sums
}

// releaseServer serves release folders as GitHub does: /latest redirects
// to /tag/<latest>, /download/<tag>/<file> is the file.
func releaseServer(t *testing.T, latest string, releases ...string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/latest" && latest != "":
			http.Redirect(w, r, "/tag/"+latest, http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/tag/"):
			fmt.Fprintln(w, "<html>release page</html>")
		case strings.HasPrefix(r.URL.Path, "/download/"):
			tag, file, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/download/"), "/")
			for _, dir := range releases {
				if filepath.Base(dir) == tag && !strings.Contains(file, "/") {
					http.ServeFile(w, r, filepath.Join(dir, file))
					return
				}
			}
			http.NotFound(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// actionStep is one composite step of action.yml.
type actionStep struct {
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Uses  string            `yaml:"uses"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

// actionRun is what one run of the action did.
type actionRun struct {
	failed  bool                         // a step failed
	stdout  string                       // all steps' output, stderr included
	outputs map[string]map[string]string // per step id
	uses    map[string]map[string]string // a uses: step that would run, with its inputs
	summary string                       // GITHUB_STEP_SUMMARY
	action  map[string]string            // the action's outputs
}

// runAction runs action.yml's steps in workspace with the given inputs
// and extra environment.
func runAction(t *testing.T, workspace string, inputs map[string]string, env ...string) *actionRun {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var act actionFile
	if err := yaml.Unmarshal(data, &act); err != nil {
		t.Fatal(err)
	}
	if act.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite (no Docker)", act.Runs.Using)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	temp := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"GITHUB_PATH", "GITHUB_STEP_SUMMARY"} {
		files[name] = filepath.Join(temp, strings.ToLower(name))
		writeFile(t, files[name], nil)
	}
	res := &actionRun{outputs: map[string]map[string]string{}, uses: map[string]map[string]string{}, action: map[string]string{}}
	expr := regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
	value := func(ref string) string {
		switch {
		case strings.HasPrefix(ref, "inputs."):
			name := strings.TrimPrefix(ref, "inputs.")
			in, ok := act.Inputs[name]
			if !ok {
				t.Fatalf("action.yml uses undeclared input %s", name)
			}
			if v, ok := inputs[name]; ok {
				return v
			}
			return in.Default
		case strings.HasPrefix(ref, "steps."):
			id, rest, _ := strings.Cut(strings.TrimPrefix(ref, "steps."), ".outputs.")
			return res.outputs[id][rest]
		}
		t.Fatalf("action.yml uses ${{ %s }}, which this test does not know", ref)
		return ""
	}
	fill := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string { return value(expr.FindStringSubmatch(m)[1]) })
	}
	// cond evaluates the conditions action.yml writes: terms joined by
	// &&, each always(), success() or a comparison with a quoted string.
	cond := func(s string) bool {
		s = strings.TrimSpace(s)
		if m := expr.FindStringSubmatch(s); m != nil && m[0] == s {
			s = m[1]
		}
		ok := !res.failed
		if s == "" {
			return ok
		}
		for _, term := range strings.Split(s, "&&") {
			term = strings.TrimSpace(term)
			switch {
			case term == "always()":
				ok = true
			case term == "success()":
			case strings.Contains(term, "=="), strings.Contains(term, "!="):
				neg := strings.Contains(term, "!=")
				l, r, _ := strings.Cut(strings.Replace(term, "!=", "==", 1), "==")
				if (value(strings.TrimSpace(l)) == strings.Trim(strings.TrimSpace(r), "'")) == neg {
					return false
				}
			default:
				t.Fatalf("condition %q: this test does not know %q", s, term)
			}
		}
		return ok
	}
	path := os.Getenv("PATH")
	for i, st := range act.Runs.Steps {
		if !cond(st.If) {
			continue
		}
		if st.Uses != "" {
			with := map[string]string{}
			for k, v := range st.With {
				with[k] = fill(v)
			}
			res.uses[st.Uses] = with
			continue
		}
		if st.Shell != "bash" {
			t.Fatalf("step %d: shell %q; bash is on every runner", i, st.Shell)
		}
		out := filepath.Join(temp, fmt.Sprintf("output-%d", i))
		writeFile(t, out, nil)
		cmd := exec.Command("bash", "-c", st.Run)
		cmd.Dir = workspace
		cmd.Env = append(os.Environ(), env...)
		cmd.Env = append(cmd.Env, "PATH="+path, "GITHUB_ACTION_PATH="+root, "GITHUB_OUTPUT="+out, "RUNNER_TEMP="+temp,
			"GITHUB_PATH="+files["GITHUB_PATH"], "GITHUB_STEP_SUMMARY="+files["GITHUB_STEP_SUMMARY"])
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+fill(v))
		}
		b, err := cmd.CombinedOutput()
		res.stdout += string(b)
		if err != nil {
			res.failed = true
		}
		kv, _ := os.ReadFile(out)
		res.outputs[st.ID] = map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(kv)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				res.outputs[st.ID][k] = v
			}
		}
		// The runner puts GITHUB_PATH's lines in front of PATH for the
		// steps after.
		added, _ := os.ReadFile(files["GITHUB_PATH"])
		for _, dir := range strings.Split(strings.TrimSpace(string(added)), "\n") {
			if dir != "" && !strings.Contains(path, dir) {
				path = dir + string(os.PathListSeparator) + path
			}
		}
	}
	summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	res.summary = string(summary)
	for name, o := range act.Outputs {
		res.action[name] = fill(o.Value)
	}
	return res
}

// actionWorkspace is a checkout to lint: one truncated production token.
func actionWorkspace(t *testing.T) string {
	t.Helper()
	ws := t.TempDir()
	writeFile(t, filepath.Join(ws, "config", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+badToken+"\n"))
	writeFile(t, filepath.Join(ws, "notes.md"), []byte("nothing here\n"))
	return ws
}

func needActionTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the action's scripts need it", tool)
		}
	}
}

func noToken(t *testing.T, where, out string) {
	t.Helper()
	if strings.Contains(out, goodToken) || strings.Contains(out, badToken) || strings.Contains(out, badToken[:20]) {
		t.Errorf("%s holds a token", where)
	}
}

// TestAction: the latest release is installed from its archive after the
// checksum is checked, the lint annotates the finding and fails the step,
// the job summary says why, and with sarif the upload step gets a SARIF
// file; a pinned version installs that release.
func TestAction(t *testing.T) {
	needActionTools(t)
	v123, _, _ := fakeRelease(t, "1.2.3")
	v124, _, _ := fakeRelease(t, "1.2.4")
	srv := releaseServer(t, "v1.2.4", v123, v124)
	env := []string{"POSTMARKLINT_RELEASES_URL=" + srv.URL, "GOPROXY=off"}
	ws := actionWorkspace(t)

	res := runAction(t, ws, nil, env...)
	if !res.failed {
		t.Errorf("the action passed on an error finding:\n%s", res.stdout)
	}
	for _, want := range []string{
		"postmarklint: installed release v1.2.4 for " + runtime.GOOS + "/" + runtime.GOARCH + " (sha256 checked against postmarklint_1.2.4_checksums.txt)",
		"::error file=config/.env.production,line=1,col=23,",
		"postmarklint: 1 file, 1 Postmark entry, 1 error",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the action's output lacks %q:\n%s", want, res.stdout)
		}
	}
	if res.action["version"] != "1.2.4" || res.action["exit-code"] != "1" || res.action["sarif-file"] != "" {
		t.Errorf("outputs %v", res.action)
	}
	for _, want := range []string{"### postmarklint failed: findings at or above --fail-on error", "1 file, 1 Postmark entry, 1 error", "<pre>\nconfig/.env.production:1:23: error: Postmark token has 35 characters"} {
		if !strings.Contains(res.summary, want) {
			t.Errorf("the job summary lacks %q:\n%s", want, res.summary)
		}
	}
	if len(res.uses) != 0 {
		t.Errorf("a SARIF upload without sarif: true: %v", res.uses)
	}
	noToken(t, "the action's output", res.stdout+res.summary)

	res = runAction(t, ws, map[string]string{"version": "v1.2.3", "sarif": "true", "fail-on": "never", "format": "text", "paths": "config\nnotes.md"}, env...)
	if res.failed || res.action["version"] != "1.2.3" || res.action["exit-code"] != "0" {
		t.Fatalf("pinned 1.2.3, fail-on never: failed %v, outputs %v\n%s", res.failed, res.action, res.stdout)
	}
	if !strings.Contains(res.stdout, "config/.env.production:1:23: error:") || !strings.Contains(res.summary, "### postmarklint passed") {
		t.Errorf("text format: output\n%s\nsummary\n%s", res.stdout, res.summary)
	}
	up, ok := res.uses["github/codeql-action/upload-sarif@v3"]
	if !ok || up["sarif_file"] != res.action["sarif-file"] || up["category"] != "postmarklint" {
		t.Fatalf("SARIF upload step %v, sarif-file %q", res.uses, res.action["sarif-file"])
	}
	sarif, err := os.ReadFile(up["sarif_file"])
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err != nil || json.Unmarshal(sarif, &doc) != nil || doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 1 {
		t.Errorf("the SARIF file to upload (%v):\n%.300s", err, sarif)
	}
	noToken(t, "the action's output", res.stdout+res.summary+string(sarif))
}

// TestActionChecksum: an archive that does not match the checksums file
// is refused, nothing is installed, nothing is built instead, and the
// lint step does not run.
func TestActionChecksum(t *testing.T) {
	needActionTools(t)
	dir, archive, _ := fakeRelease(t, "1.2.3")
	data, err := os.ReadFile(filepath.Join(dir, archive))
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	writeFile(t, filepath.Join(dir, archive), data)
	srv := releaseServer(t, "v1.2.3", dir)
	// A fallback build would need the module; GOPROXY=off makes one fail.
	res := runAction(t, actionWorkspace(t), map[string]string{"version": "1.2.3"}, "POSTMARKLINT_RELEASES_URL="+srv.URL, "GOPROXY=off")
	if !res.failed || !strings.Contains(res.stdout, "postmarklint: checksum mismatch for "+archive+" of release v1.2.3: sha256 ") {
		t.Errorf("a tampered archive: failed %v\n%s", res.failed, res.stdout)
	}
	if strings.Contains(res.stdout, "built ") || strings.Contains(res.stdout, "go: ") || res.outputs["run"] != nil {
		t.Errorf("after a checksum mismatch, something else ran:\n%s", res.stdout)
	}
}

// TestActionPathsAndFailedRun: paths given one a line may hold blanks;
// a run that cannot lint (exit 2, here a missing path) hands no SARIF
// to the upload step (an empty one would close the alerts as fixed), and
// the job summary shows the error, not "no findings".
func TestActionPathsAndFailedRun(t *testing.T) {
	needActionTools(t)
	v123, _, _ := fakeRelease(t, "1.2.3")
	srv := releaseServer(t, "v1.2.3", v123)
	env := []string{"POSTMARKLINT_RELEASES_URL=" + srv.URL, "GOPROXY=off"}
	ws := actionWorkspace(t)
	writeFile(t, filepath.Join(ws, "My Settings", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+badToken+"\n"))

	res := runAction(t, ws, map[string]string{"paths": "My Settings\n"}, env...)
	if res.action["exit-code"] != "1" || !strings.Contains(res.stdout, "::error file=My Settings/.env.production,line=1,col=23,") {
		t.Errorf("paths \"My Settings\\n\": outputs %v\n%s", res.action, res.stdout)
	}

	res = runAction(t, ws, map[string]string{"paths": "missing", "sarif": "true"}, env...)
	if !res.failed || res.action["exit-code"] != "2" || res.action["sarif-file"] != "" || len(res.uses) != 0 {
		t.Errorf("a missing path with sarif: failed %v, outputs %v, uploads %v\n%s", res.failed, res.action, res.uses, res.stdout)
	}
	if !strings.Contains(res.summary, "### postmarklint could not run (exit 2)") || !strings.Contains(res.summary, "postmarklint: missing: no such file or folder") || strings.Contains(res.summary, "no findings") {
		t.Errorf("the job summary of a failed run:\n%s", res.summary)
	}
	noToken(t, "the action's output", res.stdout+res.summary)
}

// TestActionGoInstall: a version with no release (a tag not published
// yet, or the release lacks this platform) is built with go install, here
// from a module proxy folder that holds this checkout as v1.3.0.
func TestActionGoInstall(t *testing.T) {
	needActionTools(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	if testing.Short() {
		t.Skip("builds postmarklint with go install; skipped in -short mode")
	}
	proxy := t.TempDir()
	mod := module.Version{Path: "github.com/postmarklint/postmarklint", Version: "v1.3.0"}
	at := filepath.Join(proxy, mod.Path, "@v")
	var zipped bytes.Buffer
	if err := modzip.CreateFromDir(&zipped, mod, snapshot(t)); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(at, "list"), []byte("v1.3.0\n"))
	writeFile(t, filepath.Join(at, "v1.3.0.info"), []byte(`{"Version":"v1.3.0","Time":"2026-01-02T03:04:05Z"}`))
	writeFile(t, filepath.Join(at, "v1.3.0.mod"), gomod)
	writeFile(t, filepath.Join(at, "v1.3.0.zip"), zipped.Bytes())

	srv := releaseServer(t, "")
	// The dependencies come from the module cache, which the tests' own
	// build filled (and checked against go.sum); nothing goes to the
	// network, so neither does the checksum database.
	res := runAction(t, actionWorkspace(t), map[string]string{"version": "1.3.0", "fail-on": "never"},
		"POSTMARKLINT_RELEASES_URL="+srv.URL, "GOPROXY=file://"+filepath.ToSlash(proxy), "GOSUMDB=off")
	if res.failed || res.action["version"] != "v1.3.0" {
		t.Fatalf("go install fallback: failed %v, outputs %v\n%s", res.failed, res.action, res.stdout)
	}
	for _, want := range []string{"postmarklint: no postmarklint_1.3.0_", "postmarklint: built github.com/postmarklint/postmarklint/cmd/postmarklint@v1.3.0 with go1."} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the action's output lacks %q:\n%s", want, res.stdout)
		}
	}
}

// TestREADMEInstall follows the README's install commands for a release
// binary against the fake release: the names and the checksum check they
// use are the ones a release has.
func TestREADMEInstall(t *testing.T) {
	needActionTools(t)
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum is not installed")
	}
	dir, _, _ := fakeRelease(t, "1.2.3")
	srv := releaseServer(t, "v1.2.3", dir)
	script := readmeBlock(t, "version=")
	fixed := strings.NewReplacer(
		"https://github.com/postmarklint/postmarklint/releases", srv.URL,
		"sudo install postmarklint /usr/local/bin/", "install postmarklint bin/",
	).Replace(script)
	fixed = regexp.MustCompile(`(?m)^version=\S+ os=\S+ arch=\S+`).ReplaceAllString(fixed, "version=1.2.3 os="+runtime.GOOS+" arch="+runtime.GOARCH)
	if fixed == script || !strings.Contains(fixed, srv.URL) || !strings.Contains(fixed, "install postmarklint bin/") {
		t.Fatalf("the README's install block is not the one this test knows:\n%s", script)
	}
	work := t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", fixed)
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's install commands: %v\n%s", err, out)
	}
	if got := runVersion(t, filepath.Join(work, "bin", "postmarklint")); !strings.HasPrefix(got, "postmarklint 1.2.3\n") {
		t.Errorf("installed: %s", got)
	}
}

// TestActionScripts runs shellcheck over the action's scripts, as the
// runner's bash will run them.
func TestActionScripts(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (apt-get install shellcheck; .ci/run does)")
	}
	scripts, err := filepath.Glob("../../action/*.sh")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in action/ (%v)", err)
	}
	if out, err := exec.Command(shellcheck, append([]string{"--shell=bash", "--severity=style"}, scripts...)...).CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}
