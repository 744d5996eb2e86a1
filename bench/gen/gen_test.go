package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testFiles = 2000

// readTree maps every regular file's slash path under dir to its bytes.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tempDir is a fresh folder, in memory (/dev/shm) where the machine has
// one: creating thousands of small files on a virtual disk takes seconds.
func tempDir(t *testing.T) string {
	t.Helper()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "pml-gen-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

func generate(t *testing.T, seed int64) (string, []File) {
	t.Helper()
	dir := tempDir(t)
	files, err := Generate(dir, Options{Files: testFiles, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

func TestDeterministic(t *testing.T) {
	dirA, filesA := generate(t, 7)
	dirB, _ := generate(t, 7)
	dirC, _ := generate(t, 8)
	a, b, c := readTree(t, dirA), readTree(t, dirB), readTree(t, dirC)
	if len(a) != testFiles {
		t.Fatalf("wrote %d files, want %d", len(a), testFiles)
	}
	if len(filesA) != testFiles {
		t.Fatalf("listed %d files, want %d", len(filesA), testFiles)
	}
	if len(a) != len(b) {
		t.Fatalf("same seed: %d files vs %d", len(a), len(b))
	}
	for p, body := range a {
		if !bytes.Equal(body, b[p]) {
			t.Fatalf("same seed: %s differs", p)
		}
	}
	same := 0
	for p, body := range a {
		if bytes.Equal(body, c[p]) {
			same++
		}
	}
	if same == len(a) && len(a) == len(c) {
		t.Fatal("seeds 7 and 8 gave the same tree")
	}
	if same > len(a)/10 {
		t.Errorf("seeds 7 and 8 share %d of %d files byte for byte", same, len(a))
	}
}

func TestMix(t *testing.T) {
	dir, files := generate(t, 1)
	tree := readTree(t, dir)
	var config, pm int
	kinds := map[Kind]int{}
	folders := map[string]int{}
	var configBytes int
	for _, f := range files {
		kinds[f.Kind]++
		folders[dirOf(f.Path)]++
		body, ok := tree[f.Path]
		if !ok {
			t.Fatalf("%s listed but not written", f.Path)
		}
		if f.Size != len(body) {
			t.Errorf("%s: listed size %d, wrote %d", f.Path, f.Size, len(body))
		}
		mentions := bytes.Contains(bytes.ToLower(body), []byte("postmark"))
		if f.Postmark != mentions {
			t.Errorf("%s: listed as Postmark=%v but mentions postmark=%v", f.Path, f.Postmark, mentions)
		}
		if f.Kind.IsConfig() {
			config++
			configBytes += len(body)
			if f.Postmark {
				pm++
			}
		} else if f.Postmark {
			t.Errorf("%s: a source file with a Postmark entry", f.Path)
		}
		if f.Kind == KindEnv {
			base := filepath.Base(f.Path)
			if base != ".env" && !strings.HasPrefix(base, ".env.") && !strings.HasSuffix(base, ".env") {
				t.Errorf("%s: .env file with a name postmarklint does not walk for", f.Path)
			}
		}
	}
	share := float64(config) / float64(len(files))
	if share < 0.72 || share > 0.78 {
		t.Errorf("config share %.3f, want about 0.75", share)
	}
	pmShare := float64(pm) / float64(config)
	if pmShare < 0.015 || pmShare > 0.025 {
		t.Errorf("Postmark share of config files %.4f (%d of %d), want about 0.02", pmShare, pm, config)
	}
	for _, k := range []Kind{KindEnv, KindYAML, KindTOML, KindJSON, KindProps, KindTF, KindSource} {
		if kinds[k] == 0 {
			t.Errorf("no %s files", k)
		}
	}
	if avg := configBytes / config; avg < 1000 || avg > 3000 {
		t.Errorf("average config file is %d bytes, want 1-3 KB", avg)
	}
	for d, n := range folders {
		depth := strings.Count(d, "/") + 1
		if depth < 2 || depth > 6 {
			t.Errorf("%s: depth %d, want 2-6", d, depth)
		}
		if n > 50 {
			t.Errorf("%s: %d files, want at most 50", d, n)
		}
	}
	if per := len(files) / len(folders); per < 20 || per > 50 {
		t.Errorf("%d files per folder on average, want 20-50", per)
	}
}

func TestPlanMatchesGenerate(t *testing.T) {
	_, files := generate(t, 3)
	plan := Plan(Options{Files: testFiles, Seed: 3})
	for i := range plan {
		if plan[i].Path != files[i].Path || plan[i].Postmark != files[i].Postmark {
			t.Fatalf("file %d: plan %+v, generated %+v", i, plan[i], files[i])
		}
	}
}
