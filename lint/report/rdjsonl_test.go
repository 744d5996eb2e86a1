package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

type rdPos struct{ Line, Column int }

type rdRange struct{ Start, End rdPos }

type rdDiagnostic struct {
	Message  string
	Location struct {
		Path  string
		Range rdRange
	}
	Severity    string
	Source      struct{ Name, URL string }
	Code        struct{ Value, URL string }
	Suggestions []struct {
		Range rdRange
		Text  string
	}
}

// reviewdogSchema is the Diagnostic JSON schema that reviewdog's module
// ships, from the Go module cache, where installing reviewdog puts it.
func reviewdogSchema(t *testing.T) string {
	t.Helper()
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err == nil {
		p := filepath.Join(strings.TrimSpace(string(cache)), "github.com", "reviewdog", "reviewdog@v0.21.0", "proto", "rdf", "jsonschema", "Diagnostic.json")
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("reviewdog v0.21.0's Diagnostic schema is not in the module cache (%v): go install github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0 puts it there, .ci/run does", err)
	return ""
}

// writeRDJSONL runs the writer, checks every line against reviewdog's
// schema and decodes them.
func writeRDJSONL(t *testing.T, findings []lint.Finding) ([]byte, []rdDiagnostic) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.RDJSONL(&buf, &report.Run{Findings: findings}); err != nil {
		t.Fatal(err)
	}
	var ds []rdDiagnostic
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\n") || strings.Count(line, "\n") != 1 {
			t.Fatalf("not one JSON object per line: %q", redacted(line))
		}
		var d rdDiagnostic
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	return buf.Bytes(), ds
}

// offsetOf turns a 1-based line and UTF-8 byte column back into an offset.
func offsetOf(f *lint.File, p rdPos) int { return f.LineStart(p.Line) + p.Column - 1 }

// TestRDJSONL: one diagnostic per finding with its range in byte columns,
// severity, rule code and link; suggestions that, applied, give what
// --fix writes, and never a letter or digit.
func TestRDJSONL(t *testing.T) {
	findings := lintFixtures(t)
	out, ds := writeRDJSONL(t, findings)
	if len(ds) != len(findings) {
		t.Fatalf("%d diagnostics for %d findings", len(ds), len(findings))
	}
	suggested, byteCols := 0, false
	for i, d := range ds {
		f := &findings[i]
		r := d.Location.Range
		if d.Message != f.Message || d.Location.Path != lint.RedactPath(f.File.Path) || d.Severity != strings.ToUpper(f.Severity.String()) {
			t.Errorf("diagnostic %d: %s %s %q", i, d.Location.Path, d.Severity, redacted(d.Message))
		}
		if d.Code.Value != f.Rule.ID || d.Code.URL != "https://github.com/postmarklint/postmarklint#"+f.Rule.ID || d.Source.Name != "postmarklint" {
			t.Errorf("diagnostic %d: code %+v, source %+v", i, d.Code, d.Source)
		}
		if offsetOf(f.File, r.Start) != f.Span.Start || offsetOf(f.File, r.End) != f.Span.End {
			t.Errorf("diagnostic %d (%s): range %+v is not the span %v in byte columns", i, f.Rule.ID, r, f.Span)
		}
		if _, end := report.Position(f); end.Column != r.End.Column {
			byteCols = true
		}
		if len(d.Suggestions) == 0 {
			continue
		}
		suggested++
		var edits []lint.Edit
		for _, s := range d.Suggestions {
			if strings.ContainsAny(strings.ToLower(s.Text), "0123456789abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("diagnostic %d: a suggestion writes %q", i, redacted(s.Text))
			}
			edits = append(edits, lint.Edit{Span: lint.Span{Start: offsetOf(f.File, s.Range.Start), End: offsetOf(f.File, s.Range.End)}, New: s.Text})
		}
		if f.Fix == nil {
			t.Errorf("diagnostic %d: suggestions without a fix", i)
		} else if got, want := lint.ApplyEdits(f.File.Src, edits), lint.ApplyEdits(f.File.Src, f.Fix.Edits); !bytes.Equal(got, want) {
			t.Errorf("diagnostic %d (%s): the suggestions give\n%s\nthe fix gives\n%s", i, f.Rule.ID, redacted(string(got)), redacted(string(want)))
		}
	}
	// The fixtures hold a trailing space in quotes (one deleted byte) and
	// typographic quotes (two replaced characters), on lines where byte
	// and code point columns differ.
	if suggested < 3 || !byteCols {
		t.Errorf("%d diagnostics with suggestions, byte columns seen: %v; the fixtures should give both", suggested, byteCols)
	}
	assertNoToken(t, out)

	schema := reviewdogSchema(t)
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		validateJSON(t, "rdjsonl", schema, jsonschema.Draft4, line)
	}
}

// TestRDJSONLNoTokenInSuggestions: a fix that writes the value back (a
// quoting fix rewrites the token) is not suggested at all, though the
// finding is still reported.
func TestRDJSONLNoTokenInSuggestions(t *testing.T) {
	f := lintFixtures(t)[0]
	f.Fix = &lint.Fix{Message: "rewrite it", Edits: []lint.Edit{{Span: f.Span, New: "\"" + tok(1, 0) + "\""}}}
	out, ds := writeRDJSONL(t, []lint.Finding{f})
	if len(ds) != 1 || len(ds[0].Suggestions) != 0 {
		t.Errorf("a fix that writes a token was suggested: %s", redacted(string(out)))
	}
	assertNoToken(t, out)

	if out, _ := writeRDJSONL(t, nil); len(out) != 0 {
		t.Errorf("no findings: %q, want nothing", out)
	}
}
