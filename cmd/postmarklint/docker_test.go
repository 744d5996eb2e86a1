package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// No Docker engine runs where the tests do, so the Dockerfile is checked
// without one: its stages and final image are read here, and the source
// stage's go build is run as written.

// dockerInstr is one Dockerfile instruction: its keyword in upper case
// and the rest of it, continuation lines joined.
type dockerInstr struct{ cmd, args string }

// dockerStage is a FROM and what follows it.
type dockerStage struct {
	from, name string
	body       []dockerInstr
}

// readDockerfile returns the global ARGs (before the first FROM) and the
// stages, in order.
func readDockerfile(t *testing.T) (args []string, stages []dockerStage) {
	t.Helper()
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var instrs []dockerInstr
	var cur strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || trimmed == "" && cur.Len() == 0 {
			continue
		}
		if more, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(more + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, rest, _ := strings.Cut(cur.String(), " ")
		instrs = append(instrs, dockerInstr{strings.ToUpper(cmd), strings.TrimSpace(rest)})
		cur.Reset()
	}
	for _, in := range instrs {
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			st := dockerStage{}
			for i := 0; i < len(f); i++ {
				switch {
				case strings.HasPrefix(f[i], "--"):
				case strings.EqualFold(f[i], "AS") && i+1 < len(f):
					st.name = f[i+1]
					i++
				default:
					st.from = f[i]
				}
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("Dockerfile: %s before the first FROM", in.cmd)
			}
			args = append(args, in.args)
			continue
		}
		stages[len(stages)-1].body = append(stages[len(stages)-1].body, in)
	}
	return args, stages
}

// TestDockerfile: the final image is the binary alone on a base pinned by
// digest, run as a numeric non-root user in /src with postmarklint as its
// entry point; the binary comes from the stage BINARY names, built here
// by default or copied from goreleaser's per-platform binaries.
func TestDockerfile(t *testing.T) {
	args, stages := readDockerfile(t)
	if len(args) != 1 || args[0] != "BINARY=source" {
		t.Errorf("global ARGs %q, want BINARY=source", args)
	}
	byName := map[string]dockerStage{}
	pinned := regexp.MustCompile(`^[a-z0-9./-]+:[a-z0-9.-]+@sha256:[0-9a-f]{64}$`)
	for _, st := range stages {
		byName[st.name] = st
		if st.from != "scratch" && st.from != "${BINARY}" && !pinned.MatchString(st.from) {
			t.Errorf("FROM %s is not pinned by digest (image:tag@sha256:...)", st.from)
		}
	}
	if byName["binary"].from != "${BINARY}" || byName["source"].from == "" || byName["prebuilt"].from != "scratch" {
		t.Fatalf("stages %+v: want source, prebuilt (scratch) and binary (FROM ${BINARY})", stages)
	}
	if got := byName["prebuilt"].body; len(got) != 2 || got[1] != (dockerInstr{"COPY", "$TARGETPLATFORM/postmarklint /out/postmarklint"}) {
		t.Errorf("prebuilt stage %q: want the binary goreleaser puts in $TARGETPLATFORM/", got)
	}

	final := stages[len(stages)-1]
	if !strings.HasPrefix(final.from, "gcr.io/distroless/static") && final.from != "scratch" {
		t.Errorf("final image FROM %s: want distroless static or scratch", final.from)
	}
	want := map[string]string{
		"COPY":       "--from=binary /out/postmarklint /usr/local/bin/postmarklint",
		"WORKDIR":    "/src",
		"ENTRYPOINT": `["postmarklint"]`,
	}
	for _, in := range final.body {
		switch in.cmd {
		case "USER":
			if !regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`).MatchString(in.args) {
				t.Errorf("USER %s: want a numeric non-root user and group", in.args)
			}
			delete(want, "USER")
			continue
		case "RUN", "ADD":
			t.Errorf("final stage %s %s: it has no shell; it takes the binary and nothing else", in.cmd, in.args)
		}
		if w, ok := want[in.cmd]; ok {
			if in.args != w {
				t.Errorf("final stage %s %s, want %s", in.cmd, in.args, w)
			}
			delete(want, in.cmd)
		}
	}
	if len(want) != 0 {
		t.Errorf("final stage lacks %v", want)
	}
}

// TestDockerfileBuild runs the source stage's go build as the Dockerfile
// writes it, with its build arguments set as docker build --build-arg
// would, on this checkout: the binary is static and version prints the
// stamped values.
func TestDockerfileBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds postmarklint; skipped in -short mode")
	}
	_, stages := readDockerfile(t)
	var build string
	for _, st := range stages {
		for _, in := range st.body {
			if st.name == "source" && in.cmd == "RUN" && strings.Contains(in.args, "go build") {
				build = in.args
			}
		}
	}
	if build == "" {
		t.Fatal("no RUN ... go build in the source stage")
	}
	bin := filepath.Join(t.TempDir(), "postmarklint")
	if !strings.Contains(build, "-o /out/postmarklint ") {
		t.Fatalf("the build does not write /out/postmarklint: %s", build)
	}
	cmd := exec.Command("sh", "-c", strings.Replace(build, "/out/postmarklint", bin, 1))
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "TARGETOS="+runtime.GOOS, "TARGETARCH="+runtime.GOARCH, "VERSION=9.8.7", "COMMIT=fedcba9876543210", "DATE=2026-05-06T07:08:09Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build, err, out)
	}
	assertStatic(t, bin)
	want := "postmarklint 9.8.7\ncommit: fedcba9876543210\ndate: 2026-05-06T07:08:09Z\n"
	if got := runVersion(t, bin); !strings.HasPrefix(got, want) {
		t.Errorf("version of the image's binary:\n%s\nwant it to start\n%s", got, want)
	}
}
