package lint

import (
	"strings"
	"testing"
)

// TestParseConfigErrors pins the one-line errors of a bad
// .postmarklint.yaml: a key set twice is named at its second place, and a
// flow mapping or sequence that is never closed at its bracket.
func TestParseConfigErrors(t *testing.T) {
	known := func(id string) bool { return id == "token-format" || id == "token-placeholder" }
	for _, tc := range []struct{ src, want string }{
		{"rules:\n  token-format: off\nkeys: [A]\nrules:\n  token-placeholder: off\n",
			`c.yaml:4:1: duplicate key "rules" (first at 1:1)`},
		{"rules:\n  token-format: off\n  token-format: error\n",
			`c.yaml:3:3: duplicate rule "token-format" (first at 2:3)`},
		{"environments:\n  \"a/*\": production\n  \"a/*\": staging\n",
			`c.yaml:3:3: duplicate glob "a/*" (first at 2:3)`},
		{"rules: {token-format: warning\nkeys:\n  - A\n",
			`c.yaml:1:8: '{' is not closed: did not find expected ',' or '}'`},
		{"rules:\n  token-format: warning\nenvironments: {\n  \"a/*\": production\n",
			`c.yaml:3:15: '{' is not closed: did not find expected ',' or '}'`},
		{"keys: [\"a]\", {x: 1}, # [ in a comment\n  B\nignore: []\n",
			`c.yaml:1:7: '[' is not closed: did not find expected ',' or ']'`},
		{"environments:\n  \"a/*\": moon\n",
			`c.yaml:2:10: unknown environment "moon"`},
	} {
		_, err := ParseConfig("c.yaml", []byte(tc.src), "/r", "/r", known)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ParseConfig(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}

// TestParseConfigEnvSynonyms: environments: accepts every name that file
// names are read by, in any case, as its canonical environment.
func TestParseConfigEnvSynonyms(t *testing.T) {
	src := "environments:\n  a: prod\n  b: PRD\n  c: live\n  d: stage\n  e: stg\n  f: preprod\n  g: uat\n" +
		"  h: dev\n  i: local\n  j: testing\n  k: ci\n  l: sample\n  m: template\n  n: Production\n"
	c, err := ParseConfig("c.yaml", []byte(src), "/r", "/r", func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	want := "a=production b=production c=production d=staging e=staging f=staging g=staging " +
		"h=development i=development j=test k=test l=example m=example n=production"
	var got []string
	for _, g := range c.Envs {
		got = append(got, g.Glob+"="+g.Env.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("environments read as\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}
