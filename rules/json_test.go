package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/jsonfile"
	"github.com/postmarklint/postmarklint/lint/linttest"
)

// TestJSONSpans pins where findings in JSON values point: a character the
// loader decodes from an escape is pointed at as written ("\u200b", "\""),
// so that an editor underlines the escape, not the whole token.
func TestJSONSpans(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	for _, tc := range []struct {
		name, file, src string
		rule            string
		col, endCol     int // 1-based, in code points; endCol is past the span
	}{
		{"escaped zero-width space inside", "appsettings.Production.json",
			`{"Postmark": {"ServerToken": "3f0c9a51\u200b-7d2e-4b8a-9c61-0e5d7a2b4f19"}}`, "token-whitespace", 39, 45},
		{"literal zero-width space inside", "appsettings.Production.json",
			"{\"Postmark\": {\"ServerToken\": \"3f0c9a51\u200b-7d2e-4b8a-9c61-0e5d7a2b4f19\"}}", "token-whitespace", 39, 40},
		{"escaped quote inside after an escaped digit", "config/production.json",
			`{"postmark": {"token": "\u0033f0c9a51-7d2e\"-4b8a-9c61-0e5d7a2b4f19"}}`, "token-quoting", 43, 45},
		{"non-hex character after an escape", ".mcp.json",
			`{"env": {"POSTMARK_SERVER_TOKEN": "\u00203f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f1g"}}`, "token-format", 77, 78},
		{"host of a URL with escaped slashes", "appsettings.Production.json",
			`{"Postmark": {"BaseUrl": "https:\/\/api.postmark.com"}}`, "api-endpoint", 37, 53},
		{"trailing tab: the whole value", "app.json",
			`{"env": {"POSTMARK_API_TOKEN": "` + tok + `\t"}}`, "token-whitespace", 33, 71},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, findings := lintSource(tc.file, []byte(tc.src))
			var got []string
			for _, fd := range findings {
				if fd.Rule.ID != tc.rule {
					continue
				}
				start, end := f.Pos(fd.Span.Start), f.Pos(fd.Span.End)
				if start.Column == tc.col && end.Column == tc.endCol {
					return
				}
				got = append(got, describe([]lint.Finding{fd})+fmt.Sprintf(" at %d-%d", start.Column, end.Column))
			}
			t.Errorf("no %s finding at columns %d-%d; got %v", tc.rule, tc.col, tc.endCol, got)
		})
	}
}

// TestJSONFixesLoad reads every JSON fix golden with encoding/json (its
// comments, trailing commas and byte order mark blanked first, as .NET and
// JSON-with-comments loaders skip them): each Postmark entry's value is
// what postmarklint's reader says, and each fixed value is fixToken. The
// harness already proves the same with postmarklint's own reader.
func TestJSONFixesLoad(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join(fixDir, "*", "*.json.golden"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(fixDir, "*", "*", "*.json.golden"))
	goldens = append(goldens, more...)
	if len(goldens) < 9 {
		t.Fatalf("found %d JSON fix goldens, want the 9 of lf, crlf and bom", len(goldens))
	}
	fixed := 0
	for _, golden := range goldens {
		src, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.ToSlash(golden), ".golden")
		plain, ok := jsonfile.Standardize(src)
		if !ok {
			continue // a parse error: nothing was fixed (the harness checks)
		}
		var doc any
		if err := json.Unmarshal(plain, &doc); err != nil {
			t.Errorf("%s: encoding/json refuses the fixed file: %v", name, err)
			continue
		}
		f := linttest.Parse(name, src)
		for _, e := range f.Entries {
			// The reader's own pair: .NET's ':' split aside.
			got, ok := memberAt(doc, f.Src, e.Pair.KeySpan, e.Pair.Inner)
			switch {
			case !ok:
				t.Errorf("%s: %s: encoding/json has no string there", name, e.Key)
			case got != e.Value:
				t.Errorf("%s: %s: encoding/json reads %s, postmarklint %s", name, e.Key, lint.Redact(got), lint.Redact(e.Value))
			case got == fixToken:
				fixed++
			}
		}
	}
	if fixed == 0 {
		t.Error("no JSON fix golden holds fixToken")
	}
}

// memberAt finds the string member of doc whose name and value are at
// key and inner in src, by walking the reader's path of that pair.
func memberAt(doc any, src []byte, key, inner lint.Span) (string, bool) {
	pairs, _ := jsonfile.Read(src)
	for _, p := range pairs {
		if p.KeySpan != key || p.Inner != inner {
			continue
		}
		v := doc
		for _, seg := range p.Path {
			switch c := v.(type) {
			case map[string]any:
				v = c[seg]
			case []any:
				i, err := strconv.Atoi(strings.Trim(seg, "[]"))
				if err != nil || i >= len(c) {
					return "", false
				}
				v = c[i]
			default:
				return "", false
			}
		}
		s, ok := v.(string)
		return s, ok
	}
	return "", false
}
