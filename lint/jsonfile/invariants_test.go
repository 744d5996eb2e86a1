package jsonfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

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

// messages are the fixed messages Read may return: none carries bytes of
// the file.
var messages = []string{
	"the file holds no JSON value",
	"unexpected content after the top-level value",
	"unterminated comment",
	"the file ends where a value was expected",
	"objects and arrays nested more than " + strconv.Itoa(maxDepth) + " levels deep",
	"invalid literal: want true, false or null",
	"unexpected character where a value was expected",
	"the file ends inside an object",
	"unexpected ']' in an object",
	"unexpected comma: a member is missing",
	"expected a member name in double quotes",
	"missing comma between members",
	"unexpected character after a member",
	"the file ends after a member name",
	"missing colon after a member name",
	"the file ends inside an array",
	"unexpected '}' in an array",
	"unexpected comma: an item is missing",
	"missing comma between array items",
	"unexpected character after an array item",
	"invalid number",
	"unterminated string",
	"control character in a string: write it as an escape",
	"invalid escape in a string",
	"invalid \\u escape in a string: want four hex digits",
}

func knownMessage(msg string) bool {
	for _, m := range messages {
		if m == msg {
			return true
		}
	}
	return false
}

// checkLocate checks Locate on a well-formed string's inner
// bytes and value: every character of the value maps to the bytes that encoding/json
// decodes to it alone. Long values are left out: each character costs a
// walk from the start.
func checkLocate(t testing.TB, where string, inner []byte, value string) {
	t.Helper()
	if len(value) > 256 {
		return
	}
	for i, r := range value {
		j := i + utf8.RuneLen(r)
		start, end, ok := Locate(inner, value, i, j)
		if !ok {
			t.Errorf("%s: Locate(%d, %d) not found", where, i, j)
			return
		}
		var v string
		if json.Unmarshal([]byte("\""+string(inner[start:end])+"\""), &v) == nil && v != value[i:j] {
			t.Errorf("%s: Locate(%d, %d) = [%d, %d), which decodes to another character", where, i, j, start, end)
		}
	}
}

// checkInvariants checks what must hold for any input: spans inside the
// file, the key inside its quotes and before the value, Inner within Raw,
// the quotes of strings, Value equal to the text of non-strings and to what
// encoding/json decodes from a well-formed string literal, one parent path
// per scope, and messages from the fixed set. It never prints values.
func checkInvariants(t testing.TB, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	inFile := func(s syntax.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
	parents := map[int]string{}
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
		if p.KeySpan.Start < 1 || src[p.KeySpan.Start-1] != '"' || p.KeySpan.End >= p.Raw.Start {
			t.Errorf("%s: key %v not inside quotes before raw %v", where, p.KeySpan, p.Raw)
		} else if src[p.KeySpan.End] == '"' {
			var name string
			if json.Unmarshal(src[p.KeySpan.Start-1:p.KeySpan.End+1], &name) == nil && name != p.Path[len(p.Path)-1] {
				t.Errorf("%s: key decodes to %s, last segment %s", where, redact(name), redact(p.Path[len(p.Path)-1]))
			}
		}
		raw := src[p.Raw.Start:p.Raw.End]
		switch p.Quote {
		case syntax.Unquoted:
			if p.Inner != p.Raw || p.Value != string(raw) {
				t.Errorf("%s: unquoted value %s, raw %s", where, redact(p.Value), redact(string(raw)))
			}
		case syntax.DoubleQuoted:
			// A closed string's Inner drops both quotes; an unterminated
			// one's (reported as an error) runs to the end of Raw.
			closed := p.Inner.End == p.Raw.End-1 && len(raw) >= 2 && raw[len(raw)-1] == '"'
			if len(raw) == 0 || raw[0] != '"' || p.Inner.Start != p.Raw.Start+1 || !closed && p.Inner.End != p.Raw.End {
				t.Errorf("%s: string raw %v, inner %v", where, p.Raw, p.Inner)
				continue
			}
			var v string
			if closed && json.Unmarshal(raw, &v) == nil {
				if v != p.Value {
					t.Errorf("%s: value %s, encoding/json decodes %s", where, redact(p.Value), redact(v))
				}
				checkLocate(t, where, src[p.Inner.Start:p.Inner.End], p.Value)
			}
			if !closed && len(errs) == 0 {
				t.Errorf("%s: unterminated string without an error", where)
			}
		default:
			t.Errorf("%s: quote %v", where, p.Quote)
		}
		if !utf8.ValidString(p.Value) && p.Quote == syntax.DoubleQuoted {
			t.Errorf("%s: value is not valid UTF-8", where)
		}
		parent := strings.Join(p.Path[:len(p.Path)-1], "\x00")
		if old, ok := parents[p.Scope]; ok && old != parent {
			t.Errorf("%s: scope %d holds two parent paths", where, p.Scope)
		}
		parents[p.Scope] = parent
		if p.Tag != "" || p.EnvHint != "" {
			t.Errorf("%s: tag or env hint set", where)
		}
	}
	if len(errs) > 1 {
		t.Errorf("%d errors, want at most the first", len(errs))
	}
	for _, e := range errs {
		if e.Offset < 0 || e.Offset > len(src) || e.Line != 0 {
			t.Errorf("error offset %d line %d (len %d)", e.Offset, e.Line, len(src))
		}
		if !knownMessage(e.Msg) {
			t.Errorf("error message is not one of the fixed messages (len %d)", len(e.Msg))
		}
	}
}

