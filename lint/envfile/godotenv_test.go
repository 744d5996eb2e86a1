package envfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/joho/godotenv"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// corpusDir is the shared corpus, relative to this package's directory.
const corpusDir = "../../../shared/corpus"

type input struct {
	name string
	src  []byte
}

// corpusInputs returns the dotenv fixtures and the dotenv-like real files.
// The files are read in place, never copied into the repository.
func corpusInputs(t testing.TB) []input {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	var ins []input
	add := func(path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(corpusDir, path)
		ins = append(ins, input{name: rel, src: src})
	}
	err := filepath.WalkDir(filepath.Join(corpusDir, "dotenv"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			add(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	real, err := os.ReadDir(filepath.Join(corpusDir, "real"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range real {
		if d.Type().IsRegular() && isDotenvName(d.Name()) {
			add(filepath.Join(corpusDir, "real", d.Name()))
		}
	}
	if len(ins) == 0 {
		t.Fatal("shared corpus holds no dotenv files")
	}
	return ins
}

func isDotenvName(name string) bool {
	if name == "SOURCES.md" {
		return false
	}
	return strings.HasSuffix(name, ".env") || strings.Contains(name, ".env.") ||
		strings.Contains(name, "env.example") || strings.HasSuffix(name, ".django") ||
		strings.HasSuffix(name, ".tpl")
}

func tableInputs() []input {
	ins := make([]input, len(readTests))
	for i, tt := range readTests {
		ins[i] = input{name: "table/" + tt.name, src: []byte(tt.src)}
	}
	return ins
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

// checkGodotenv compares Read with godotenv.UnmarshalBytes: the same map
// (last pair per key) when godotenv accepts the file, at least one parse
// error when it refuses it.
func checkGodotenv(t testing.TB, name string, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	want, err := godotenv.UnmarshalBytes(src)
	if err != nil {
		if len(errs) == 0 {
			t.Errorf("%s: godotenv fails but Read reports no parse error", name)
		}
		return
	}
	if len(errs) != 0 {
		t.Errorf("%s: godotenv accepts the file but Read reports %d errors, first at %d: %s", name, len(errs), errs[0].Offset, errs[0].Msg)
	}
	got := make(map[string]string, len(pairs))
	for _, p := range pairs {
		got[p.Path[0]] = p.Value
	}
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s: key %q missing", name, k)
		case g != w:
			t.Errorf("%s: key %q: value %s, godotenv has %s", name, k, redact(g), redact(w))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: key %q not in godotenv's result", name, k)
		}
	}
}

// checkInvariants checks what must hold for any input.
func checkInvariants(t testing.TB, name string, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	inFile := func(s syntax.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
	prevEnd := 0
	for i, p := range pairs {
		if !inFile(p.KeySpan) || !inFile(p.Raw) || !inFile(p.Inner) {
			t.Errorf("%s: pair %d: span outside the file: key %v raw %v inner %v (len %d)", name, i, p.KeySpan, p.Raw, p.Inner, len(src))
			continue
		}
		if p.Inner.Start < p.Raw.Start || p.Inner.End > p.Raw.End {
			t.Errorf("%s: pair %d: inner %v not within raw %v", name, i, p.Inner, p.Raw)
		}
		if p.KeySpan.Start < prevEnd || p.KeySpan.End > p.Raw.Start {
			t.Errorf("%s: pair %d: out of order: key %v raw %v, previous end %d", name, i, p.KeySpan, p.Raw, prevEnd)
		}
		prevEnd = p.Raw.End
		if len(p.Path) != 1 || string(src[p.KeySpan.Start:p.KeySpan.End]) != p.Path[0] {
			t.Errorf("%s: pair %d: path %q does not match key span %v", name, i, p.Path, p.KeySpan)
		}
		if p.Scope != 0 || p.Tag != "" || p.EnvHint != "" {
			t.Errorf("%s: pair %d: scope, tag or env hint set", name, i)
		}
		checkQuoting(t, name, i, src, p)
	}
	for i, e := range errs {
		if e.Offset < 0 || e.Offset > len(src) || e.Line != 0 {
			t.Errorf("%s: error %d: offset %d line %d (len %d)", name, i, e.Offset, e.Line, len(src))
		}
		if e.Msg == "" || !unicode.IsLower(rune(e.Msg[0])) && e.Msg[0] != '"' {
			t.Errorf("%s: error %d: message %q should start lower-case", name, i, e.Msg)
		}
	}
}

func checkQuoting(t testing.TB, name string, i int, src []byte, p syntax.Pair) {
	t.Helper()
	raw, inner := src[p.Raw.Start:p.Raw.End], src[p.Inner.Start:p.Inner.End]
	switch p.Quote {
	case syntax.Unquoted, syntax.Backtick:
		if trimmed := bytes.TrimFunc(raw, isGodotenvSpace); !bytes.Equal(inner, trimmed) {
			t.Errorf("%s: pair %d: unquoted inner %v is not raw %v without its trimmed blanks", name, i, p.Inner, p.Raw)
		}
		if p.Quote == syntax.Backtick && (len(raw) == 0 || raw[0] != '`') {
			t.Errorf("%s: pair %d: back-tick value does not start with one", name, i)
		}
	case syntax.SingleQuoted, syntax.DoubleQuoted:
		qc := byte('\'')
		if p.Quote == syntax.DoubleQuoted {
			qc = '"'
		}
		if len(raw) < 2 || raw[0] != qc || raw[len(raw)-1] != qc || p.Inner.Start != p.Raw.Start+1 || p.Inner.End != p.Raw.End-1 {
			t.Errorf("%s: pair %d: quoted raw %v / inner %v malformed", name, i, p.Raw, p.Inner)
			return
		}
		plain := !bytes.ContainsAny(inner, "\\\r\n") && (p.Quote == syntax.SingleQuoted || !bytes.ContainsRune(inner, '$'))
		if plain && string(inner) != p.Value {
			t.Errorf("%s: pair %d: plain quoted value %s differs from its inner text %s", name, i, redact(p.Value), redact(string(inner)))
		}
	default:
		t.Errorf("%s: pair %d: unexpected quote %v", name, i, p.Quote)
	}
}

func TestCorpusMatchesGodotenv(t *testing.T) {
	for _, in := range corpusInputs(t) {
		pairs, errs := Read(in.src)
		checkInvariants(t, in.name, in.src, pairs, errs)
		checkGodotenv(t, in.name, in.src, pairs, errs)
	}
}

func TestTableMatchesGodotenv(t *testing.T) {
	for _, in := range tableInputs() {
		pairs, errs := Read(in.src)
		checkInvariants(t, in.name, in.src, pairs, errs)
		checkGodotenv(t, in.name, in.src, pairs, errs)
	}
}

// The regexps godotenv v1.5.1 uses, to check the hand-written versions.
var (
	escapeRegex        = regexp.MustCompile(`\\.`)
	expandVarRegex     = regexp.MustCompile(`(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?`)
	unescapeCharsRegex = regexp.MustCompile(`\\([^$])`)
)

func regexpExpandEscapes(str string) string {
	out := escapeRegex.ReplaceAllStringFunc(str, func(match string) string {
		switch strings.TrimPrefix(match, `\`) {
		case "n":
			return "\n"
		case "r":
			return "\r"
		default:
			return match
		}
	})
	return unescapeCharsRegex.ReplaceAllString(out, "$1")
}

func regexpExpandVariables(v string, m map[string]string) string {
	return expandVarRegex.ReplaceAllStringFunc(v, func(s string) string {
		sub := expandVarRegex.FindStringSubmatch(s)
		if sub == nil {
			return s
		}
		if sub[1] == "\\" || sub[2] == "(" {
			return sub[0][1:]
		} else if sub[4] != "" {
			return m[sub[4]]
		}
		return s
	})
}

// checkExpansion compares expandEscapes and expandVariables with the
// regexps they replace, with A and B_1 defined.
func checkExpansion(t testing.TB, v string) {
	t.Helper()
	if got, want := expandEscapes(v), regexpExpandEscapes(v); got != want {
		t.Errorf("expandEscapes(%q) = %q, regexp gives %q", v, got, want)
	}
	vars := map[string]string{"A": "a", "B_1": "b"}
	s := &scanner{pairs: []syntax.Pair{{Path: []string{"A"}, Value: "a"}, {Path: []string{"B_1"}, Value: "b"}}}
	if got, want := s.expandVariables(v), regexpExpandVariables(v, vars); got != want {
		t.Errorf("expandVariables(%q) = %q, regexp gives %q", v, got, want)
	}
}

var expansionSeeds = []string{
	"", "plain", `\`, `\\`, `\\\`, `\n`, `\\n`, `\\\n`, `\r\n`, "\\\n", "\\\nx", `\$`, `\\$`, `\$A`, `\\$A`,
	`\a\b\c`, `\"`, `\'`, "\\\xff", "\\\u00e9", `$`, `$$`, `$A`, `$A$B_1`, `${A}`, `${A`, `$A}`, `$(A)`,
	`$(A`, `$({A})`, `${}`, `$()`, `$a`, `$1`, `\${A}`, `x$Ay`, `$A_`, `$UNSET`, `${B_1}x`, "\\\r",
}

func TestExpansionMatchesRegexp(t *testing.T) {
	for _, v := range expansionSeeds {
		checkExpansion(t, v)
	}
}

func FuzzExpansion(f *testing.F) {
	for _, v := range expansionSeeds {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) { checkExpansion(t, v) })
}

// FuzzDotenv checks that Read never panics, that its spans are sound, and
// that it agrees with godotenv.
func FuzzDotenv(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(tt.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, "fuzz", src, pairs, errs)
		checkGodotenv(t, "fuzz", src, pairs, errs)
	})
}

// typicalEnv builds a ~2 KB .env file of the usual kind, with fake values.
func typicalEnv() []byte {
	var b bytes.Buffer
	b.WriteString("# Application settings\n\n")
	for i := 0; b.Len() < 2000; i++ {
		switch i % 6 {
		case 0:
			fmt.Fprintf(&b, "APP_SETTING_%d=value-%d\n", i, i)
		case 1:
			fmt.Fprintf(&b, "export DATABASE_URL_%d=\"postgres://user:pass@localhost:5432/db%d\"\n", i, i)
		case 2:
			fmt.Fprintf(&b, "POSTMARK_SERVER_TOKEN_%d='00000000-0000-0000-0000-%012d'\n", i, i)
		case 3:
			fmt.Fprintf(&b, "# section %d\nMAIL_FROM_%d=noreply@example.com # sender\n", i, i)
		case 4:
			fmt.Fprintf(&b, "BASE_URL_%d=https://example.com/%d\n\n", i, i)
		case 5:
			fmt.Fprintf(&b, "DEBUG_%d=false\n", i)
		}
	}
	return b.Bytes()
}

func BenchmarkRead(b *testing.B) {
	src := typicalEnv()
	if _, errs := Read(src); len(errs) != 0 {
		b.Fatalf("benchmark input has parse errors: %v", errs)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}

// guard against the benchmark input silently shrinking.
func TestTypicalEnvSize(t *testing.T) {
	if n := len(typicalEnv()); n < 1900 || n > 2200 || !utf8.Valid(typicalEnv()) {
		t.Fatalf("typical .env is %d bytes, want about 2 KB", n)
	}
}

// tokens are the pieces godotenv's parser reacts to; random sequences of
// them reach corners that byte-level fuzzing finds only slowly.
var tokens = []string{
	"A", "B_1", "x", "=", ":", " ", "\t", "\v", "\r", "\n", "\r\n", "#", " #", "\"", "'", "`", "\\",
	"$", "${", "}", "(", "$A", "export ", "export", "\u00a0", "\u0085", "\u3000", "\xc2", "\xa0",
	"\xef\xbb\xbf", "\xff", "\x00", "-", "{%", "é",
}

// TestRandomTokens cross-checks Read against godotenv on pseudo-random
// token sequences (deterministic, so failures reproduce).
func TestRandomTokens(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b []byte
	for i := 0; i < n && !t.Failed(); i++ {
		b = b[:0]
		for k := rng.IntN(12); k >= 0; k-- {
			b = append(b, tokens[rng.IntN(len(tokens))]...)
		}
		pairs, errs := Read(b)
		name := fmt.Sprintf("tokens %q", b) // generated, not secret
		checkInvariants(t, name, b, pairs, errs)
		checkGodotenv(t, name, b, pairs, errs)
	}
}
