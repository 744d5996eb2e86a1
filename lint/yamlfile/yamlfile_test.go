package yamlfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// want describes one expected pair. raw and inner are the expected source
// text of Raw and Inner; inner "=" means "same as raw".
type want struct {
	path, quote, value, raw, inner string
	key                            string // src[KeySpan]; default: last path segment
	tag, hint                      string
	scope                          string // pairs with equal labels share a Scope; different labels differ
}

func p(path, quote, value, raw, inner string) want {
	return want{path: path, quote: quote, value: value, raw: raw, inner: inner}
}

func (w want) k(key string) want   { w.key = key; return w }
func (w want) s(label string) want { w.scope = label; return w }
func (w want) h(hint string) want  { w.hint = hint; return w }
func (w want) tg(tag string) want  { w.tag = tag; return w }

var quoteCodes = map[string]syntax.Quote{
	"u": syntax.Unquoted, "s": syntax.SingleQuoted, "d": syntax.DoubleQuoted,
	"l": syntax.LiteralBlock, "f": syntax.FoldedBlock,
}

type readCase struct {
	name string
	src  string
	want []want
	errs int // expected number of parse errors
}

var readCases = []readCase{
	{
		name: "nesting, quotes and comments",
		src: "postmark:\n" +
			"  server_token: \"pm-fake-0000\"   # comment\n" +
			"  base_url: https://api.postmarkapp.com # the API\n" +
			"  from: 'noreply@example.com'\n" +
			"  hash: a#b\n" +
			"other: x\n",
		want: []want{
			p("postmark.server_token", "d", "pm-fake-0000", `"pm-fake-0000"`, "pm-fake-0000").s("pm"),
			p("postmark.base_url", "u", "https://api.postmarkapp.com", "https://api.postmarkapp.com", "=").s("pm"),
			p("postmark.from", "s", "noreply@example.com", `'noreply@example.com'`, "noreply@example.com").s("pm"),
			p("postmark.hash", "u", "a#b", "a#b", "=").s("pm"),
			p("other", "u", "x", "x", "=").s("root"),
		},
	},
	{
		name: "quoted keys",
		src:  "\"quoted key\": v1\n'it''s': v2\n\"esc\\tkey\": v3\n",
		want: []want{
			p("quoted key", "u", "v1", "v1", "="),
			p("it's", "u", "v2", "v2", "=").k("it''s"),
			p("esc\tkey", "u", "v3", "v3", "=").k(`esc\tkey`),
		},
	},
	{
		name: "flow mappings",
		src:  "pm: {token: pm-fake-1, \"url\": \"https://x\", n: , 'q': 'it''s'}\nf: {a, b: c}\n",
		want: []want{
			p("pm.token", "u", "pm-fake-1", "pm-fake-1", "=").s("pm"),
			p("pm.url", "d", "https://x", `"https://x"`, "https://x").s("pm"),
			p("pm.n", "u", "", "", "").s("pm"),
			p("pm.q", "s", "it's", `'it''s'`, "it''s").s("pm"),
			p("f.a", "u", "", "", "").s("f"),
			p("f.b", "u", "c", "c", "=").s("f"),
		},
	},
	{
		name: "flow sequences",
		src:  "a: [x, {b: c}, \"d\", [{e: f}]]\n",
		want: []want{
			p("a.[1].b", "u", "c", "c", "="),
			p("a.[3].[0].e", "u", "f", "f", "="),
		},
	},
	{
		name: "block scalars",
		src: "a: |\n  line1\n  line2\n" +
			"b: |-\n  x\n\n" +
			"c: |+\n  y\n\n\n" +
			"d: >\n  folded\n  text\n" +
			"e: >-\n  z\n" +
			"f: |2\n    indented\n" +
			"g: |-2 # comment\n   k\n" +
			"h: |\n\n  after blank\n" +
			"i: |\n" +
			"j: >+\n  keep\n",
		want: []want{
			p("a", "l", "line1\nline2\n", "|\n  line1\n  line2", "line1\n  line2"),
			p("b", "l", "x", "|-\n  x", "x"),
			p("c", "l", "y\n\n\n", "|+\n  y", "y"),
			p("d", "f", "folded text\n", ">\n  folded\n  text", "folded\n  text"),
			p("e", "f", "z", ">-\n  z", "z"),
			p("f", "l", "  indented\n", "|2\n    indented", "indented"),
			p("g", "l", " k", "|-2 # comment\n   k", "k"),
			p("h", "l", "\nafter blank\n", "|\n\n  after blank", "after blank"),
			p("i", "l", "", "|", ""),
			p("j", "f", "keep\n", ">+\n  keep", "keep"),
		},
	},
	{
		name: "multi-line plain and quoted scalars",
		src: "a: this is\n  multi line\n\n  plain # c\n" +
			"b: \"one\n  two \\\"q\\\"\"\n" +
			"c: 'one\n\n  two'\n" +
			"d: x\n",
		want: []want{
			p("a", "u", "this is multi line\nplain", "this is\n  multi line\n\n  plain", "="),
			p("b", "d", `one two "q"`, "\"one\n  two \\\"q\\\"\"", "one\n  two \\\"q\\\""),
			p("c", "s", "one\ntwo", "'one\n\n  two'", "one\n\n  two"),
			p("d", "u", "x", "x", "="),
		},
	},
	{
		name: "nulls",
		src:  "a:\nb: ~\nc: null\nd: # comment\ne: &x\nf: !!null\ng: \"\"\n",
		want: []want{
			p("a", "u", "", "", ""),
			p("b", "u", "", "~", "="),
			p("c", "u", "", "null", "="),
			p("d", "u", "", "", ""),
			p("e", "u", "", "", ""),
			p("f", "u", "", "", "").tg("!!null"),
			p("g", "d", "", `""`, ""),
		},
	},
	{
		name: "tags",
		src: "a: !ENV ${X}\nb: !!str 123\nc: ! x\nd: !<tag:yaml.org,2002:str> v\n" +
			"e: &anc !ENV y\nf: !ENV\n  ${MULTI}\ng: !ENV \"q\"\n",
		want: []want{
			p("a", "u", "${X}", "${X}", "=").tg("!ENV"),
			p("b", "u", "123", "123", "=").tg("!!str"),
			p("c", "u", "x", "x", "=").tg("!"),
			p("d", "u", "v", "v", "=").tg("!<tag:yaml.org,2002:str>"),
			p("e", "u", "y", "y", "=").tg("!ENV"),
			p("f", "u", "${MULTI}", "${MULTI}", "=").tg("!ENV"),
			p("g", "d", "q", `"q"`, "q").tg("!ENV"),
		},
	},
	{
		name: "anchors, aliases and merge",
		src: "base: &base\n  token: pm-fake-1111\n  host: api.postmarkapp.com\n" +
			"prod:\n  <<: *base\n  host: override.example.com\n" +
			"copy: *base\n" +
			"scal: &s pm-fake-2222\n" +
			"use: *s\n",
		want: []want{
			p("base.token", "u", "pm-fake-1111", "pm-fake-1111", "=").s("base"),
			p("base.host", "u", "api.postmarkapp.com", "api.postmarkapp.com", "=").s("base"),
			p("prod.token", "u", "pm-fake-1111", "pm-fake-1111", "=").k("token").s("prod"),
			p("prod.host", "u", "override.example.com", "override.example.com", "=").s("prod"),
			p("copy.token", "u", "pm-fake-1111", "pm-fake-1111", "=").s("copy"),
			p("copy.host", "u", "api.postmarkapp.com", "api.postmarkapp.com", "=").s("copy"),
			p("scal", "u", "pm-fake-2222", "pm-fake-2222", "=").s("root"),
			p("use", "u", "pm-fake-2222", "pm-fake-2222", "=").s("root"),
		},
	},
	{
		name: "merge list precedence",
		src: "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4, w: 6}\n" +
			"c:\n  z: 5\n  <<: [*a, *b]\n",
		want: []want{
			p("a.x", "u", "1", "1", "="), p("a.y", "u", "2", "2", "="),
			p("b.y", "u", "3", "3", "="), p("b.z", "u", "4", "4", "="), p("b.w", "u", "6", "6", "="),
			p("c.z", "u", "5", "5", "=").s("c"),
			p("c.x", "u", "1", "1", "=").s("c"),
			p("c.y", "u", "2", "2", "=").s("c"),
			p("c.w", "u", "6", "6", "=").s("c"),
		},
	},
	{
		name: "nested merge and inline merge map",
		src:  "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: [*b, {z: 3}], y: 9}\n",
		want: []want{
			p("a.x", "u", "1", "1", "="),
			p("b.x", "u", "1", "1", "="), p("b.y", "u", "2", "2", "="),
			p("c.x", "u", "1", "1", "="), p("c.z", "u", "3", "3", "="), p("c.y", "u", "9", "9", "="),
		},
	},
	{
		name: "aliased key",
		src:  "k: &k key1\n*k : v\n",
		want: []want{
			p("k", "u", "key1", "key1", "="),
			p("key1", "u", "v", "v", "=").k("key1"),
		},
	},
	{
		name: "multi-document",
		src:  "a: 1\n---\nb: 2\n...\n---\nc: 3\n--- plain\n---\n- d: 4\n",
		want: []want{
			p("a", "u", "1", "1", "=").s("1"),
			p("b", "u", "2", "2", "=").s("2"),
			p("c", "u", "3", "3", "=").s("3"),
			p("[0].d", "u", "4", "4", "=").s("4"),
		},
	},
	{
		name: "sequences and complex keys",
		src:  "list:\n  - a: 1\n  - - b: 2\n  - plain\n? [x, y]\n: skipped\n? complex\n: v\n",
		want: []want{
			p("list.[0].a", "u", "1", "1", "="),
			p("list.[1].[0].b", "u", "2", "2", "="),
			p("complex", "u", "v", "v", "="),
		},
	},
	{
		name: "compose environment map and list",
		src: "services:\n  web:\n    environment:\n      POSTMARK_API_TOKEN: pm-fake-3333\n      OTHER: \"x\"\n" +
			"  worker:\n    environment:\n" +
			"      - POSTMARK_SERVER_TOKEN=pm-fake-4444\n" +
			"      - \"QUOTED='pm-fake-5555'\"\n" +
			"      - export E_X.Y=\"y\"\n" +
			"      - \"ESC=a\\tb\"\n" +
			"      - EMPTY=\n" +
			"      - not an assignment\n" +
			"      - =bad\n" +
			"      - 42\n",
		want: []want{
			p("services.web.environment.POSTMARK_API_TOKEN", "u", "pm-fake-3333", "pm-fake-3333", "=").s("map"),
			p("services.web.environment.OTHER", "d", "x", `"x"`, "x").s("map"),
			p("services.worker.environment.POSTMARK_SERVER_TOKEN", "u", "pm-fake-4444", "pm-fake-4444", "=").s("list"),
			p("services.worker.environment.QUOTED", "s", "pm-fake-5555", "'pm-fake-5555'", "pm-fake-5555").s("list"),
			p("services.worker.environment.E_X.Y", "d", "y", `"y"`, "y").k("E_X.Y").s("list"),
			p("services.worker.environment.ESC", "d", "a\tb", `"ESC=a\tb"`, `ESC=a\tb`).k(`ESC=a\tb`).s("list"),
			p("services.worker.environment.EMPTY", "u", "", "", "").s("list"),
		},
	},
	{
		name: "travis env list",
		src:  "language: ruby\nenv:\n  global:\n    - export POSTMARK_API_TOKEN=\"server_key\"\n    - secure: abcd\n",
		want: []want{
			p("language", "u", "ruby", "ruby", "="),
			p("env.global.POSTMARK_API_TOKEN", "d", "server_key", `"server_key"`, "server_key"),
			p("env.global.[1].secure", "u", "abcd", "abcd", "="),
		},
	},
	{
		name: "kubernetes env",
		src: "spec:\n  containers:\n    - name: app\n      env:\n" +
			"        - name: POSTMARK_TOKEN\n          value: \"pm-fake-6666\"\n" +
			"        - name: FROM_SECRET\n          valueFrom:\n            secretKeyRef: {name: pm, key: token}\n" +
			"        - value: second\n          name: EMPTY_FIRST\n" +
			"        - name: EMPTY\n          value:\n",
		want: []want{
			p("spec.containers.[0].name", "u", "app", "app", "="),
			p("spec.containers.[0].env.POSTMARK_TOKEN", "d", "pm-fake-6666", `"pm-fake-6666"`, "pm-fake-6666").s("env"),
			p("spec.containers.[0].env.EMPTY_FIRST", "u", "second", "second", "=").s("env"),
			p("spec.containers.[0].env.EMPTY", "u", "", "", "").s("env"),
		},
	},
	{
		name: "github actions environment",
		src: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n" +
			"    steps:\n      - uses: actions/checkout@v4\n      - name: Send\n" +
			"        env:\n          POSTMARK_SERVER_TOKEN: ${{ secrets.POSTMARK_SERVER_TOKEN }}\n" +
			"        run: ./send.sh\n" +
			"  other:\n    environment:\n      name: staging\n      url: https://example.com\n" +
			"    env:\n      X: y\ntop: z\n",
		want: []want{
			p("on", "u", "push", "push", "="),
			p("jobs.deploy.runs-on", "u", "ubuntu-latest", "ubuntu-latest", "=").h("production"),
			p("jobs.deploy.environment", "u", "production", "production", "=").h("production"),
			p("jobs.deploy.steps.[0].uses", "u", "actions/checkout@v4", "actions/checkout@v4", "=").h("production"),
			p("jobs.deploy.steps.[1].name", "u", "Send", "Send", "=").h("production"),
			p("jobs.deploy.steps.[1].env.POSTMARK_SERVER_TOKEN", "u", "${{ secrets.POSTMARK_SERVER_TOKEN }}", "${{ secrets.POSTMARK_SERVER_TOKEN }}", "=").h("production"),
			p("jobs.deploy.steps.[1].run", "u", "./send.sh", "./send.sh", "=").h("production"),
			p("jobs.other.environment.name", "u", "staging", "staging", "=").h("staging"),
			p("jobs.other.environment.url", "u", "https://example.com", "https://example.com", "=").h("staging"),
			p("jobs.other.env.X", "u", "y", "y", "=").h("staging"),
			p("top", "u", "z", "z", "="),
		},
	},
	{
		name: "crlf",
		src:  "a: b\r\nc: \"d\"\r\ne: |\r\n  x\r\n  y\r\nf: g # c\r\nh:\r\n",
		want: []want{
			p("a", "u", "b", "b", "="),
			p("c", "d", "d", `"d"`, "d"),
			p("e", "l", "x\ny\n", "|\r\n  x\r\n  y", "x\r\n  y"),
			p("f", "u", "g", "g", "="),
			p("h", "u", "", "", ""),
		},
	},
	{
		name: "bom",
		src:  "\xef\xbb\xbfa: b\nc: 'd'\n",
		want: []want{p("a", "u", "b", "b", "="), p("c", "s", "d", "'d'", "d")},
	},
	{
		name: "non-ascii before values",
		src:  "é: ü x\nnamé: \"ö\"  # ü\n日本: {k: 値, 鍵: v}\n- bad",
		errs: 1, // the trailing "- bad" makes the decoder refuse the file
		want: []want{
			p("é", "u", "ü x", "ü x", "="),
			p("namé", "d", "ö", `"ö"`, "ö"),
		},
	},
	{
		name: "non-ascii before values, valid",
		src:  "é: ü x\nnamé: \"ö\"  # ü\n日本: {k: 値, 鍵: v}\nz: |\n  ü\n",
		want: []want{
			p("é", "u", "ü x", "ü x", "="),
			p("namé", "d", "ö", `"ö"`, "ö"),
			p("日本.k", "u", "値", "値", "="),
			p("日本.鍵", "u", "v", "v", "="),
			p("z", "l", "ü\n", "|\n  ü", "ü"),
		},
	},
	{
		name: "recovery: tab indentation",
		src:  "postmark:\n\tserver_token: pm-fake-7777 # c\n\tfrom: \"a@example.com\"\n\tnote: 'it''s'\nother: \"x\\ty\"\nlist:\n  - FOO=bar\n  - k: v\n",
		errs: 1,
		want: []want{
			p("postmark.server_token", "u", "pm-fake-7777", "pm-fake-7777", "=").s("pm"),
			p("postmark.from", "d", "a@example.com", `"a@example.com"`, "a@example.com").s("pm"),
			p("postmark.note", "s", "it's", "'it''s'", "it''s").s("pm"),
			p("other", "d", "x\ty", `"x\ty"`, `x\ty`).s("root"),
			p("list.FOO", "u", "bar", "bar", "="),
			p("list.[1].k", "u", "v", "v", "="),
		},
	},
	{
		name: "recovery: blocks, nulls, environment hint",
		src: "jobs:\n  deploy:\n    environment: production\n    env:\n      TOKEN: |\n        pm-fake-8888\n" +
			"      EMPTY:\n      TAGGED: !ENV ${X}\n\tbroken: [\n",
		errs: 1,
		want: []want{
			p("jobs.deploy.environment", "u", "production", "production", "=").h("production"),
			p("jobs.deploy.env.TOKEN", "l", "pm-fake-8888\n", "|\n        pm-fake-8888", "pm-fake-8888").h("production"),
			p("jobs.deploy.env.EMPTY", "u", "", "", "").h("production"),
			p("jobs.deploy.env.TAGGED", "u", "${X}", "${X}", "=").tg("!ENV").h("production"),
		},
	},
}

