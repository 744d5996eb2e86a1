package yamlfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// checkInvariants asserts what must hold for any input. parsed says the
// decoder accepted the file, so values must match their source text where
// no escape or folding separates them. Messages never print values whole:
// corpus files may hold real-looking tokens.
func checkInvariants(t testing.TB, src []byte, pairs []syntax.Pair, parsed bool) {
	t.Helper()
	for i, p := range pairs {
		for _, s := range []struct {
			name string
			sp   syntax.Span
		}{{"KeySpan", p.KeySpan}, {"Raw", p.Raw}, {"Inner", p.Inner}} {
			if s.sp.Start < 0 || s.sp.Start > s.sp.End || s.sp.End > len(src) {
				t.Errorf("pair %d (%s): %s %v outside file of %d bytes", i, safe(p.Key()), s.name, s.sp, len(src))
				return
			}
		}
		if p.Inner.Start < p.Raw.Start || p.Inner.End > p.Raw.End {
			t.Errorf("pair %d (%s): Inner %v not within Raw %v", i, safe(p.Key()), p.Inner, p.Raw)
		}
		if p.Quote == syntax.Unquoted && p.Raw != p.Inner {
			t.Errorf("pair %d (%s): plain value with Raw %v != Inner %v", i, safe(p.Key()), p.Raw, p.Inner)
		}
		if !parsed || p.Value == "" {
			continue // nulls (`~`) keep their text but have Value ""
		}
		inner := string(src[p.Inner.Start:p.Inner.End])
		if hasBreak(string(src[p.Raw.Start:p.Raw.End])) {
			continue
		}
		exact := false
		switch p.Quote {
		case syntax.Unquoted:
			exact = true
		case syntax.DoubleQuoted:
			exact = !strings.Contains(inner, `\`)
		case syntax.SingleQuoted:
			exact = !strings.Contains(inner, "''")
		}
		if exact && inner != p.Value {
			t.Errorf("pair %d (%s): src[Inner] %s != Value %s", i, safe(p.Key()), safe(inner), safe(p.Value))
		}
	}
}

// hasBreak reports any character yaml.v3 treats as a line break.
func hasBreak(s string) bool {
	return strings.ContainsAny(s, "\r\n\u0085\u2028\u2029")
}

// safe shows a string by its length and last 4 characters only.
func safe(s string) string {
	r := []rune(s)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return fmt.Sprintf("<%d bytes, ...%q>", len(s), string(r))
}

func TestBillionLaughs(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("l0: &l0 {k: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	src := b.Bytes()
	pairs, errs := Read(src)
	if len(errs) == 0 {
		t.Errorf("want a parse error saying the alias bound was hit")
	}
	if len(pairs) > maxAliasWork+100 {
		t.Errorf("got %d pairs, want at most about %d", len(pairs), maxAliasWork)
	}
	checkInvariants(t, src, pairs[:min(len(pairs), 1000)], false)
}

func TestBillionLaughsMerge(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("m0: &m0 {k: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "m%d: &m%d {<<: [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		b.WriteString("]}\n")
	}
	pairs, errs := Read(b.Bytes())
	if len(errs) == 0 {
		t.Errorf("want a parse error saying the alias bound was hit")
	}
	if len(pairs) > 100 {
		t.Errorf("got %d pairs, want few", len(pairs))
	}
}

func TestDeepNesting(t *testing.T) {
	const depth = 10000
	inputs := map[string][]byte{
		"flow maps":      []byte(strings.Repeat("{a: ", depth) + "x" + strings.Repeat("}", depth)),
		"flow seqs":      []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth)),
		"block seqs":     []byte(strings.Repeat("- ", depth) + "k: v\n"),
		"block seqs 999": []byte(strings.Repeat("- ", 999) + "k: v\n"),
		"broken":         []byte(strings.Repeat("- ", depth) + "k: v\n\tx: [\n"),
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			pairs, _ := Read(src)
			checkInvariants(t, src, pairs, false)
			if len(pairs) > 1 {
				t.Errorf("got %d pairs, want at most 1", len(pairs))
			}
		})
	}
}

func TestHugeLine(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("k: [")
	for b.Len() < 1<<20 {
		b.WriteString("é, {a: b}, ")
	}
	b.WriteString("z]\nlong: ")
	b.WriteString(strings.Repeat("x", 1<<20))
	src := b.Bytes()
	pairs, _ := Read(src)
	checkInvariants(t, src, pairs, true)
	src = append(src, "\n\tbad"...)
	pairs, _ = Read(src)
	checkInvariants(t, src, pairs, false)
}

func TestOddBytes(t *testing.T) {
	for _, s := range []string{"a: b\x00c", "a: \xff\xfe", "\x00", "a: 'b\x00'", "\r\r\r", "a:\u2028b: c", "a: x\u0085  y"} {
		pairs, errs := Read([]byte(s))
		checkInvariants(t, []byte(s), pairs, len(errs) == 0)
	}
}
