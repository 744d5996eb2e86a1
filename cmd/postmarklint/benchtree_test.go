package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/benchtree.golden from this implementation")

// TestBenchTreeGolden lints a git checkout of a tree made by bench/gen
// (6,000 files, 90 of them with a Postmark entry: more than the driver
// hands git as pathspecs) and compares the JSON report and the messages
// with what the implementation before the scale work printed
// (testdata/benchtree.golden): speed work must not change a byte. The
// checkout has a staged edit, a tracked file deleted from the work tree
// and a link to a folder under a lintable name.
func TestBenchTreeGolden(t *testing.T) {
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	gen, err := filepath.Abs("../../bench/gen")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs("testdata/benchtree.golden")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	sh := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = tree
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if out, err := exec.Command("go", "run", gen, "-files", "6000", "-seed", "3", tree).CombinedOutput(); err != nil {
		t.Fatalf("bench/gen: %v\n%s", err, out)
	}
	sh("git", "init", "-q", "-b", "main")
	sh("git", "add", "-A")
	sh("git", "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "tree")
	files := strings.Split(strings.TrimSpace(sh("git", "grep", "-il", "postmark")), "\n")
	if len(files) < 80 {
		t.Fatalf("the tree has %d files mentioning Postmark, want over 80", len(files))
	}
	// A staged edit (the index differs from HEAD), then a work tree edit
	// of the same file, a tracked file deleted, a link to a folder.
	edited := filepath.Join(tree, filepath.FromSlash(files[0]))
	src, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, append(src, "\n# staged\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	sh("git", "add", "--", files[0])
	if err := os.WriteFile(edited, append(src, "\n# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(tree, filepath.FromSlash(files[1]))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(tree, "loop.env")); err != nil {
		t.Fatal(err)
	}
	sh("git", "add", "-N", "loop.env")

	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run([]string{"--format", "json", "tree"}, strings.NewReader(""), &stdout, &stderr)
	got := stdout.String() + "--- stderr\n" + stderr.String() + "--- exit\n" + string(rune('0'+code)) + "\n"
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the report differs from testdata/benchtree.golden (%d bytes, want %d); first difference at line %d",
			len(got), len(want), firstDiffLine(got, string(want)))
	}
}

// firstDiffLine is the 1-based line where a and b first differ.
func firstDiffLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}
