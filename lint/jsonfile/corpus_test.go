package jsonfile

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

// TestCorpus reads every .json file of the shared corpus (toml-test's and
// yaml-test-suite's expected values, the SARIF schema, real files): the
// invariants hold, and Read agrees with encoding/json on each, including
// yaml-test-suite's multi-document streams, which both refuse.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	files, pairs, refused := 0, 0, 0
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		ps, errs := Read(src)
		pairs += len(ps)
		if len(errs) > 0 {
			refused++
		}
		rel, _ := filepath.Rel(corpusDir, path)
		t.Run(rel, func(t *testing.T) {
			checkInvariants(t, src, ps, errs)
			checkDifferential(t, src)
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Skip("no .json files in the shared corpus")
	}
	t.Logf("%d files, %d pairs, %d refused", files, pairs, refused)
}
