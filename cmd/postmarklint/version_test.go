package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// TestVersionOutput: what postmarklint version prints for each way the
// binary can be made.
func TestVersionOutput(t *testing.T) {
	goLine := "go: " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	vcs := func(rev, time, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: modified}}
	}
	const mod = "github.com/postmarklint/postmarklint"
	for _, tc := range []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"release (ldflags)", "1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-01-02T03:04:05Z",
			&debug.BuildInfo{Main: debug.Module{Path: mod, Version: "(devel)"}},
			"postmarklint 1.2.3\ncommit: 0123456789abcdef0123456789abcdef01234567\ndate: 2026-01-02T03:04:05Z\n" + goLine},
		{"go install @version", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Path: mod, Version: "v1.2.3"}},
			"postmarklint v1.2.3\nmodule: " + mod + " v1.2.3\n" + goLine},
		{"go build, no VCS stamp", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Path: mod, Version: "(devel)"}},
			"postmarklint devel\nmodule: " + mod + " (devel)\n" + goLine},
		{"go build in a modified checkout", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Path: mod, Version: "v0.0.0-20260102030405-0123456789ab+dirty"}, Settings: vcs("0123456789abcdef", "2026-01-02T03:04:05Z", "true")},
			"postmarklint v0.0.0-20260102030405-0123456789ab+dirty\nmodule: " + mod + " v0.0.0-20260102030405-0123456789ab+dirty\ncommit: 0123456789abcdef (modified)\ndate: 2026-01-02T03:04:05Z\n" + goLine},
		{"no build info", "", "", "", nil, "postmarklint devel\n" + goLine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved := [3]string{version, commit, date}
			t.Cleanup(func() { version, commit, date = saved[0], saved[1], saved[2] })
			version, commit, date = tc.version, tc.commit, tc.date
			var b bytes.Buffer
			writeVersion(&b, tc.bi)
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

// goreleaserBuild is the part of .goreleaser.yaml's build that makes the
// binary.
type goreleaserBuild struct {
	Main    string   `yaml:"main"`
	Env     []string `yaml:"env"`
	Flags   []string `yaml:"flags"`
	Ldflags []string `yaml:"ldflags"`
}

func readGoreleaser(t *testing.T) (doc struct {
	Builds   []goreleaserBuild `yaml:"builds"`
	Archives []struct {
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
},
) {
	t.Helper()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Builds) != 1 || len(doc.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds, %d archives; want one of each", len(doc.Builds), len(doc.Archives))
	}
	return doc
}

// goBuild builds postmarklint from dir with extra environment and build
// flags into a temporary file, and returns its path.
func goBuild(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds postmarklint; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "postmarklint")
	cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), "./cmd/postmarklint")...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", args, err, out)
	}
	return bin
}

func runVersion(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	return string(out)
}

// releaseBuild builds postmarklint with .goreleaser.yaml's build, its
// templates filled in as goreleaser would for a release of version, and
// returns the binary.
func releaseBuild(t *testing.T, version string) string {
	t.Helper()
	b := readGoreleaser(t).Builds[0]
	fill := strings.NewReplacer("{{ .Version }}", version, "{{ .FullCommit }}", "0123456789abcdef0123456789abcdef01234567", "{{ .CommitDate }}", "2026-01-02T03:04:05Z")
	ldflags := fill.Replace(strings.Join(b.Ldflags, " "))
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("a template this test does not fill in: %s", ldflags)
	}
	if b.Main != "./cmd/postmarklint" {
		t.Fatalf("builds[0].main = %q", b.Main)
	}
	return goBuild(t, "../..", b.Env, append(b.Flags, "-ldflags", ldflags)...)
}

// TestVersionRelease builds postmarklint with .goreleaser.yaml's flags,
// its templates filled in as goreleaser would: version prints what they
// stamp, and the binary is static.
func TestVersionRelease(t *testing.T) {
	bin := releaseBuild(t, "1.2.3")
	want := "postmarklint 1.2.3\ncommit: 0123456789abcdef0123456789abcdef01234567\ndate: 2026-01-02T03:04:05Z\ngo: "
	if got := runVersion(t, bin); !strings.HasPrefix(got, want) {
		t.Errorf("version of a release build:\n%s\nwant it to start\n%s", got, want)
	}
	assertStatic(t, bin)
}

// assertStatic fails when a Linux binary asks for a dynamic loader: a
// release runs on distroless static, Alpine and any glibc alike.
func assertStatic(t *testing.T, bin string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is dynamically linked", bin)
		}
	}
}

// TestVersionPlainBuild: a plain go build without VCS stamping says devel
// and the module; in a git checkout with stamping, the pseudo-version Go
// derives and the commit it was built from.
func TestVersionPlainBuild(t *testing.T) {
	// The release build's environment and -trimpath (which leave the
	// version alone) let the three builds of these tests share the cache.
	static := []string{"CGO_ENABLED=0"}
	bin := goBuild(t, "../..", static, "-trimpath", "-buildvcs=false")
	if got := runVersion(t, bin); !strings.HasPrefix(got, "postmarklint devel\nmodule: github.com/postmarklint/postmarklint (devel)\ngo: ") {
		t.Errorf("version of a plain build:\n%s", got)
	}

	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the VCS-stamped build is not tried")
	}
	repo := snapshot(t)
	head, err := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin = goBuild(t, repo, append(static, "GOFLAGS=-buildvcs=true"), "-trimpath")
	got := runVersion(t, bin)
	rev := strings.TrimSpace(string(head))
	if !strings.HasPrefix(got, "postmarklint v0.0.0-") || !strings.Contains(got, "-"+rev[:12]+"\n") || !strings.Contains(got, "\ncommit: "+rev+"\ndate: ") {
		t.Errorf("version of a build in a checkout at %s:\n%s", rev, got)
	}
}