func TestRead(t *testing.T) {
	for _, tc := range readCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			pairs, errs := Read(src)
			checkInvariants(t, src, pairs, len(errs) == 0)
			if len(errs) != tc.errs {
				t.Errorf("got %d parse errors %v, want %d", len(errs), errs, tc.errs)
			}
			if len(pairs) != len(tc.want) {
				t.Errorf("got %d pairs, want %d:\n%s", len(pairs), len(tc.want), describe(src, pairs))
				return
			}
			scopes := map[string]int{}
			labelOf := map[int]string{}
			for i, w := range tc.want {
				got := pairs[i]
				if err := matchPair(src, got, w); err != "" {
					t.Errorf("pair %d (%s): %s", i, w.path, err)
				}
				if w.scope == "" {
					continue
				}
				if s, ok := scopes[w.scope]; ok && s != got.Scope {
					t.Errorf("pair %d (%s): scope %d, want that of label %q (%d)", i, w.path, got.Scope, w.scope, s)
				}
				if l, ok := labelOf[got.Scope]; ok && l != w.scope {
					t.Errorf("pair %d (%s): scope %d shared with label %q, want distinct", i, w.path, got.Scope, l)
				}
				scopes[w.scope], labelOf[got.Scope] = got.Scope, w.scope
			}
		})
	}
}

