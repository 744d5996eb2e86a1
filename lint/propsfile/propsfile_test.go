package propsfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// wantPair is one expected assignment: key is the decoded key, keyText and
// raw the source text of KeySpan and Raw.
type wantPair struct {
	key, keyText, value, raw string
}

// p is a pair whose key is written as it decodes.
func p(key, value, raw string) wantPair { return wantPair{key, key, value, raw} }

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

// fakeToken is obviously fake.
const fakeToken = "00000000-0000-0000-0000-000000000000"

var readTests = []readTest{
	{name: "empty file", src: ""},
	{name: "blank lines and comments", src: "\n  \n# c\n! c\n\t# indented\n\f!x\n"},
	{name: "equals", src: "a=b\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "colon", src: "a:b\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "space", src: "a b\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "tab and form feed", src: "a\t\fb\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "blanks around equals", src: "  a  =  b  \n", pairs: []wantPair{p("a", "b  ", "b  ")}},
	{name: "space then colon", src: "a : b\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "only one separator skipped", src: "a = = b\n", pairs: []wantPair{p("a", "= b", "= b")}},
	{name: "colon then equals", src: "a:=b\n", pairs: []wantPair{p("a", "=b", "=b")}},
	{name: "equals in value", src: "a=b=c:d\n", pairs: []wantPair{p("a", "b=c:d", "b=c:d")}},
	{name: "key only", src: "a\n", pairs: []wantPair{p("a", "", "")}},
	{name: "key and blanks at end of file", src: "a   ", pairs: []wantPair{p("a", "", "")}},
	{name: "empty value", src: "a=\nb=1\n", pairs: []wantPair{p("a", "", ""), p("b", "1", "1")}},
	{name: "empty key", src: "=v\n", pairs: []wantPair{p("", "v", "v")}},
	{name: "colon key", src: ":\n", pairs: []wantPair{p("", "", "")}},
	{name: "no final newline", src: "a=b", pairs: []wantPair{p("a", "b", "b")}},
	{name: "hash inside value", src: "a=b # not a comment\n", pairs: []wantPair{p("a", "b # not a comment", "b # not a comment")}},
	{name: "hash in key", src: "a#b=c\n", pairs: []wantPair{p("a#b", "c", "c")}},
	{name: "comment at end of file", src: "a=1\n# c", pairs: []wantPair{p("a", "1", "1")}},
	{name: "crlf", src: "a=1\r\nb=2\r\n", pairs: []wantPair{p("a", "1", "1"), p("b", "2", "2")}},
	{name: "lone cr", src: "a=1\rb=2\r", pairs: []wantPair{p("a", "1", "1"), p("b", "2", "2")}},
	{name: "lone cr ends a comment", src: "# c\ra=1", pairs: []wantPair{p("a", "1", "1")}},
	{name: "continuation", src: "a=b\\\n   c\n", pairs: []wantPair{p("a", "bc", "b\\\n   c")}},
	{name: "continuation crlf", src: "a=b\\\r\n c\r\nd=e\r\n", pairs: []wantPair{p("a", "bc", "b\\\r\n c"), p("d", "e", "e")}},
	{name: "continuation lone cr", src: "a=b\\\r c\n", pairs: []wantPair{p("a", "bc", "b\\\r c")}},
	{name: "continuation cr then lf is a blank line", src: "a=b\\\r\rc\n", pairs: []wantPair{p("a", "b", "b\\\r"), p("c", "", "")}},
	{name: "continuation over several lines", src: "a=1,\\\n  2,\\\n  3\n", pairs: []wantPair{p("a", "1,2,3", "1,\\\n  2,\\\n  3")}},
	{name: "continuation ended by a blank line", src: "a=b\\\n\nc=d\n", pairs: []wantPair{p("a", "b", "b\\\n"), p("c", "d", "d")}},
	{name: "continuation ended by a blanks-only line", src: "a=b\\\n  \nc=d\n", pairs: []wantPair{p("a", "b", "b\\\n  "), p("c", "d", "d")}},
	{name: "hash on a continuation line is text", src: "a=b\\\n#c\n", pairs: []wantPair{p("a", "b#c", "b\\\n#c")}},
	{name: "continuation of a lone backslash then comment", src: "\\\n#c\na=1\n", pairs: []wantPair{p("a", "1", "1")}},
	{name: "continuation in key", src: "ab\\\n  cd=1\n", pairs: []wantPair{{"abcd", "ab\\\n  cd", "1", "1"}}},
	{name: "continuation before separator", src: "a\\\n  =1\n", pairs: []wantPair{{"a", "a", "1", "1"}}},
	{name: "value starts on next line", src: "a=\\\n  b\n", pairs: []wantPair{p("a", "b", "b")}},
	{name: "continuation to nothing", src: "a=\\\n\n", pairs: []wantPair{p("a", "", "\\\n")}},
	{name: "escaped backslash is no continuation", src: "a=b\\\\\nc=d\n", pairs: []wantPair{p("a", "b\\", "b\\\\"), p("c", "d", "d")}},
	{name: "three backslashes continue", src: "a=b\\\\\\\nc\n", pairs: []wantPair{p("a", "b\\c", "b\\\\\\\nc")}},
	{name: "trailing backslash at end of file", src: "a=b\\", pairs: []wantPair{p("a", "b", "b\\")}},
	{name: "trailing backslash and newline at end of file", src: "a=b\\\n", pairs: []wantPair{p("a", "b", "b\\")}},
	{name: "lone backslash at end of file is the empty key", src: "a=1\n\\", pairs: []wantPair{p("a", "1", "1"), {"", "", "", "\\"}}},
	{name: "lone backslash line at end of file", src: "\\\n", pairs: []wantPair{{"", "", "", "\\"}}},
	{name: "escapes", src: `a=\t\n\r\f\\\"\'\a\ z`, pairs: []wantPair{p("a", "\t\n\r\f\\\"'a z", `\t\n\r\f\\\"\'\a\ z`)}},
	{name: "escaped leading space kept", src: "a=\\ b\n", pairs: []wantPair{p("a", " b", "\\ b")}},
	{name: "unicode escape", src: `a=\u0041\u00e9\u20AC`, pairs: []wantPair{p("a", "Aé€", `\u0041\u00e9\u20AC`)}},
	{name: "unicode escape across a continuation", src: "a=\\u00\\\n  41\n", pairs: []wantPair{p("a", "A", "\\u00\\\n  41")}},
	{name: "surrogate pair", src: `a=\uD83D\uDE00`, pairs: []wantPair{p("a", "\U0001F600", `\uD83D\uDE00`)}},
	{name: "lone surrogates", src: `a=\uD83Dx\uDE00`, pairs: []wantPair{p("a", "\ufffdx\ufffd", `\uD83Dx\uDE00`)}},
	{name: "high surrogate at end", src: `a=x\uD83D`, pairs: []wantPair{p("a", "x\ufffd", `x\uD83D`)}},
	{name: "escaped separators in key", src: `a\=b\:c\ d=1`, pairs: []wantPair{{"a=b:c d", `a\=b\:c\ d`, "1", "1"}}},
	{name: "escaped hash starts a key", src: "\\#a=1\n", pairs: []wantPair{{"#a", "\\#a", "1", "1"}}},
	{name: "escaped dot splits", src: `a\.b\u002ec=1`, pairs: []wantPair{{"a.b.c", `a\.b\u002ec`, "1", "1"}}},
	{name: "spring key", src: "postmark.api.token=${POSTMARK_API_TOKEN:" + fakeToken + "}\n",
		pairs: []wantPair{p("postmark.api.token", "${POSTMARK_API_TOKEN:"+fakeToken+"}", "${POSTMARK_API_TOKEN:"+fakeToken+"}")}},
	{name: "trailing space in token", src: "postmark.server-token=" + fakeToken + " \n",
		pairs: []wantPair{p("postmark.server-token", fakeToken+" ", fakeToken+" ")}},
	{name: "non-ASCII", src: "clé=valeur é\n", pairs: []wantPair{p("clé", "valeur é", "valeur é")}},
	{name: "nbsp is not blank", src: "a\u00a0b=c\n", pairs: []wantPair{p("a\u00a0b", "c", "c")}},
	{name: "vertical tab is not blank", src: "\va=b\n", pairs: []wantPair{p("\va", "b", "b")}},
	{name: "byte order mark stays in the key", src: "\ufeffa=b\n", pairs: []wantPair{p("\ufeffa", "b", "b")}},
	{name: "byte order mark before a comment", src: "\ufeff# c\n", pairs: []wantPair{p("\ufeff#", "c", "c")}},
	{name: "invalid UTF-8", src: "a\xff=\xc3(\n", pairs: []wantPair{{"a\ufffd", "a\xff", "\ufffd(", "\xc3("}}},
	{name: "backslash before an invalid byte", src: "a=\\\xffb", pairs: []wantPair{p("a", "\ufffdb", "\\\xffb")}},
	{name: "nul", src: "a\x00=\x00\n", pairs: []wantPair{p("a\x00", "\x00", "\x00")}},
	{name: "duplicates kept", src: "a=1\na=2\n", pairs: []wantPair{p("a", "1", "1"), p("a", "2", "2")}},
	{name: "spring list and profile keys", src: "spring.config.activate.on-profile=prod\nmail.to[0]=a@example.com\n",
		pairs: []wantPair{p("spring.config.activate.on-profile", "prod", "prod"), p("mail.to[0]", "a@example.com", "a@example.com")}},
	{name: "malformed unicode escape in value", src: "a=1\nb=\\u12g4\nc=3\n",
		pairs: []wantPair{p("a", "1", "1"), p("c", "3", "3")},
		errs:  []wantErr{{6, MsgMalformedEscape}}},
	{name: "short unicode escape at end", src: "b=x\\u12", errs: []wantErr{{3, MsgMalformedEscape}}},
	{name: "short unicode escape before newline", src: "b=\\u1\nc=3", pairs: []wantPair{p("c", "3", "3")}, errs: []wantErr{{2, MsgMalformedEscape}}},
	{name: "malformed unicode escape in key", src: "k\\uzzzz=\\u0041\n", errs: []wantErr{{1, MsgMalformedEscape}}},
	{name: "escaped backslash before u", src: "a=\\\\u12\n", pairs: []wantPair{p("a", "\\u12", "\\\\u12")}},
}

func TestRead(t *testing.T) {
	for _, tt := range readTests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			pairs, errs := Read(src)
			checkInvariants(t, tt.name, src, pairs, errs)
			if len(pairs) != len(tt.pairs) {
				t.Fatalf("got %d pairs %v, want %d", len(pairs), pairs, len(tt.pairs))
			}
			for i, want := range tt.pairs {
				got := pairs[i]
				// fixtures are fake, so values may be shown
				if got.Key() != want.key || got.Value != want.value {
					t.Errorf("pair %d = %q: %q, want %q: %q", i, got.Key(), got.Value, want.key, want.value)
				}
				if kt := string(src[got.KeySpan.Start:got.KeySpan.End]); kt != want.keyText {
					t.Errorf("pair %d: key text %q, want %q", i, kt, want.keyText)
				}
				if raw := string(src[got.Raw.Start:got.Raw.End]); raw != want.raw {
					t.Errorf("pair %d: raw %q, want %q", i, raw, want.raw)
				}
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

// TestLocate pins where the characters of a value are written: escapes,
// continued lines, surrogate pairs, and a part of a value (a default).
func TestLocate(t *testing.T) {
	for _, tt := range []struct {
		written, value string
		i, j           int
		want           string // the bytes of written that [i, j) maps to
	}{
		{"abc", "abc", 1, 2, "b"},
		{"ab\\tc", "ab\tc", 2, 3, "\\t"},
		{"ab\u200bc", "ab\u200bc", 2, 5, "\u200b"},
		{"ab\\\n    c\u200bd", "abc\u200bd", 3, 6, "\u200b"},
		{"ab\\\r\n\tc", "abc", 1, 3, "b\\\r\n\tc"},
		{"ab\\\n  c", "abc", 2, 3, "c"},
		{"\\ x", " x", 0, 1, "\\ "},
		{"x ", "x ", 1, 2, " "},
		{"\\uD83D\\uDE00!", "\U0001F600!", 0, 4, "\\uD83D\\uDE00"},
		{"#x", "#x", 0, 1, "#"},
		{" x", " x", 0, 1, " "},
		{"abc", "abc", 3, 3, ""},
	} {
		start, end, ok := Locate([]byte(tt.written), tt.value, tt.i, tt.j)
		if !ok || tt.written[start:end] != tt.want {
			t.Errorf("Locate(%q, %q, %d, %d) = %d, %d, %v; want %q", tt.written, tt.value, tt.i, tt.j, start, end, ok, tt.want)
		}
	}
	for _, tt := range []struct{ written, value string }{
		{"abc", "abd"},
		{"a\\u12", "a"},
		{"a\nb", "a\nb"},
		{"a\nb", "a\\nb"},
		{"a\n\nb=c", "a"},
	} {
		if _, _, ok := Locate([]byte(tt.written), tt.value, 0, 1); ok {
			t.Errorf("Locate(%q, %q) accepted", tt.written, tt.value)
		}
	}
}

func TestReadKeepsEmptyKeyPosition(t *testing.T) {
	src := []byte("a=1\n  =v\n")
	pairs, _ := Read(src)
	if len(pairs) != 2 || pairs[1].KeySpan != (syntax.Span{Start: 6, End: 6}) {
		t.Fatalf("pairs %v: want the empty key at offset 6", pairs)
	}
}

// redact describes a value without showing it: corpus files may hold
// real-looking tokens.
func redact(v string) string {
	r := []rune(v)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return fmt.Sprintf("%d bytes ending %q", len(v), string(r))
}

// checkInvariants checks what must hold for any input.
func checkInvariants(t testing.TB, name string, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	inFile := func(s syntax.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
	prevEnd := 0
	for i, p := range pairs {
		if !inFile(p.KeySpan) || !inFile(p.Raw) || p.Inner != p.Raw {
			t.Errorf("%s: pair %d: bad spans: key %v raw %v inner %v (len %d)", name, i, p.KeySpan, p.Raw, p.Inner, len(src))
			continue
		}
		if p.KeySpan.Start < prevEnd || p.KeySpan.End > p.Raw.Start {
			t.Errorf("%s: pair %d: out of order: key %v raw %v, previous end %d", name, i, p.KeySpan, p.Raw, prevEnd)
		}
		prevEnd = p.Raw.End
		if p.Quote != syntax.Unquoted || p.Tag != "" || p.EnvHint != "" {
			t.Errorf("%s: pair %d: quote, tag or env hint set", name, i)
		}
		for _, q := range pairs[:i] {
			if same := slices.Equal(q.Path[:len(q.Path)-1], p.Path[:len(p.Path)-1]); same != (q.Scope == p.Scope) {
				t.Errorf("%s: pair %d: scope %d, %d for keys with parents %q, %q", name, i, q.Scope, p.Scope, q.Path[:len(q.Path)-1], p.Path[:len(p.Path)-1])
			}
		}
		if !utf8.ValidString(p.Key()) || !utf8.ValidString(p.Value) {
			t.Errorf("%s: pair %d: key or value is not valid UTF-8", name, i)
		}
		if strings.Join(p.Path, ".") != p.Key() || len(p.Path) != strings.Count(p.Key(), ".")+1 {
			t.Errorf("%s: pair %d: path %q", name, i, p.Path)
		}
		// Where nothing is escaped or continued, the text is the value.
		key, raw := src[p.KeySpan.Start:p.KeySpan.End], src[p.Raw.Start:p.Raw.End]
		if utf8.Valid(key) && !bytes.ContainsAny(key, "\\\r\n") && string(key) != p.Key() {
			t.Errorf("%s: pair %d: plain key %q differs from its text", name, i, p.Key())
		}
		if utf8.Valid(raw) && !bytes.ContainsAny(raw, "\\\r\n") && string(raw) != p.Value {
			t.Errorf("%s: pair %d: plain value %s differs from its text %s", name, i, redact(p.Value), redact(string(raw)))
		}
		if bytes.ContainsAny(raw[min(len(raw), 1):], "\r\n") && !bytes.Contains(raw, []byte("\\")) {
			t.Errorf("%s: pair %d: value %v spans lines without a continuation", name, i, p.Raw)
		}
		checkLocate(t, name, i, raw, p.Value)
	}
	for i, e := range errs {
		if e.Offset < 0 || e.Offset >= len(src) || e.Line != 0 || src[e.Offset] != '\\' {
			t.Errorf("%s: error %d: offset %d line %d (len %d) is not at a backslash", name, i, e.Offset, e.Line, len(src))
		}
		if e.Msg == "" || !unicode.IsLower(rune(e.Msg[0])) {
			t.Errorf("%s: error %d: message %q should start lower-case", name, i, e.Msg)
		}
	}
}

// checkLocate checks Locate on every character of a value and on the
// whole value: each maps to bytes of the value as written, in order, that
// read as that character on their own.
func checkLocate(t testing.TB, name string, i int, raw []byte, value string) {
	t.Helper()
	prev := 0
	check := func(from, to int) {
		start, end, ok := Locate(raw, value, from, to)
		switch {
		case !ok:
			t.Errorf("%s: pair %d: Locate(%d, %d) failed on %s", name, i, from, to, redact(value))
		case start < prev || end < start || end > len(raw):
			t.Errorf("%s: pair %d: Locate(%d, %d) = %d, %d out of order (previous end %d, %d bytes)", name, i, from, to, start, end, prev, len(raw))
		default:
			if _, _, ok := Locate(raw[start:end], value[from:to], 0, to-from); !ok {
				t.Errorf("%s: pair %d: bytes %d-%d do not read as characters %d-%d of %s", name, i, start, end, from, to, redact(value))
			}
		}
	}
	for from, r := range value {
		check(from, from+utf8.RuneLen(r))
		if s, e, _ := Locate(raw, value, from, from+utf8.RuneLen(r)); e > s {
			prev = e
		}
	}
	prev = 0
	check(0, len(value))
	if _, _, ok := Locate(raw, value+"x", 0, 1); ok {
		t.Errorf("%s: pair %d: Locate accepts a value the text does not read as", name, i)
	}
}

// compareLoader compares Read with another loader of the same input: the
// same map (last pair per key) when it loads the input, at least one parse
// error when it fails.
func compareLoader(t testing.TB, name, loader string, want map[string]string, failed bool, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	if failed {
		if len(errs) == 0 {
			t.Errorf("%s: %s fails but Read reports no parse error", name, loader)
		}
		return
	}
	if len(errs) != 0 {
		t.Errorf("%s: %s loads the input but Read reports %d errors, first at %d", name, loader, len(errs), errs[0].Offset)
		return
	}
	got := make(map[string]string, len(pairs))
	for _, p := range pairs {
		got[p.Key()] = p.Value
	}
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s: key %q missing", name, k)
		case g != w:
			t.Errorf("%s: key %q: value %s, %s has %s", name, k, redact(g), loader, redact(w))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d keys, %s has %d", name, len(got), loader, len(want))
	}
}

// corpusDir is the shared corpus, relative to this package's directory.
const corpusDir = "../../../shared/corpus"

// corpusFiles returns the .properties files of the shared corpus, read in
// place, never copied into the repository.
func corpusFiles(t testing.TB) map[string][]byte {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".properties") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		files[rel] = src
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("shared corpus holds no .properties files")
	}
	return files
}

func TestCorpus(t *testing.T) {
	for name, src := range corpusFiles(t) {
		pairs, errs := Read(src)
		checkInvariants(t, name, src, pairs, errs)
		checkMagiconair(t, name, src, pairs, errs)
	}
}

// FuzzProperties checks that Read never panics, that its spans are sound,
// and that it agrees with magiconair/properties where that follows Java.
func FuzzProperties(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(tt.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, "fuzz", src, pairs, errs)
		checkMagiconair(t, "fuzz", src, pairs, errs)
	})
}

