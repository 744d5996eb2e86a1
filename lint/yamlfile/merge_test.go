package yamlfile

import (
	"fmt"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// flatten turns decoded YAML into path -> value, the way pairs name them.
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			flatten(prefix+k+".", x, out)
		}
	case []any:
		for i, x := range v {
			flatten(fmt.Sprintf("%s[%d].", prefix, i), x, out)
		}
	case nil:
		out[strings.TrimSuffix(prefix, ".")] = ""
	default:
		out[strings.TrimSuffix(prefix, ".")] = fmt.Sprint(v)
	}
}

// TestMergeMatchesDecoder checks merge precedence against the decoder.
func TestMergeMatchesDecoder(t *testing.T) {
	for _, src := range []string{
		"a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4, w: 6}\nc:\n  z: 5\n  <<: [*a, *b]\n",
		"a: &a {x: 1}\nb: &b {<<: *a, y: 2, x: 7}\nc: {<<: [*b, {z: 3, x: 8}], y: 9}\n",
		"base: &base\n  token: t1\n  host: h1\nprod:\n  <<: *base\n  host: h2\n",
	} {
		var decoded map[string]any
		if err := yaml.Unmarshal([]byte(src), &decoded); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		want := map[string]string{}
		flatten("", decoded, want)
		pairs, errs := Read([]byte(src))
		if len(errs) != 0 {
			t.Fatalf("%q: %v", src, errs)
		}
		got := map[string]string{}
		for _, p := range pairs {
			if _, dup := got[p.Key()]; dup {
				t.Errorf("%q: %s emitted twice", src, p.Key())
			}
			got[p.Key()] = p.Value
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q:\n got %v\nwant %v", src, got, want)
		}
	}
}