func matchPair(src []byte, got syntax.Pair, w want) string {
	var errs []string
	check := func(what, g, w string) {
		if g != w {
			errs = append(errs, fmt.Sprintf("%s = %q, want %q", what, g, w))
		}
	}
	check("path", strings.Join(got.Path, "."), w.path)
	check("quote", got.Quote.String(), quoteCodes[w.quote].String())
	check("value", got.Value, w.value)
	check("raw", text(src, got.Raw), w.raw)
	inner := w.inner
	if inner == "=" {
		inner = w.raw
	}
	check("inner", text(src, got.Inner), inner)
	key := w.key
	if key == "" && len(got.Path) > 0 {
		key = got.Path[len(got.Path)-1]
	}
	check("key", text(src, got.KeySpan), key)
	check("tag", got.Tag, w.tag)
	check("hint", got.EnvHint, w.hint)
	return strings.Join(errs, "; ")
}

func text(src []byte, s syntax.Span) string {
	if s.Start < 0 || s.End > len(src) || s.Start > s.End {
		return fmt.Sprintf("<bad span %v>", s)
	}
	return string(src[s.Start:s.End])
}

// describe lists pairs for a failure message of a table test (fixtures
// hold only fake values, so printing them is safe).
func describe(src []byte, pairs []syntax.Pair) string {
	var b strings.Builder
	for _, p := range pairs {
		fmt.Fprintf(&b, "  %s %s value=%q raw=%q scope=%d hint=%q tag=%q\n", p.Key(), p.Quote, p.Value, text(src, p.Raw), p.Scope, p.EnvHint, p.Tag)
	}
	return b.String()
}