// typicalProperties builds a ~2 KB application.properties with fake values.
func typicalProperties() []byte {
	var b bytes.Buffer
	b.WriteString("# Application settings\n\n")
	for i := 0; b.Len() < 2000; i++ {
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "spring.datasource.url%d=jdbc:postgresql://localhost:5432/db%d\n", i, i)
		case 1:
			fmt.Fprintf(&b, "postmark.api.token%d=${POSTMARK_API_TOKEN:00000000-0000-0000-0000-%012d}\n", i, i)
		case 2:
			fmt.Fprintf(&b, "# section %d\nmail.from%d = noreply@example.com\n", i, i)
		case 3:
			fmt.Fprintf(&b, "app.list%d=one,\\\n    two,\\\n    three\n\n", i)
		case 4:
			fmt.Fprintf(&b, "app.greeting%d: caf\\u00e9 %d\n", i, i)
		}
	}
	return b.Bytes()
}

func BenchmarkRead(b *testing.B) {
	src := typicalProperties()
	if _, errs := Read(src); len(errs) != 0 {
		b.Fatalf("benchmark input has parse errors: %v", errs)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}

func TestTypicalPropertiesSize(t *testing.T) {
	src := typicalProperties()
	pairs, errs := Read(src)
	if n := len(src); n < 1900 || n > 2200 || len(errs) != 0 || len(pairs) < 30 {
		t.Fatalf("typical .properties is %d bytes with %d pairs and %d errors", n, len(pairs), len(errs))
	}
}
