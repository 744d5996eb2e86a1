package tomlfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// corpusDir is the shared corpus, outside the repository; its files are
// read in place, never copied.
const corpusDir = "../../../shared/corpus"

// invalidAccepted lists the toml-test 1.0.0 invalid files that go-toml's
// loader accepts, with the reason: go-toml v2.4.3 implements TOML 1.1,
// which allows them. Read reports what the loader decides.
var invalidAccepted = map[string]string{
	"invalid/datetime/no-secs.toml":            "TOML 1.1: seconds are optional in times",
	"invalid/inline-table/linebreak-01.toml":   "TOML 1.1: newlines are allowed in inline tables",
	"invalid/inline-table/linebreak-02.toml":   "TOML 1.1: newlines are allowed in inline tables",
	"invalid/inline-table/linebreak-03.toml":   "TOML 1.1: newlines are allowed in inline tables",
	"invalid/inline-table/linebreak-04.toml":   "TOML 1.1: newlines are allowed in inline tables",
	"invalid/inline-table/trailing-comma.toml": "TOML 1.1: trailing commas are allowed in inline tables",
	"invalid/local-datetime/no-secs.toml":      "TOML 1.1: seconds are optional in times",
	"invalid/local-time/no-secs.toml":          "TOML 1.1: seconds are optional in times",
	"invalid/string/basic-byte-escapes.toml":   "TOML 1.1: \\xHH escapes",
}

func corpus(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	return corpusDir
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func manifest(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	for _, l := range strings.Split(string(readFile(t, filepath.Join(dir, "files-toml-1.0.0"))), "\n") {
		if strings.HasSuffix(l, ".toml") {
			files = append(files, l)
		}
	}
	return files
}

func TestTOMLTestValid(t *testing.T) {
	dir := filepath.Join(corpus(t), "toml-test", "tests")
	n, checked := 0, 0
	for _, name := range manifest(t, dir) {
		if !strings.HasPrefix(name, "valid/") {
			continue
		}
		n++
		src := readFile(t, filepath.Join(dir, name))
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		if len(errs) > 0 {
			t.Errorf("%s: errors %+v", name, errs)
			continue
		}
		var expected any
		if err := json.Unmarshal(readFile(t, filepath.Join(dir, strings.TrimSuffix(name, ".toml")+".json")), &expected); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checked += compareWithJSON(t, name, pairs, expected)
		checkAgainstLoader(t, src, pairs)
	}
	t.Logf("%d valid files read without error; %d scalar values compared", n, checked)
}

// scalar is one expected scalar of a toml-test JSON file.
type scalar struct {
	typ, value string
}

// compareWithJSON checks that the pairs are exactly the scalars of the
// expected document that are not items of an array (tables and inline
// tables inside arrays count, with "[i]" segments), and that strings have
// the expected value. It returns the number of scalars compared.
func compareWithJSON(t *testing.T, name string, pairs []syntax.Pair, expected any) int {
	t.Helper()
	want := map[string]scalar{}
	collectScalars(expected, nil, false, want)
	got := map[string]syntax.Pair{}
	for _, p := range pairs {
		got[strings.Join(p.Path, "\x00")] = p
	}
	for _, k := range sortedKeys(want) {
		w := want[k]
		p, ok := got[k]
		show := strings.ReplaceAll(k, "\x00", " / ")
		if !ok {
			t.Errorf("%s: no pair for %s", name, redact(show))
			continue
		}
		isString := p.Quote != syntax.Unquoted
		if isString != (w.typ == "string") {
			t.Errorf("%s: %s: quote %v for a %s", name, redact(show), p.Quote, w.typ)
		}
		if w.typ == "string" && p.Value != w.value {
			t.Errorf("%s: %s: value %s, want %s", name, redact(show), redact(p.Value), redact(w.value))
		}
	}
	if len(got) != len(want) || len(pairs) != len(want) {
		t.Errorf("%s: %d pairs (%d paths), want %d", name, len(pairs), len(got), len(want))
	}
	return len(want)
}

// collectScalars walks toml-test's tagged JSON. A tagged scalar is an
// object {"type": "...", "value": "..."} with string members; a table with
// keys "type" and "value" holds tagged objects instead.
func collectScalars(v any, path []string, inArray bool, out map[string]scalar) {
	switch v := v.(type) {
	case map[string]any:
		typ, ok1 := v["type"].(string)
		val, ok2 := v["value"].(string)
		if len(v) == 2 && ok1 && ok2 {
			if !inArray {
				out[strings.Join(path, "\x00")] = scalar{typ, val}
			}
			return
		}
		for k, c := range v {
			collectScalars(c, append(path[:len(path):len(path)], k), false, out)
		}
	case []any:
		for i, c := range v {
			collectScalars(c, append(path[:len(path):len(path)], syntax.Index(i)), true, out)
		}
	}
}

func sortedKeys(m map[string]scalar) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestTOMLTestInvalid(t *testing.T) {
	dir := filepath.Join(corpus(t), "toml-test", "tests")
	n, rejected := 0, 0
	seen := map[string]bool{}
	for _, name := range manifest(t, dir) {
		if !strings.HasPrefix(name, "invalid/") {
			continue
		}
		n++
		src := readFile(t, filepath.Join(dir, name))
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		if len(errs) > 0 {
			rejected++
		}
		reason, known := invalidAccepted[name]
		seen[name] = true
		switch {
		case len(errs) == 0 && !known:
			t.Errorf("%s: accepted", name)
		case len(errs) > 0 && known:
			t.Errorf("%s: rejected, but listed as accepted (%s)", name, reason)
		}
	}
	for name := range invalidAccepted {
		if !seen[name] {
			t.Errorf("%s: listed as accepted but not in the manifest", name)
		}
	}
	t.Logf("%d invalid files, %d rejected, %d known exceptions", n, rejected, len(invalidAccepted))
}

func TestRealFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus(t), "real", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no real TOML files: %v", err)
	}
	for _, f := range files {
		src := readFile(t, f)
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		if len(errs) > 0 {
			t.Errorf("%s: errors %+v", filepath.Base(f), errs)
		} else {
			checkAgainstLoader(t, src, pairs)
		}
		if len(pairs) == 0 {
			t.Errorf("%s: no pairs", filepath.Base(f))
		}
	}
	t.Logf("%d real files", len(files))
}
