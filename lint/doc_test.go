package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRepositoryStandsAlone: comments and docs point at files in the
// repository, never at a design document outside it, and the docs/ pages
// they name exist.
func TestRepositoryStandsAlone(t *testing.T) {
	outside := regexp.MustCompile(`\bDESIG[N]\b`) // not a match for this line
	docs := regexp.MustCompile(`\bdocs/[\w.-]+\.md\b`)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		switch filepath.Ext(p) {
		case ".go", ".md", ".txtar", ".yaml", ".sh":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(data)
		if loc := outside.FindStringIndex(text); loc != nil {
			t.Errorf("%s:%d cites the design document, which is not in the repository", p, 1+strings.Count(text[:loc[0]], "\n"))
		}
		for line := range strings.Lines(text) {
			if strings.HasSuffix(p, ".go") && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // a name in code is data, not a reference
			}
			for _, doc := range docs.FindAllString(line, -1) {
				if _, err := os.Stat(filepath.Join("..", doc)); err != nil {
					t.Errorf("%s names %s, which is not in the repository", p, doc)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
