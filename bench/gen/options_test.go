package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// treeHash is a hash of every file's path and bytes, in path order.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	tree := readTree(t, dir)
	paths := make([]string, 0, len(tree))
	for p := range tree {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		h.Write([]byte(p + "\x00"))
		h.Write(tree[p])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestDefaultTreeUnchanged pins the default tree's bytes: the hash was
// taken with the generator before -config, -postmark and -keys existed,
// so the benchmark trees (and TestBenchTreeGolden's) stay what they were.
// The flags' defaults, spelled out, give the same tree.
func TestDefaultTreeUnchanged(t *testing.T) {
	const want = "5b95a376099191a51996d2187a5d13be84092c4ae813a958e34aac670a2e1ed1"
	for _, opt := range []Options{
		{Files: testFiles, Seed: 1},
		{Files: testFiles, Seed: 1, Config: ConfigShare, Postmark: PostmarkShare, Keys: 1},
	} {
		dir := tempDir(t)
		if _, err := Generate(dir, opt); err != nil {
			t.Fatal(err)
		}
		if got := treeHash(t, dir); got != want {
			t.Errorf("%+v: tree hash %s, want %s", opt, got, want)
		}
	}
}

// TestAllPostmark: -config 1 -postmark 1 makes every file a configuration
// file of the six formats with one Postmark entry, and -keys makes them
// longer.
func TestAllPostmark(t *testing.T) {
	const n = 600
	plain := tempDir(t)
	base, err := Generate(plain, Options{Files: n, Seed: 5, Config: 1, Postmark: 1})
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, plain)
	if len(tree) != n || len(base) != n {
		t.Fatalf("wrote %d files, listed %d, want %d", len(tree), len(base), n)
	}
	kinds := map[Kind]int{}
	var size int
	for _, f := range base {
		kinds[f.Kind]++
		size += f.Size
		if !f.Kind.IsConfig() || !f.Postmark {
			t.Errorf("%s: kind %s, Postmark %v; want configuration with an entry", f.Path, f.Kind, f.Postmark)
		}
		if !bytes.Contains(bytes.ToLower(tree[f.Path]), []byte("postmark")) {
			t.Errorf("%s: listed with a Postmark entry but does not mention postmark", f.Path)
		}
	}
	for _, k := range []Kind{KindEnv, KindYAML, KindTOML, KindJSON, KindProps, KindTF} {
		if kinds[k] == 0 {
			t.Errorf("no %s files", k)
		}
	}

	long := tempDir(t)
	longer, err := Generate(long, Options{Files: n, Seed: 5, Config: 1, Postmark: 1, Keys: 1.8})
	if err != nil {
		t.Fatal(err)
	}
	var longSize int
	for i, f := range longer {
		longSize += f.Size
		if f.Path != base[i].Path || !f.Postmark {
			t.Fatalf("file %d: %s (Postmark %v), want %s with an entry: -keys changed the plan", i, f.Path, f.Postmark, base[i].Path)
		}
	}
	if r := float64(longSize) / float64(size); r < 1.5 || r > 2.1 {
		t.Errorf("-keys 1.8 made the tree %.2f times as big, want about 1.8", r)
	}

	half := Plan(Options{Files: n, Seed: 5, Config: 0.5, Postmark: 0.5})
	var config, pm int
	for _, f := range half {
		if f.Kind.IsConfig() {
			config++
		}
		if f.Postmark {
			pm++
		}
	}
	if config != n/2 || pm != n/4 {
		t.Errorf("-config 0.5 -postmark 0.5: %d config files, %d with an entry; want %d and %d", config, pm, n/2, n/4)
	}
}

var uuidQuoted = regexp.MustCompile(`^"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"$`)

// TestBigYAML: one YAML document of the size asked (give or take one
// service block), many top-level keys with nested mappings and sequences,
// one Postmark entry; the same seed gives the same bytes.
func TestBigYAML(t *testing.T) {
	const size = 300 << 10
	var a, b, c bytes.Buffer
	n, err := BigYAML(&a, 1, size)
	if err != nil {
		t.Fatal(err)
	}
	BigYAML(&b, 1, size)
	BigYAML(&c, 2, size)
	if n != a.Len() || n < size || n > size+8<<10 {
		t.Errorf("wrote %d bytes (reported %d), want %d to %d", a.Len(), n, size, size+8<<10)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave different bytes")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("seeds 1 and 2 gave the same bytes")
	}

	var lines []string
	for _, l := range strings.Split(a.String(), "\n") {
		if strings.Contains(strings.ToLower(l), "postmark") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || lines[0] != "postmark:" {
		t.Errorf("lines mentioning postmark: %q, want just the top-level key", lines)
	}

	var doc yaml.Node
	if err := yaml.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode || len(top.Content)/2 < 200 {
		t.Fatalf("top level: kind %d with %d keys, want a mapping with over 200", top.Kind, len(top.Content)/2)
	}
	var sequences, postmark int
	for i := 0; i < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		for j := 1; j < len(v.Content); j += 2 {
			if v.Content[j].Kind == yaml.SequenceNode {
				sequences++
			}
		}
		if k.Value != "postmark" {
			continue
		}
		postmark++
		if pos := float64(k.Line) / float64(strings.Count(a.String(), "\n")); pos < 0.4 || pos > 0.6 {
			t.Errorf("the Postmark entry is at %.0f%% of the file, want about halfway", 100*pos)
		}
		if len(v.Content) < 2 || v.Content[0].Value != "server_token" || v.Content[1].Style != yaml.DoubleQuotedStyle ||
			!uuidQuoted.MatchString(`"`+v.Content[1].Value+`"`) {
			t.Errorf("postmark: does not start with a quoted UUID server_token")
		}
	}
	if postmark != 1 || sequences < 200 {
		t.Errorf("%d postmark keys and %d nested sequences, want 1 and over 200", postmark, sequences)
	}

	var tiny bytes.Buffer
	BigYAML(&tiny, 1, 10)
	if !strings.Contains(tiny.String(), "\npostmark:\n  server_token: ") {
		t.Errorf("a 10-byte request has no Postmark entry:\n%s", tiny.String())
	}
}