// checkPlain checks ReadPlain against encoding/json: an error exactly when
// encoding/json refuses the bytes, and Read's pairs either way.
func checkPlain(t testing.TB, src []byte) {
	t.Helper()
	pairs, errs := ReadPlain(src)
	if valid := json.Valid(src); valid != (len(errs) == 0) {
		t.Errorf("encoding/json valid %v, ReadPlain errors %+v", valid, errs)
	}
	if all, _ := Read(src); len(all) != len(pairs) {
		t.Errorf("ReadPlain: %d pairs, Read %d", len(pairs), len(all))
	}
}

// checkDifferential compares Read with encoding/json on src with the
// extensions Read accepted (comments, trailing commas, a byte order mark)
// blanked to spaces: encoding/json must accept exactly the files Read
// accepts, and then yield exactly the pairs' values at their paths.
func checkDifferential(t testing.TB, src []byte) {
	t.Helper()
	r := read(src)
	plain, ok := Standardize(src)
	valid := json.Valid(plain)
	if valid != ok || ok != (r.first == nil) {
		t.Errorf("encoding/json valid %v, Read errors %+v", valid, r.errs())
		return
	}
	if !valid {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Errorf("encoding/json: error of %d bytes", len(err.Error()))
		return
	}
	want := map[string]any{}
	collect(doc, nil, want)
	got := map[string]syntax.Pair{}
	for _, p := range r.pairs {
		got[strings.Join(p.Path, "\x00")] = p // the last one wins, as in encoding/json
	}
	if hasDuplicateNames(plain) {
		// A later object or array under the same name hides earlier pairs.
		return
	}
	if len(r.pairs) != len(want) || len(got) != len(want) {
		t.Errorf("%d pairs (%d paths), encoding/json has %d scalar members", len(r.pairs), len(got), len(want))
	}
	for k, w := range want {
		p, ok := got[k]
		if !ok {
			t.Errorf("no pair for a path of %d bytes", len(k))
			continue
		}
		var s string
		quote := syntax.Unquoted
		switch w := w.(type) {
		case string:
			s, quote = w, syntax.DoubleQuoted
		case json.Number:
			s = string(w)
		case bool:
			s = strconv.FormatBool(w)
		case nil:
			s = "null"
		}
		if p.Quote != quote || p.Value != s {
			t.Errorf("path of %d bytes: %v %s, encoding/json %v %s", len(k), p.Quote, redact(p.Value), quote, redact(s))
		}
	}
}

// collect records the scalar members of objects at any depth, with "[i]"
// segments for array items, as Read's paths.
func collect(v any, path []string, out map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			p := append(path, k) // joined at once: sharing the array is safe
			switch c.(type) {
			case map[string]any, []any:
				collect(c, p, out)
			default:
				out[strings.Join(p, "\x00")] = c
			}
		}
	case []any:
		for i, c := range v {
			switch c.(type) {
			case map[string]any, []any:
				collect(c, append(path, syntax.Index(i)), out)
			}
		}
	}
}

// hasDuplicateNames reports whether an object in the valid JSON document
// names a member twice.
func hasDuplicateNames(doc []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		object   bool
		names    map[string]bool
		wantName bool
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return false
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].wantName {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				continue
			}
			name := tok.(string)
			if stack[top].names[name] {
				return true
			}
			stack[top].names[name] = true
			stack[top].wantName = false
			continue
		}
		if top >= 0 && stack[top].object {
			stack[top].wantName = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, names: map[string]bool{}, wantName: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
		}
	}
}
