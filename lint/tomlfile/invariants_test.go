package tomlfile

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/postmarklint/postmarklint/lint/syntax"
)

// redact describes a value without printing it: corpus files may hold real
// tokens, so failure messages show only the length and the last 4 runes.
func redact(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return fmt.Sprintf("(len %d)", len(s))
	}
	return fmt.Sprintf("(len %d, ends %q)", len(s), string(r[len(r)-4:]))
}

// knownMessage reports whether msg is one of the fixed messages Read may
// return, which proves it carries no bytes of the file.
func knownMessage(msg string) bool {
	if msg == "invalid toml" || msg == "the toml loader failed on this file" ||
		msg == "arrays and inline tables nested more than "+strconv.Itoa(maxDepth)+" levels deep were not read" {
		return true
	}
	for _, m := range []string{"duplicate key", "table already defined by a dotted key",
		"table already defined as an array of tables", "duplicate table", "key already holds a value",
		"array of tables redefines an existing key", "key redefined as a table"} {
		if msg == m {
			return true
		}
	}
	for _, m := range staticMessages {
		if msg == m {
			return true
		}
	}
	for _, pm := range prefixMessages {
		if msg == pm.msg {
			return true
		}
	}
	return false
}

// checkInvariants checks what must hold for any input: spans inside the
// file, Inner inside Raw, the key before its value, the key text for bare
// keys, Value equal to the text for plain strings and non-strings, and
// messages from the fixed set. It never prints values.
func checkInvariants(t testing.TB, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	inFile := func(s syntax.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
	for i, p := range pairs {
		where := fmt.Sprintf("pair %d (path of %d segments)", i, len(p.Path))
		if len(p.Path) == 0 {
			t.Errorf("%s: empty path", where)
			continue
		}
		if !inFile(p.Raw) || !inFile(p.Inner) || !inFile(p.KeySpan) {
			t.Errorf("%s: span outside the file: key %v raw %v inner %v (len %d)", where, p.KeySpan, p.Raw, p.Inner, len(src))
			continue
		}
		if p.Inner.Start < p.Raw.Start || p.Inner.End > p.Raw.End {
			t.Errorf("%s: inner %v not within raw %v", where, p.Inner, p.Raw)
		}
		if p.KeySpan.End > p.Raw.Start || p.KeySpan.Len() == 0 {
			t.Errorf("%s: key %v not before raw %v", where, p.KeySpan, p.Raw)
		}
		key := src[p.KeySpan.Start:p.KeySpan.End]
		if isBareKey(key) && string(key) != p.Path[len(p.Path)-1] {
			t.Errorf("%s: key text %s, last segment %s", where, redact(string(key)), redact(p.Path[len(p.Path)-1]))
		}
		raw := src[p.Raw.Start:p.Raw.End]
		inner := string(src[p.Inner.Start:p.Inner.End])
		switch p.Quote {
		case syntax.Unquoted:
			if p.Inner != p.Raw || p.Value != string(raw) {
				t.Errorf("%s: unquoted value %s, raw %s", where, redact(p.Value), redact(string(raw)))
			}
		case syntax.DoubleQuoted, syntax.SingleQuoted:
			if !bytes.HasPrefix(raw, []byte(delim(p.Quote))) {
				t.Errorf("%s: %v raw does not start with its quote", where, p.Quote)
			}
			if (p.Quote == syntax.SingleQuoted || !bytes.Contains(raw, []byte{'\\'})) && p.Value != inner {
				t.Errorf("%s: value %s, inner %s", where, redact(p.Value), redact(inner))
			}
		case syntax.MultilineBasic, syntax.MultilineLiteral:
			if !bytes.HasPrefix(raw, []byte(delim(p.Quote))) || p.Inner.Start != p.Raw.Start+3 {
				t.Errorf("%s: %v raw does not start with its delimiter", where, p.Quote)
			}
		default:
			t.Errorf("%s: quote %v", where, p.Quote)
		}
		if p.Tag != "" || p.EnvHint != "" {
			t.Errorf("%s: tag or env hint set", where)
		}
	}
	for _, e := range errs {
		if e.Offset < -1 || e.Offset > len(src) {
			t.Errorf("error offset %d outside the file (len %d)", e.Offset, len(src))
		}
		if !knownMessage(e.Msg) {
			t.Errorf("error message is not one of the fixed messages (len %d)", len(e.Msg))
		}
	}
}

func delim(q syntax.Quote) string {
	switch q {
	case syntax.DoubleQuoted:
		return `"`
	case syntax.SingleQuoted:
		return `'`
	case syntax.MultilineBasic:
		return `"""`
	case syntax.MultilineLiteral:
		return `'''`
	}
	return ""
}

func isBareKey(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isLooseKeyByte(c) || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// checkAgainstLoader checks, for a file the loader accepts, that every pair's
// Value is what toml.Unmarshal yields at its path: the string for strings,
// and a non-string value for the others.
func checkAgainstLoader(t testing.TB, src []byte, pairs []syntax.Pair) {
	t.Helper()
	var doc map[string]any
	if err := toml.Unmarshal(bytes.TrimPrefix(src, bom), &doc); err != nil {
		t.Errorf("loader refuses a file Read accepts (error message of %d bytes)", len(err.Error()))
		return
	}
	for i, p := range pairs {
		v, ok := lookup(doc, p.Path)
		if !ok {
			t.Errorf("pair %d: path of %d segments not in the loaded document", i, len(p.Path))
			continue
		}
		s, isString := v.(string)
		if isString != (p.Quote != syntax.Unquoted) {
			t.Errorf("pair %d: quote %v for a loaded %T", i, p.Quote, v)
		}
		if isString && s != p.Value {
			t.Errorf("pair %d: value %s, loader %s", i, redact(p.Value), redact(s))
		}
	}
}

// lookup follows a pair's path through a loaded document; "[i]" segments
// index arrays.
func lookup(v any, path []string) (any, bool) {
	for _, seg := range path {
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, ok := arrayIndex(seg)
			if !ok || i >= len(c) {
				return nil, false
			}
			v = c[i]
		case []map[string]any:
			i, ok := arrayIndex(seg)
			if !ok || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func arrayIndex(seg string) (int, bool) {
	if len(seg) < 3 || seg[0] != '[' || seg[len(seg)-1] != ']' {
		return 0, false
	}
	i, err := strconv.Atoi(seg[1 : len(seg)-1])
	return i, err == nil && i >= 0
}
