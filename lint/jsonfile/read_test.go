package jsonfile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// fakeToken is an obviously fake Postmark-shaped token.
const fakeToken = "00000000-0000-4000-8000-00000000aa01"

// pair is the part of a Pair a table case pins: the path joined with ".",
// the value and the quote.
type pair struct {
	path, value string
	quote       syntax.Quote
}

func str(path, value string) pair { return pair{path, value, syntax.DoubleQuoted} }
func lit(path, value string) pair { return pair{path, value, syntax.Unquoted} }

type readCase struct {
	name  string
	src   string
	want  []pair
	errAt int    // offset of the expected error, -1 for none
	err   string // its message
}

var readCases = []readCase{
	{"appsettings", `{"Postmark": {"ServerToken": "` + fakeToken + `", "From": "a@example.com"}}`,
		[]pair{str("Postmark.ServerToken", fakeToken), str("Postmark.From", "a@example.com")}, -1, ""},
	{"scalars", `{"a": 1, "b": -2.5e+3, "c": true, "d": false, "e": null, "f": ""}`,
		[]pair{lit("a", "1"), lit("b", "-2.5e+3"), lit("c", "true"), lit("d", "false"), lit("e", "null"), str("f", "")}, -1, ""},
	{"escapes", `{"zwsp": "a\u200bb", "tab": "a\tb", "all": "\"\\\/\b\f\n\r\t", "pair": "\ud83d\ude00", "upper": "\u00E9"}`,
		[]pair{str("zwsp", "a\u200bb"), str("tab", "a\tb"), str("all", "\"\\/\b\f\n\r\t"), str("pair", "\U0001F600"), str("upper", "é")}, -1, ""},
	{"lone surrogates", `{"hi": "\ud83dx", "lo": "\ude00", "two": "\ud83d\u0041"}`,
		[]pair{str("hi", "\uFFFDx"), str("lo", "\uFFFD"), str("two", "\uFFFDA")}, -1, ""},
	{"invalid utf-8", "{\"a\": \"x\xffy\"}", []pair{str("a", "x\uFFFDy")}, -1, ""},
	{"escaped key", `{"Server\u0054oken": "v"}`, []pair{str("ServerToken", "v")}, -1, ""},
	{"nested", `{"a": {"b": {"c": "x"}, "d": "y"}, "e": "z"}`,
		[]pair{str("a.b.c", "x"), str("a.d", "y"), str("e", "z")}, -1, ""},
	{"arrays of objects", `{"env": [{"name": "T", "value": "v"}, 1, [{"x": "y"}]], "s": ["a", "b"]}`,
		[]pair{str("env.[0].name", "T"), str("env.[0].value", "v"), str("env.[2].[0].x", "y")}, -1, ""},
	{"top-level array", `[{"a": "b"}, "c"]`, []pair{str("[0].a", "b")}, -1, ""},
	{"top-level scalar", `"x"`, nil, -1, ""},
	{"comments everywhere", "// head\n/* a */{/* b */\"a\"/* c */:/* d */\"v\"/* e */,// f\n\"b\": 1 // g\n/* h */}/* i */\n// tail",
		[]pair{str("a", "v"), lit("b", "1")}, -1, ""},
	{"comment markers in strings", `{"url": "http://example.com/*x*/"}`, []pair{str("url", "http://example.com/*x*/")}, -1, ""},
	{"trailing commas", "{\"a\": [1, 2,], \"b\": {\"c\": \"d\",},}", []pair{str("b.c", "d")}, -1, ""},
	{"trailing comma before comment", "{\"a\": \"b\", // c\n}", []pair{str("a", "b")}, -1, ""},
	{"crlf", "{\r\n  \"a\": \"b\",\r\n  \"c\": \"d\"\r\n}\r\n", []pair{str("a", "b"), str("c", "d")}, -1, ""},
	{"bom", "\xef\xbb\xbf{\"a\": \"b\"}", []pair{str("a", "b")}, -1, ""},
	{"duplicate key", `{"a": "1", "a": "2"}`, []pair{str("a", "1"), str("a", "2")}, -1, ""},
	{"empty", "", nil, 0, "the file holds no JSON value"},
	{"only a comment", "// nothing\n", nil, 11, "the file holds no JSON value"},
	{"second bom", "\xef\xbb\xbf\xef\xbb\xbf{}", nil, 3, "unexpected character where a value was expected"},
	{"unterminated string", "{\n\"a\": \"" + fakeToken + "\n,\"b\": \"c\"}",
		[]pair{str("a", fakeToken), str("b", "c")}, 7, "unterminated string"},
	{"unterminated string at the end", `{"a": "xy`, []pair{str("a", "xy")}, 6, "unterminated string"},
	{"bad escape", `{"a": "x\qy", "b": "c"}`, []pair{str("a", `x\qy`), str("b", "c")}, 8, "invalid escape in a string"},
	{"bad unicode escape", `{"a": "x\u12y", "b": "c"}`, []pair{str("a", `x\u12y`), str("b", "c")}, 8, "invalid \\u escape in a string: want four hex digits"},
	{"control character", "{\"a\": \"x\ty\"}", []pair{str("a", "x\ty")}, 8, "control character in a string: write it as an escape"},
	{"missing colon", `{"a" "b", "c": "d"}`, []pair{str("a", "b"), str("c", "d")}, 5, "missing colon after a member name"},
	{"missing comma", "{\"a\": \"b\"\n\"c\": \"d\"}", []pair{str("a", "b"), str("c", "d")}, 10, "missing comma between members"},
	{"junk value", "{\"a\": {\"x\": bad},\n\"b\": \"c\"}", []pair{str("b", "c")}, 12, "unexpected character where a value was expected"},
	{"single quotes", "{'a': 'b',\n\"c\": \"d\"}", []pair{str("c", "d")}, 1, "expected a member name in double quotes"},
	{"unterminated comment", `{"a": "b"} /* x`, []pair{str("a", "b")}, 11, "unterminated comment"},
	{"unclosed object", `{"a": {"b": "c"`, []pair{str("a.b", "c")}, 15, "the file ends inside an object"},
	{"mismatched bracket", `{"a": [{"b": "c"}}, "d": "e"}`, []pair{str("a.[0].b", "c"), str("d", "e")}, 17, "unexpected '}' in an array"},
	{"leading comma", `{, "a": "b"}`, []pair{str("a", "b")}, 1, "unexpected comma: a member is missing"},
	{"bad numbers", "{\"a\": 01, \"b\": 1., \"c\": -, \"d\": .5, \"e\": +1, \"f\": 2}",
		[]pair{lit("f", "2")}, 7, "invalid number"},
	{"NaN", `{"a": NaN, "b": "c"}`, []pair{str("b", "c")}, 6, "unexpected character where a value was expected"},
	{"trailing content", `{"a": "b"} {"c": "d"}`, []pair{str("a", "b"), str("c", "d")}, 11, "unexpected content after the top-level value"},
	{"members after the top-level value", `{"a": "b"}, "c": "d", "e": 1}`, []pair{str("a", "b"), str("c", "d"), lit("e", "1")}, 10, "unexpected content after the top-level value"},
	{"bad literal", `{"a": nul, "b": "c"}`, []pair{str("b", "c")}, 6, "invalid literal: want true, false or null"},
	{"broken appsettings", "{\n  \"Logging\": {\"LogLevel\": {\"Default\": Information}},\n  \"Postmark\": {\n    \"ServerToken\": \"" + fakeToken + "\n    \"From\": \"a@example.com\"\n  }\n  \"Other\": {\"ApiKey\": 'x'}\n}\n",
		[]pair{str("Postmark.ServerToken", fakeToken), str("Postmark.From", "a@example.com")}, 40, "unexpected character where a value was expected"},
	{"literal prefix", `{"a": truex}`, []pair{lit("a", "true")}, 10, "unexpected character after a member"},
	{"too deep", strings.Repeat("[", maxDepth) + "[{\"a\": \"b\"}]" + strings.Repeat("]", maxDepth),
		nil, maxDepth, "objects and arrays nested more than 10000 levels deep"},
	{"deep enough", strings.Repeat("[", maxDepth-1) + "{\"a\": \"b\"}" + strings.Repeat("]", maxDepth-1),
		[]pair{str(strings.Repeat("[0].", maxDepth-1)+"a", "b")}, -1, ""},
}

