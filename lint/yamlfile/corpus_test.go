package yamlfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// corpusDir is the shared corpus; its files are read in place, never
// copied into the repository.
const corpusDir = "../../../shared/corpus"

func corpusFiles(t *testing.T) (suite, real []string) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	filepath.WalkDir(filepath.Join(corpusDir, "yaml-test-suite"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "in.yaml" {
			suite = append(suite, p)
		}
		return nil
	})
	for _, pat := range []string{"*.yml", "*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, "real", pat))
		real = append(real, m...)
	}
	return suite, real
}

// decoderRejects reports whether yaml.v3 itself refuses some document.
func decoderRejects(src []byte) bool {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			return false
		}
		if err != nil {
			return true
		}
	}
}

func TestCorpusInvariants(t *testing.T) {
	suite, real := corpusFiles(t)
	if len(suite)+len(real) == 0 {
		t.Skip("shared corpus has no YAML files")
	}
	for _, f := range append(suite, real...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(f, corpusDir+"/")
		pairs, errs := Read(src)
		checkInvariants(&prefixed{t, name}, src, pairs, len(errs) == 0)
		if decoderRejects(src) && len(errs) == 0 {
			t.Errorf("%s: yaml.v3 rejects the file but Read reported no parse error", name)
		}
		if filepath.Base(f) == "in.yaml" {
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), "error")); err == nil && len(errs) == 0 && decoderRejects(src) {
				t.Errorf("%s: error test without parse error", name)
			}
		}
	}
	t.Logf("%d yaml-test-suite inputs, %d real files", len(suite), len(real))
}

// TestBrokenRealFile checks recovery on a real file the decoder refuses.
func TestBrokenRealFile(t *testing.T) {
	f := filepath.Join(corpusDir, "real", "BoManev__newsletter-rs__configuration__production.yaml")
	src, err := os.ReadFile(f)
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	pairs, errs := Read(src)
	if len(errs) != 1 || errs[0].Line == 0 || errs[0].Offset < 0 {
		t.Fatalf("want one parse error with a line, got %+v", errs)
	}
	if len(pairs) == 0 {
		t.Fatal("recovery found no pairs")
	}
	checkInvariants(t, src, pairs, false)
	for _, p := range pairs {
		t.Logf("recovered %s (%s, value %s)", p.Key(), p.Quote, safe(p.Value))
	}
}

// prefixed names the corpus file in every failure message.
type prefixed struct {
	testing.TB
	name string
}

func (p *prefixed) Errorf(format string, args ...any) {
	p.TB.Helper()
	p.TB.Errorf("%s: "+format, append([]any{p.name}, args...)...)
}
