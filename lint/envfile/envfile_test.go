package envfile

import (
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// wantPair is one expected assignment: raw and inner are the source text of
// the Raw and Inner spans.
type wantPair struct {
	key   string
	quote syntax.Quote
	value string
	raw   string
	inner string // defaults to raw
}

type wantErr struct {
	offset int
	msg    string
}

type readTest struct {
	name  string
	src   string
	pairs []wantPair
	errs  []wantErr
}

// u is an unquoted pair: Raw as written, Inner without the blanks that
// godotenv trims.
func u(key, value, raw string) wantPair {
	return wantPair{key: key, quote: syntax.Unquoted, value: value, raw: raw, inner: strings.TrimFunc(raw, isGodotenvSpace)}
}

func q(key string, quote syntax.Quote, value, raw, inner string) wantPair {
	return wantPair{key: key, quote: quote, value: value, raw: raw, inner: inner}
}

const (
	sq = syntax.SingleQuoted
	dq = syntax.DoubleQuoted
	bt = syntax.Backtick
)

// All values are fake.
var readTests = []readTest{
	{name: "empty file", src: ""},
	{name: "only blank lines and comments", src: "\n  \n# comment\n\t# indented comment\n"},
	{name: "plain", src: "FOO=bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "no final newline", src: "FOO=bar", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "export", src: "export FOO=bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "export with tab and spaces", src: "export \t FOO=bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "export as key", src: "export=1\n", pairs: []wantPair{u("export", "1", "1")}},
	{name: "export glued to key", src: "exportFOO=1\n", pairs: []wantPair{u("exportFOO", "1", "1")}},
	{name: "export without a name", src: "export \nFOO=1\n",
		pairs: []wantPair{u("FOO", "1", "1")},
		errs:  []wantErr{{7, msgExportAlone}}},
	{name: "export without a name at end of file", src: "export  ",
		errs: []wantErr{{8, msgExportAlone}}},
	{name: "colon separator", src: "FOO: bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "colon without space", src: "FOO:bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "spaces around equals", src: "  FOO  =  bar  \n", pairs: []wantPair{u("FOO", "bar", "bar  ")}},
	{name: "space inside key", src: "FO O=1\n", pairs: []wantPair{u("FO O", "1", "1")}},
	{name: "dots and digits in key", src: "a.b_9=1\n", pairs: []wantPair{u("a.b_9", "1", "1")}},
	{name: "empty key", src: "=1\n", pairs: []wantPair{u("", "1", "1")}},
	{name: "value with spaces", src: "FOO=bar baz\n", pairs: []wantPair{u("FOO", "bar baz", "bar baz")}},
	{name: "value with equals", src: "FOO=a=b\n", pairs: []wantPair{u("FOO", "a=b", "a=b")}},
	{name: "single quoted", src: "FOO='bar baz'\n", pairs: []wantPair{q("FOO", sq, "bar baz", "'bar baz'", "bar baz")}},
	{name: "double quoted", src: "FOO=\"bar baz\"\n", pairs: []wantPair{q("FOO", dq, "bar baz", `"bar baz"`, "bar baz")}},
	{name: "backtick", src: "FOO=`bar baz`\n", pairs: []wantPair{{key: "FOO", quote: bt, value: "`bar baz`", raw: "`bar baz`"}}},
	{name: "inline comment", src: "FOO=bar # comment\n", pairs: []wantPair{u("FOO", "bar", "bar ")}},
	{name: "hash without space", src: "FOO=bar#baz\n", pairs: []wantPair{u("FOO", "bar#baz", "bar#baz")}},
	{name: "last spaced hash wins", src: "FOO=a #b #c\n", pairs: []wantPair{u("FOO", "a #b", "a #b ")}},
	{name: "hash starting the value is kept", src: "FOO= # not a comment\n", pairs: []wantPair{u("FOO", "# not a comment", "# not a comment")}},
	{name: "hash after tab", src: "FOO=bar\t#c\n", pairs: []wantPair{u("FOO", "bar", "bar\t")}},
	{name: "hash after nbsp", src: "FOO=bar\u00a0#c\n", pairs: []wantPair{u("FOO", "bar", "bar\u00a0")}},
	{name: "comment after double quote", src: "FOO=\"a # b\" # c\n", pairs: []wantPair{q("FOO", dq, "a # b", `"a # b"`, "a # b")}},
	{name: "empty value", src: "FOO=\nBAR=1\n", pairs: []wantPair{u("FOO", "", ""), u("BAR", "1", "1")}},
	{name: "empty value with spaces", src: "FOO=  \n", pairs: []wantPair{u("FOO", "", "")}},
	{name: "empty value at end of file", src: "FOO=", pairs: []wantPair{u("FOO", "", "")}},
	{name: "empty double quoted", src: "FOO=\"\"\n", pairs: []wantPair{q("FOO", dq, "", `""`, "")}},
	{name: "empty single quoted", src: "FOO=''\n", pairs: []wantPair{q("FOO", sq, "", "''", "")}},
	{name: "trailing spaces and tabs", src: "FOO=bar \t \n", pairs: []wantPair{u("FOO", "bar", "bar \t ")}},
	{name: "trailing nbsp", src: "FOO=bar\u00a0\n", pairs: []wantPair{u("FOO", "bar", "bar\u00a0")}},
	{name: "leading nbsp", src: "FOO=\u00a0\u00a0bar\n", pairs: []wantPair{u("FOO", "bar", "bar")}},
	{name: "leading em space is kept", src: "FOO=\u2003bar\n", pairs: []wantPair{u("FOO", "\u2003bar", "\u2003bar")}},
	{name: "non-ASCII value", src: "FOO=€uro\n", pairs: []wantPair{u("FOO", "€uro", "€uro")}},
	{name: "crlf", src: "FOO=bar\r\nBAZ=\"qux\"\r\n", pairs: []wantPair{u("FOO", "bar", "bar"), q("BAZ", dq, "qux", `"qux"`, "qux")}},
	{name: "crlf trailing space", src: "FOO=bar \r\n", pairs: []wantPair{u("FOO", "bar", "bar ")}},
	{name: "crlf empty value", src: "FOO=\r\nBAR=1\r\n", pairs: []wantPair{u("FOO", "", ""), u("BAR", "1", "1")}},
	{name: "lone cr ends a bare value", src: "FOO=bar\rBAZ=qux\n", pairs: []wantPair{u("FOO", "bar", "bar"), u("BAZ", "qux", "qux")}},
	{name: "lone cr after equals is white space", src: "FOO=\rBAR=1\n", pairs: []wantPair{u("FOO", "BAR=1", "BAR=1")}},
	{name: "lone cr does not end a comment", src: "# c\rFOO=1\nBAR=2", pairs: []wantPair{u("BAR", "2", "2")}},
	{name: "lone cr inside key", src: "FOO\rBAR=1\n", pairs: []wantPair{u("FOO\rBAR", "1", "1")}},
	{name: "cr cr lf", src: "FOO=a\r\r\nB=2\r\n", pairs: []wantPair{u("FOO", "a", "a"), u("B", "2", "2")}},
	{name: "multi-line double quoted", src: "FOO=\"a\nb\"\nBAR=1\n", pairs: []wantPair{q("FOO", dq, "a\nb", "\"a\nb\"", "a\nb"), u("BAR", "1", "1")}},
	{name: "multi-line double quoted crlf", src: "FOO=\"a\r\nb\"\r\n", pairs: []wantPair{q("FOO", dq, "a\nb", "\"a\r\nb\"", "a\r\nb")}},
	{name: "multi-line single quoted", src: "FOO='a\nb'\n", pairs: []wantPair{q("FOO", sq, "a\nb", "'a\nb'", "a\nb")}},
	{name: "escapes in double quotes", src: `FOO="a\nb\tc\"d\\e\rf"` + "\n", pairs: []wantPair{q("FOO", dq, "a\nbtc\"d\\e\rf", `"a\nb\tc\"d\\e\rf"`, `a\nb\tc\"d\\e\rf`)}},
	{name: "escaped backslash before n", src: `FOO="a\\nb"`, pairs: []wantPair{q("FOO", dq, `a\nb`, `"a\\nb"`, `a\\nb`)}},
	{name: "no escapes in single quotes", src: `FOO='a\nb'`, pairs: []wantPair{q("FOO", sq, `a\nb`, `'a\nb'`, `a\nb`)}},
	{name: "no escapes in bare values", src: `FOO=a\nb`, pairs: []wantPair{u("FOO", `a\nb`, `a\nb`)}},
	{name: "escaped quote then trailing quote trimmed", src: `FOO="abc\""`, pairs: []wantPair{q("FOO", dq, `abc\`, `"abc\""`, `abc\"`)}},
	{name: "double quote kept inside single", src: `FOO='"abc"'`, pairs: []wantPair{q("FOO", sq, `"abc"`, `'"abc"'`, `"abc"`)}},
	{name: "single quote kept inside double", src: `FOO="'abc'"`, pairs: []wantPair{q("FOO", dq, `'abc'`, `"'abc'"`, `'abc'`)}},
	{name: "expansion from earlier keys", src: "A=x\nB=${A}y\nC=\"$A-$B\"\nD='$A'\nE=$UNSET.\n",
		pairs: []wantPair{
			u("A", "x", "x"),
			u("B", "xy", "${A}y"),
			q("C", dq, "x-xy", `"$A-$B"`, "$A-$B"),
			q("D", sq, "$A", "'$A'", "$A"),
			u("E", ".", "$UNSET."),
		}},
	{name: "expansion uses the last earlier value", src: "A=1\nA=2\nB=$A\n",
		pairs: []wantPair{u("A", "1", "1"), u("A", "2", "2"), u("B", "2", "$A")}},
	{name: "no expansion of later keys", src: "B=$A\nA=1\n", pairs: []wantPair{u("B", "", "$A"), u("A", "1", "1")}},
	{name: "lower-case names are not expanded", src: "a=x\nB=$a\n", pairs: []wantPair{u("a", "x", "x"), u("B", "$a", "$a")}},
	{name: "escaped dollar", src: "A=x\nB=\"\\$A\"\nC=\\$A\n",
		pairs: []wantPair{u("A", "x", "x"), q("B", dq, "$A", `"\$A"`, `\$A`), u("C", "$A", `\$A`)}},
	{name: "dollar paren quirk", src: "A=x\nB=$(A)\n", pairs: []wantPair{u("A", "x", "x"), u("B", "x)", "$(A)")}},
	{name: "lone dollar", src: "A=$\nB=${}\n", pairs: []wantPair{u("A", "$", "$"), u("B", "${}", "${}")}},
	{name: "quoted value followed by junk", src: "FOO=\"bar\" junk\nBAZ=1\n",
		pairs: []wantPair{q("FOO", dq, "bar", `"bar"`, "bar"), u("BAZ", "1", "1")},
		errs:  []wantErr{{14, msgNoSeparator}}},
	{name: "quoted value followed by an assignment", src: "FOO=\"bar\" BAZ=1\n",
		pairs: []wantPair{q("FOO", dq, "bar", `"bar"`, "bar"), u("BAZ", "1", "1")}},
	{name: "doubled single quotes", src: "FOO=''abc''\nB=1\n",
		pairs: []wantPair{q("FOO", sq, "", "''", ""), u("B", "1", "1")},
		errs:  []wantErr{{9, "unexpected character U+0027 in key"}}},
	{name: "unterminated double quote", src: "FOO=\"bar\nBAZ=1\n",
		pairs: []wantPair{u("BAZ", "1", "1")},
		errs:  []wantErr{{4, "unterminated double-quoted value"}}},
	{name: "unterminated single quote", src: "A=1\nFOO='bar",
		pairs: []wantPair{u("A", "1", "1")},
		errs:  []wantErr{{8, "unterminated single-quoted value"}}},
	{name: "escaped closing quote is no terminator", src: `FOO="bar\"`,
		errs: []wantErr{{4, "unterminated double-quoted value"}}},
	{name: "byte order mark", src: "\ufeffFOO=bar\n",
		pairs: []wantPair{u("FOO", "bar", "bar")},
		errs:  []wantErr{{0, msgBOM}}},
	{name: "byte order mark on a later line", src: "A=1\n\ufeffFOO=bar\n",
		pairs: []wantPair{u("A", "1", "1")},
		errs:  []wantErr{{4, "unexpected character U+FEFF in key"}}},
	{name: "jinja", src: "{% if prod %}\nFOO=1\n{% endif %}\n",
		pairs: []wantPair{u("FOO", "1", "1")},
		errs:  []wantErr{{0, msgTemplate}, {20, msgTemplate}}},
	{name: "bare word", src: "FOO\nBAR=1\n",
		pairs: []wantPair{u("BAR", "1", "1")},
		errs:  []wantErr{{3, msgNoSeparator}}},
	{name: "bare word crlf", src: "FOO\r\nBAR=1\r\n",
		pairs: []wantPair{u("BAR", "1", "1")},
		errs:  []wantErr{{3, msgNoSeparator}}},
	{name: "bare word at end of file is the empty key", src: "BAR=1\nFOO baz",
		pairs: []wantPair{u("BAR", "1", "1"), u("", "FOO baz", "FOO baz")}},
	{name: "hyphen in key", src: "FOO-BAR=1\nB=2\n",
		pairs: []wantPair{u("B", "2", "2")},
		errs:  []wantErr{{3, "unexpected character U+002D in key"}}},
	{name: "non-ASCII key", src: "CAFÉ=1\n", errs: []wantErr{{3, "unexpected character U+00C9 in key"}}},
	{name: "nul in key", src: "F\x00=1\n", errs: []wantErr{{1, "unexpected character U+0000 in key"}}},
	{name: "invalid byte in key", src: "F\xff=1\n", pairs: []wantPair{u("F\xff", "1", "1")}},
	{name: "invalid continuation byte in key", src: "F\x80=1\n", errs: []wantErr{{1, "unexpected byte 0x80 in key"}}},
	{name: "nul in value", src: "FOO=a\x00b\n", pairs: []wantPair{u("FOO", "a\x00b", "a\x00b")}},
	{name: "invalid UTF-8 in bare value", src: "FOO=a\xffb\n", pairs: []wantPair{u("FOO", "a\ufffdb", "a\xffb")}},
	{name: "invalid UTF-8 in quoted value", src: "FOO=\"a\xffb\"\n", pairs: []wantPair{q("FOO", dq, "a\xffb", "\"a\xffb\"", "a\xffb")}},
	{name: "duplicates kept", src: "A=1\nA=2\n", pairs: []wantPair{u("A", "1", "1"), u("A", "2", "2")}},
	{name: "yaml style", src: "FOO: bar\nBAZ: \"qux\"\n", pairs: []wantPair{u("FOO", "bar", "bar"), q("BAZ", dq, "qux", `"qux"`, "qux")}},
	{name: "indented", src: "  FOO=1\n\tBAR=2\n", pairs: []wantPair{u("FOO", "1", "1"), u("BAR", "2", "2")}},
}

func TestRead(t *testing.T) {
	for _, tt := range readTests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			pairs, errs := Read(src)
			if len(pairs) != len(tt.pairs) {
				t.Fatalf("got %d pairs, want %d", len(pairs), len(tt.pairs))
			}
			for i, want := range tt.pairs {
				checkPair(t, i, src, pairs[i], want)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("got %d errors %v, want %d %v", len(errs), errs, len(tt.errs), tt.errs)
			}
			for i, want := range tt.errs {
				if errs[i].Offset != want.offset || errs[i].Msg != want.msg {
					t.Errorf("error %d = %d %q, want %d %q", i, errs[i].Offset, errs[i].Msg, want.offset, want.msg)
				}
			}
		})
	}
}

// checkPair compares one pair; fixtures are fake, so values may be shown.
func checkPair(t *testing.T, i int, src []byte, got syntax.Pair, want wantPair) {
	t.Helper()
	if want.inner == "" && want.quote != sq && want.quote != dq {
		want.inner = want.raw
	}
	if len(got.Path) != 1 || got.Path[0] != want.key {
		t.Errorf("pair %d: path %q, want [%q]", i, got.Path, want.key)
	}
	if got.Quote != want.quote {
		t.Errorf("pair %d: quote %v, want %v", i, got.Quote, want.quote)
	}
	if got.Value != want.value {
		t.Errorf("pair %d: value %q, want %q", i, got.Value, want.value)
	}
	if s := string(src[got.Raw.Start:got.Raw.End]); s != want.raw {
		t.Errorf("pair %d: raw %q, want %q", i, s, want.raw)
	}
	if s := string(src[got.Inner.Start:got.Inner.End]); s != want.inner {
		t.Errorf("pair %d: inner %q, want %q", i, s, want.inner)
	}
	if s := string(src[got.KeySpan.Start:got.KeySpan.End]); s != want.key {
		t.Errorf("pair %d: key span %q, want %q", i, s, want.key)
	}
}

// TestSpansInCRLFFile pins exact offsets where CRLF normalisation shifts
// them.
func TestSpansInCRLFFile(t *testing.T) {
	src := []byte("A=1\r\nB=\"x\r\ny\"\r\nC=\r\nD=z \r\n")
	pairs, errs := Read(src)
	if len(errs) != 0 || len(pairs) != 4 {
		t.Fatalf("got %d pairs, %d errors", len(pairs), len(errs))
	}
	want := []struct{ key, raw, inner syntax.Span }{
		{syntax.Span{Start: 0, End: 1}, syntax.Span{Start: 2, End: 3}, syntax.Span{Start: 2, End: 3}},
		{syntax.Span{Start: 5, End: 6}, syntax.Span{Start: 7, End: 13}, syntax.Span{Start: 8, End: 12}},
		{syntax.Span{Start: 15, End: 16}, syntax.Span{Start: 17, End: 17}, syntax.Span{Start: 17, End: 17}},
		{syntax.Span{Start: 19, End: 20}, syntax.Span{Start: 21, End: 23}, syntax.Span{Start: 21, End: 22}},
	}
	for i, w := range want {
		p := pairs[i]
		if p.KeySpan != w.key || p.Raw != w.raw || p.Inner != w.inner {
			t.Errorf("pair %d: key %v raw %v inner %v, want %v %v %v", i, p.KeySpan, p.Raw, p.Inner, w.key, w.raw, w.inner)
		}
	}
	if pairs[1].Value != "x\ny" {
		t.Errorf("CRLF inside a double-quoted value: got %q, want %q", pairs[1].Value, "x\ny")
	}
}

// TestMessagesHideContent checks that no error message repeats file text.
func TestMessagesHideContent(t *testing.T) {
	const secret = "SECRETSECRET"
	inputs := []string{
		secret + "\n",
		"K=\"" + secret + "\n",
		"K='" + secret,
		"K=\"x\" " + secret + "\n",
		"{% " + secret + " %}\n",
		"\ufeff" + secret + "=1\n",
		secret + "-X=1\n",
		"export \n" + secret,
	}
	for _, in := range inputs {
		_, errs := Read([]byte(in))
		if len(errs) == 0 {
			t.Errorf("no error for input of %d bytes", len(in))
		}
		for _, e := range errs {
			if strings.Contains(e.Msg, "SECRET") {
				t.Errorf("message %q repeats file content", e.Msg)
			}
		}
	}
}

// TestPathological runs inputs that would be slow if the scanner were
// quadratic or could stall; the test timeout is the check.
func TestPathological(t *testing.T) {
	many := func(line string, n int) []byte { return []byte(strings.Repeat(line, n)) }
	inputs := []struct {
		name string
		src  []byte
		errs int
	}{
		{"quotes pairing across lines", many("A=\"x\n", 100000), 50000},
		{"unterminated quote then many lines", append([]byte("A='x\n"), many("B=1\n", 100000)...), 1},
		{"bare words", many("WORD\n", 100000), 100000},
		{"huge line", []byte("A=" + strings.Repeat("x #", 300000) + "\n"), 0},
		{"lone CRs", many("A=1\r", 100000), 0},
		{"comments", many("# c\n", 100000), 0},
		{"nul bytes", make([]byte, 100000), 1},
	}
	for _, in := range inputs {
		_, errs := Read(in.src)
		if len(errs) != in.errs {
			t.Errorf("%s: %d errors, want %d", in.name, len(errs), in.errs)
		}
	}
}
