package hclfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared corpus, outside the repository; its files are
// read in place, never copied.
const corpusDir = "../../../shared/corpus"

// TestCorpus reads every .tf and .tfvars file of the shared corpus and
// checks the invariants on each.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	var files []string
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no .tf or .tfvars files in the shared corpus at %s", corpusDir)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		if len(errs) > 0 {
			t.Errorf("%s: %d errors, first at offset %d: %s", filepath.Base(f), len(errs), errs[0].Offset, errs[0].Msg)
		}
	}
	t.Logf("%d files", len(files))
}