func TestRead(t *testing.T) {
	for _, tc := range readCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			pairs, errs := Read(src)
			checkInvariants(t, src, pairs, errs)
			checkDifferential(t, src)
			var got []pair
			for _, p := range pairs {
				got = append(got, pair{strings.Join(p.Path, "."), p.Value, p.Quote})
			}
			if len(got) != len(tc.want) {
				t.Errorf("%d pairs, want %d", len(got), len(tc.want))
			}
			for i := range min(len(got), len(tc.want)) {
				g, w := got[i], tc.want[i]
				if g.path != w.path || g.value != w.value || g.quote != w.quote {
					t.Errorf("pair %d: path %s %v value %s, want path %s %v value %s", i,
						redact(g.path), g.quote, redact(g.value), redact(w.path), w.quote, redact(w.value))
				}
			}
			switch {
			case tc.errAt < 0 && len(errs) > 0:
				t.Errorf("errors %+v, want none", errs)
			case tc.errAt >= 0 && len(errs) == 0:
				t.Errorf("no error, want %q at %d", tc.err, tc.errAt)
			case tc.errAt >= 0 && (errs[0].Offset != tc.errAt || errs[0].Msg != tc.err):
				t.Errorf("error %q at %d, want %q at %d", errs[0].Msg, errs[0].Offset, tc.err, tc.errAt)
			}
		})
	}
}

