package yamlfile

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// The chunked decode cut as finely as it can be: every root entry alone,
// and every root entry that can be cut one level down cut there, each of
// its entries alone. rootOnly never cuts one level down.
var (
	finest   = chunkSizes{}
	rootOnly = chunkSizes{huge: math.MaxInt}
)

// diffChunked reads src in chunks and whole. chunked says the chunked
// path was taken; diff describes the first difference, "" when none.
func diffChunked(src []byte, sizes chunkSizes) (chunked bool, diff string) {
	if isUTF16(src) {
		return false, ""
	}
	pairs, errs, ok := readChunked(src, newLineIndex(src), sizes)
	if !ok {
		return false, ""
	}
	wantPairs, wantErrs := readWhole(src, newLineIndex(src))
	return true, firstDifference(wantPairs, wantErrs, pairs, errs)
}

// firstDifference names a field that differs and never prints a value
// whole.
func firstDifference(want []syntax.Pair, wantErrs []syntax.ParseError, got []syntax.Pair, errs []syntax.ParseError) string {
	if !reflect.DeepEqual(errs, wantErrs) {
		return fmt.Sprintf("errors %+v, whole read %+v", errs, wantErrs)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"path", safe(g.Key()), safe(w.Key())}, {"segments", len(g.Path), len(w.Path)},
			{"KeySpan", g.KeySpan, w.KeySpan}, {"Raw", g.Raw, w.Raw}, {"Inner", g.Inner, w.Inner},
			{"Quote", g.Quote, w.Quote}, {"Value", safe(g.Value), safe(w.Value)}, {"Scope", g.Scope, w.Scope},
			{"Tag", safe(g.Tag), safe(w.Tag)}, {"EnvHint", safe(g.EnvHint), safe(w.EnvHint)},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				return fmt.Sprintf("pair %d: %s %v, whole read %v", i, f.name, f.got, f.want)
			}
		}
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("pair %d (%s) differs", i, safe(g.Key()))
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d pairs, whole read %d", len(got), len(want))
	}
	return ""
}

// fuzzSeeds reads the inputs of a fuzz corpus folder.
func fuzzSeeds(t testing.TB, dir string) [][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if arg, ok := strings.CutPrefix(line, "[]byte("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(arg, ")"))
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				out = append(out, []byte(s))
			}
		}
	}
	return out
}

// chunkInputs are the package's own inputs: the table of TestRead, the
// shapes below and both fuzz corpora.
func chunkInputs(t testing.TB) [][]byte {
	var in [][]byte
	for _, tc := range readCases {
		in = append(in, []byte(tc.src))
	}
	for _, s := range chunkShapes {
		in = append(in, []byte(s.src))
	}
	in = append(in, fuzzSeeds(t, "testdata/fuzz/FuzzYAML")...)
	return append(in, fuzzSeeds(t, "testdata/fuzz/FuzzChunked")...)
}

// chunkShapes are files the chunked path must take, each with what it
// exercises.
var chunkShapes = []struct{ name, src string }{
	{"root mapping", "a: 1\nb:\n  c: [x, y]\n  d: |\n    text\n# comment\nc: {k: &x v, l: *x}\nd: x\n"},
	{"preamble", "\ufeff# head\n---\na: 1\nb: 2\n"},
	{"CRLF", "a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\n"},
	{"root sequence", "- a: 1\n- KEY=v\n- name: N\n  value: v\n-\n- [x]\n"},
	{"huge mapping entry", "x: 1\npaths:\n  # first\n  /a:\n    get: {id: a}\n  '200':\n    d: ok\n  b: {k: &y 1, l: *y}\n  c: x\nz: 2\n"},
	{"huge sequence entry", "items:\n  - name: a\n    value: 1\n  - KEY=v\n  -\n  - b: 2\nnext: 3\n"},
	{"indentless sequence entry", "items:\n- name: a\n  value: 1\n- KEY=v\nnext: 3\n"},
	{"root environment last", "jobs:\n  a: 1\n  b: 2\nenvironment: production\n"},
	{"entry environment last", "job:\n  a: 1\n  env:\n    k: v\n  environment: {name: staging}\n"},
	{"empty key before a cut", "top:\n  a: 1\n  ?\n  c: 1\n"},
	{"empty value before a cut", "top:\n  a:\n  b: &n\n  c: 1\n"},
	{"duplicate keys across cuts", "a: 1\nb: 2\na: 3\n"},
	{"multi-byte keys", "é: 1\nb:\n  ü: 2\n  v: 3\n"},
	{"anchored value below a key line", "a: &v\n  b: 1\n  c: *v\nd: 1\n"},
	{"merge key below the root", "a:\n  b:\n    m: &m {k: 1}\n    c: {<<: *m}\nd: 1\n"},
}