func TestParseErrorRedacted(t *testing.T) {
	src := []byte("a: 1\nb: *secretanchorname\n")
	_, errs := Read(src)
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1", len(errs))
	}
	if strings.Contains(errs[0].Msg, "secretanchorname") {
		t.Errorf("message leaks file text: %q", errs[0].Msg)
	}
	src = []byte("a: 1\nb: [1, 2\nc: 3\n")
	_, errs = Read(src)
	if len(errs) != 1 || errs[0].Line == 0 || strings.HasPrefix(errs[0].Msg, "yaml:") {
		t.Fatalf("errors = %+v, want one with a line and no prefix", errs)
	}
	if want := strings.Index(string(src), "\n") + 1; errs[0].Line == 2 && errs[0].Offset != want {
		t.Errorf("offset = %d, want start of line 2 (%d)", errs[0].Offset, want)
	}
}

func TestColumnsCountRunes(t *testing.T) {
	// yaml.v3 counts a column per character, after a BOM it does not count.
	src := []byte("\xef\xbb\xbfé日: 値x")
	pairs, errs := Read(src)
	if len(errs) != 0 || len(pairs) != 1 || text(src, pairs[0].Raw) != "値x" {
		t.Fatalf("got %v %v", errs, describe(src, pairs))
	}
}

func TestUTF16Refused(t *testing.T) {
	pairs, errs := Read([]byte("\xff\xfea\x00:\x00 \x00b\x00"))
	if len(pairs) != 0 || len(errs) != 1 {
		t.Fatalf("got %d pairs, %d errors", len(pairs), len(errs))
	}
}

func TestAliasCycle(t *testing.T) {
	for _, src := range []string{"a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a {<<: *a, x: 1}\n", "&a [*a, {b: *a}]"} {
		pairs, errs := Read([]byte(src))
		checkInvariants(t, []byte(src), pairs, false)
		if len(errs) == 0 {
			t.Errorf("%q: want a parse error for the cycle", src)
		}
	}
}