// TestSpans pins the exact spans of a key, a string and a number.
func TestSpans(t *testing.T) {
	src := []byte("{\r\n  // c\r\n  \"Postmark\": {\"ServerToken\": \"a\\tb\", \"Port\": 25},\r\n}")
	pairs, errs := Read(src)
	if len(errs) > 0 || len(pairs) != 2 {
		t.Fatalf("%d pairs, errors %+v", len(pairs), errs)
	}
	text := func(s syntax.Span) string { return string(src[s.Start:s.End]) }
	tok, port := pairs[0], pairs[1]
	if text(tok.KeySpan) != "ServerToken" || text(tok.Raw) != `"a\tb"` || text(tok.Inner) != `a\tb` || tok.Value != "a\tb" {
		t.Errorf("string spans: key %v raw %v inner %v", tok.KeySpan, tok.Raw, tok.Inner)
	}
	if text(port.KeySpan) != "Port" || text(port.Raw) != "25" || port.Inner != port.Raw {
		t.Errorf("number spans: key %v raw %v inner %v", port.KeySpan, port.Raw, port.Inner)
	}
}

// TestScopes checks that siblings share a scope and other objects do not.
func TestScopes(t *testing.T) {
	pairs, _ := Read([]byte(`{"a": "1", "o": {"b": "2", "c": "3"}, "d": "4", "l": [{"e": "5"}, {"f": "6"}]}`))
	scope := map[string]int{}
	for _, p := range pairs {
		scope[strings.Join(p.Path, ".")] = p.Scope
	}
	same := [][2]string{{"a", "d"}, {"o.b", "o.c"}}
	differ := [][2]string{{"a", "o.b"}, {"l.[0].e", "l.[1].f"}, {"a", "l.[0].e"}}
	for _, s := range same {
		if scope[s[0]] != scope[s[1]] {
			t.Errorf("%s and %s: scopes %d and %d, want equal", s[0], s[1], scope[s[0]], scope[s[1]])
		}
	}
	for _, d := range differ {
		if scope[d[0]] == scope[d[1]] {
			t.Errorf("%s and %s: both scope %d", d[0], d[1], scope[d[0]])
		}
	}
}

// TestLeftoverScope checks that members recovered after the top-level
// value are siblings of each other, not of the object before them.
func TestLeftoverScope(t *testing.T) {
	pairs, _ := Read([]byte(`{"a": "b"}, "c": "d", "e": 1}`))
	if len(pairs) != 3 || pairs[1].Scope != pairs[2].Scope || pairs[0].Scope == pairs[1].Scope {
		t.Errorf("%d pairs; want c and e in one scope, apart from a", len(pairs))
	}
}

func TestReadPlain(t *testing.T) {
	for _, tc := range []struct{ src, msg string }{
		{"{\"a\": 1}", ""},
		{"{\"a\": 1, // x\n\"b\": 2}", "a comment"},
		{"{\"a\": 1 /* x */}", "a comment"},
		{"{\"a\": 1 // postmarklint:ignore token-format -- x\n}", "instead of postmarklint:ignore, use --baseline"},
		{"{\"a\": [1, 2,]}", "a trailing comma"},
		{"\ufeff{\"a\": 1}", "a byte order mark"},
		{"{\"a\": }", "expected"},
	} {
		pairs, errs := ReadPlain([]byte(tc.src))
		switch {
		case tc.msg == "" && len(errs) > 0:
			t.Errorf("%q: unexpected %+v", tc.src, errs)
		case tc.msg != "" && (len(errs) != 1 || !strings.Contains(errs[0].Msg, tc.msg)):
			t.Errorf("%q: errors %+v, want one about %q", tc.src, errs, tc.msg)
		}
		if all, _ := Read([]byte(tc.src)); len(all) != len(pairs) {
			t.Errorf("%q: %d pairs, Read has %d", tc.src, len(pairs), len(all))
		}
	}
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		inner      string
		i, j       int
		start, end int
		ok         bool
	}{
		{`abc`, 1, 2, 1, 2, true},
		{`ab\u200bc`, 2, 5, 2, 8, true},  // U+200B: 3 bytes of the value, 6 as written
		{`ab\u200bc`, 5, 6, 8, 9, true},  // the character after it
		{`ab\u200bc`, 0, 6, 0, 9, true},  // the whole value
		{`ab\u200bc`, 3, 5, 0, 0, false}, // inside what the escape decodes to
		{`a\tb`, 1, 2, 1, 3, true},
		{`\ud83d\ude00x`, 0, 4, 0, 12, true}, // a surrogate pair is one character
		{`\ud83d\ude00x`, 4, 5, 12, 13, true},
		{"é\\\"", 2, 3, 2, 4, true},
		{`ab`, 1, 3, 0, 0, false}, // past the end
	} {
		var value string
		if err := json.Unmarshal([]byte(`"`+tc.inner+`"`), &value); err != nil {
			t.Fatal(err)
		}
		start, end, ok := Locate([]byte(tc.inner), value, tc.i, tc.j)
		if ok != tc.ok || ok && (start != tc.start || end != tc.end) {
			t.Errorf("Locate(%q, %d, %d) = %d, %d, %v; want %d, %d, %v", tc.inner, tc.i, tc.j, start, end, ok, tc.start, tc.end, tc.ok)
		}
		// Another value (a DSN's user name, a decoded Secret) is not there.
		if _, _, ok := Locate([]byte(tc.inner), value+"x", tc.i, tc.j); ok {
			t.Errorf("Locate(%q) located a value it does not read as", tc.inner)
		}
	}
}