func TestChunkedShapes(t *testing.T) {
	for _, s := range chunkShapes {
		for _, sizes := range []chunkSizes{finest, rootOnly} {
			chunked, diff := diffChunked([]byte(s.src), sizes)
			if !chunked {
				t.Errorf("%s (%+v): the chunked path was not taken", s.name, sizes)
			}
			if diff != "" {
				t.Errorf("%s (%+v): %s", s.name, sizes, diff)
			}
		}
	}
}

// TestChunkedFallsBack: files whose pieces are not independent are read
// whole. Cut at the root only, the last two are.
func TestChunkedFallsBack(t *testing.T) {
	for name, src := range map[string]string{
		"alias to another piece":   "a: &x 1\nb: *x\n",
		"quoted across a cut":      "a: \"x\nb: y\"\n",
		"flow across a cut":        "a: [1,\nb]\n",
		"plain root scalar":        "a: 1\nfoo\n",
		"directive":                "%YAML 1.1\n---\na: 1\nb: 2\n",
		"two documents":            "a: 1\n---\nb: 2\n",
		"document end":             "a: 1\n...\nb: 2\n",
		"merge key at the root":    "a: &x {k: 1}\n<<: {k: 2}\nb: 3\n",
		"lone CR":                  "a: 1\rb: 2\n",
		"line separator":           "a: 1\nb: \"x\u2028y\"\n",
		"anchored root":            "&r\na: 1\nb: 2\n",
		"flow root":                "{a: 1,\nb: 2}\n",
		"root indented":            "  a: 1\n  b: 2\n",
		"tab before a key":         "a: 1\n\tb: 2\n",
		"bad indentation":          "a:\n    b: 1\n  c: 2\n",
		"alias one level down":     "a:\n  b: &v 1\n  c: *v\n",
		"merge key one level down": "a:\n  <<: {k: 2}\n  b: 3\n",
	} {
		if chunked, diff := diffChunked([]byte(src), finest); chunked {
			t.Errorf("%s: read in chunks (%s)", name, diff)
		}
	}
}

// TestPieceEndMark: the empty value of `? a` takes the mark of the next
// token, the next key at column 3; a piece that ends before that key
// would put it at its own end, column 1.
func TestPieceEndMark(t *testing.T) {
	src := []byte("top:\n  ? a\n  b: 1\n")
	var whole yaml.Node
	if err := yaml.Unmarshal(src, &whole); err != nil {
		t.Fatal(err)
	}
	want := whole.Content[0].Content[1].Content[1]
	idx := newLineIndex(src)
	c := &chunker{w: newWalker(src, idx), src: src, idx: idx}
	root, ok := c.decode(src[:len("top:\n  ? a\n")], lineMap{prefix: 0, sliceFirst: 1, eofLine: 3, eofCol: 3})
	if !ok {
		t.Fatal("the piece does not decode")
	}
	got := root.Content[1].Content[1]
	if got.Line != want.Line || got.Column != want.Column {
		t.Errorf("empty value at %d:%d, whole decode has it at %d:%d", got.Line, got.Column, want.Line, want.Column)
	}
}

// TestChunkedMatchesWhole compares the two reads on every input at hand,
// the shared corpus (yaml-test-suite and real files) included.
func TestChunkedMatchesWhole(t *testing.T) {
	in := chunkInputs(t)
	names := make([]string, len(in))
	if _, err := os.Stat(corpusDir); err != nil {
		t.Logf("shared corpus not found at %s: only the package's own inputs", corpusDir)
	} else {
		suite, real := corpusFiles(t)
		for _, f := range append(suite, real...) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			in = append(in, src)
			names = append(names, strings.TrimPrefix(f, corpusDir+"/"))
		}
	}
	chunked := 0
	for i, src := range in {
		name := names[i]
		if name == "" {
			name = fmt.Sprintf("input %d", i)
		}
		took := false
		for _, sizes := range []chunkSizes{finest, rootOnly} {
			ok, diff := diffChunked(src, sizes)
			took = took || ok
			if diff != "" {
				t.Errorf("%s (%+v): %s", name, sizes, diff)
			}
		}
		if took {
			chunked++
		}
	}
	t.Logf("%d of %d inputs read in chunks, all as read whole", chunked, len(in))
}

func FuzzChunked(f *testing.F) {
	for _, src := range chunkInputs(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, sizes := range []chunkSizes{finest, rootOnly} {
			if _, diff := diffChunked(src, sizes); diff != "" {
				t.Fatalf("%+v: %s", sizes, diff)
			}
		}
	})
}
