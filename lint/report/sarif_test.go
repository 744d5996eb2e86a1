package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// Fake tokens, each distinct and unlike the rules' documented example
// (12345678-90ab-...), so that any 9 characters of one in a report can
// only have come from a fixture.
var fakeTokens = []string{
	"3f9c2a71-5be4-4d08-9a6e-c1d27b80f45e",
	"b7e05d12-8c3a-4f91-a2d6-59e8f0c3b714",
	"6d2af8c9-0e57-4b13-8f4a-d3b9c6e21a07",
	"e41b93d7-a6c0-4e28-b5f1-7a0d82c95e3b",
	"9a5c17e2-4d3b-4f60-8e2a-0b6f93d4c1e8",
	"c2a84f1d-7b39-4e05-9d6c-a1e3f5078b24",
	"5e8d2b4f-19ac-4c73-b0e6-f7a3d1c95820",
}

// tok returns fake token i with its last n characters cut off.
func tok(i, cut int) string { return fakeTokens[i][:len(fakeTokens[i])-cut] }

// fixture is one in-memory file; its name decides format and environment.
type fixture struct{ name, src string }

// fixtures make every rule in rules.All but one fire at least once, at
// error and warning level, in all three formats, including a file whose
// path needs escaping (space, comma, colon).
var fixtures = []fixture{
	{".env.production", "" +
		"POSTMARK_SERVER_TOKEN=\"" + tok(0, 0) + " \"\n" + // token-whitespace
		"POSTMARK_API_TOKEN=" + tok(1, 1) + "\n" + // token-format: truncated
		"POSTMARK_ACCOUNT_TOKEN=your-postmark-account-token\n"}, // token-placeholder (warning)
	{"config/staging.yaml", "" +
		"postmark:\n" +
		"  api_token: Bearer " + tok(2, 0) + "\n" + // token-format: Bearer
		"  server_token: “" + tok(3, 0) + "”\n"}, // token-quoting
	{"deploy/.env.staging", "" +
		"POSTMARK_SERVER_TOKEN=\"" + tok(4, 0) + "\n" + // parse-error
		"MAIL_FROM=hello@example.com\n"},
	{".env.development", "POSTMARK_SERVER_TOKEN=" + tok(5, 2) + "\n"},                   // token-format, lowered to warning
	{"config/production.toml", "[postmark]\nserver_token = \"" + tok(6, 0) + "\"\n"},    // clean
	{"ops/eu, us:1/.env.production", "POSTMARK_SERVER_TOKEN=\"" + tok(6, 0) + "\t\"\n"}, // token-whitespace
}

// lintFixtures parses the fixtures and checks them with every rule, the
// way the command line does, so that the reports are fed real findings.
func lintFixtures(t *testing.T) []lint.Finding {
	t.Helper()
	var files []*lint.File
	for _, fx := range fixtures {
		files = append(files, lint.Parse(fx.name, lint.FormatOf(fx.name), []byte(fx.src), lint.Options{}))
	}
	findings := lint.Check(files, rules.All)
	if len(findings) < 7 {
		t.Fatalf("fixtures gave %d findings, want at least 7", len(findings))
	}
	return findings
}

// assertNoToken fails when the output holds a fake token or any 9
// consecutive characters of one. The message names neither.
// redacted is how test failures show report output: cut like any text
// postmarklint prints, so that a failing leak test does not leak itself.
func redacted(s string) string { return lint.RedactText(s) }

func assertNoToken(t *testing.T, out []byte) {
	t.Helper()
	for i, tk := range fakeTokens {
		for j := 0; j+9 <= len(tk); j++ {
			if bytes.Contains(out, []byte(tk[j:j+9])) {
				t.Errorf("output contains characters %d-%d of fake token #%d", j, j+8, i)
				break
			}
		}
	}
}

// TestFakeTokensAreDistinct guards the leak checks: a fake token that
// shared 9 characters with rule documentation would fail them for nothing.
func TestFakeTokensAreDistinct(t *testing.T) {
	var docs strings.Builder
	for _, r := range rules.All {
		docs.WriteString(r.Title + r.Doc)
		for _, ex := range r.Examples {
			docs.WriteString(ex.File + ex.Bad + ex.Good)
		}
	}
	assertNoToken(t, []byte(docs.String()))
}

// The part of a SARIF log the assertions read.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string                          `json:"id"`
					Name             string                          `json:"name"`
					ShortDescription struct{ Text string }           `json:"shortDescription"`
					FullDescription  struct{ Text string }           `json:"fullDescription"`
					Help             struct{ Text, Markdown string } `json:"help"`
					Default          struct{ Level string }          `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind string `json:"columnKind"`
		Results    []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

// writeSARIF runs the writer, checks the log against the official schema
// and decodes it.
func writeSARIF(t *testing.T, findings []lint.Finding, rs []*lint.Rule) ([]byte, sarifDoc) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.SARIF(&buf, &report.Run{Findings: findings, Rules: rs}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return buf.Bytes(), doc
}

// schemaPath is the official SARIF 2.1.0 schema in the shared corpus,
// beside the repository; it is not copied into the repository.
const schemaPath = "../../../shared/corpus/sarif/sarif-schema-2.1.0.json"

// offline refuses every load, so that compiling the schema can never go
// to the network: the SARIF schema and the draft-04 meta-schema (built
// into the library) are all it needs.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, errors.New("schema loads are offline only: " + url)
}

func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	if _, err := os.Stat(schemaPath); errors.Is(err, os.ErrNotExist) {
		t.Skipf("shared corpus not found (%s): SARIF schema validation skipped", schemaPath)
	}
	// The schema says draft-04 too; this only pins it.
	validateJSON(t, "SARIF 2.1.0", schemaPath, jsonschema.Draft4, out)
}

// validateJSON checks a JSON document against a JSON schema file, which
// is compiled offline.
func validateJSON(t *testing.T, what, schemaFile string, draft *jsonschema.Draft, out []byte) {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading the %s schema: %v", what, err)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(offline{})
	c.DefaultDraft(draft)
	c.AssertFormat()
	abs, err := filepath.Abs(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(abs, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("compiling the %s schema: %v", what, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s output is not JSON: %v", what, err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("%s output does not match the schema: %s", what, redacted(err.Error()))
	}
}

var wantLevel = map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "note"}

func TestSARIF(t *testing.T) {
	findings := lintFixtures(t)
	out, doc := writeSARIF(t, findings, rules.All)
	run := doc.Runs[0]

	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-schema-2.1.0") {
		t.Errorf("version %q, $schema %q", doc.Version, doc.Schema)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	d := run.Tool.Driver
	if d.Name != "postmarklint" || d.InformationURI != "https://github.com/postmarklint/postmarklint" {
		t.Errorf("driver %q %q", d.Name, d.InformationURI)
	}

	// Every rule is described, in order, fired or not.
	if len(d.Rules) != len(rules.All) {
		t.Fatalf("%d rules in the driver, want %d", len(d.Rules), len(rules.All))
	}
	for i, r := range rules.All {
		got := d.Rules[i]
		if got.ID != r.ID || got.ShortDescription.Text != r.Title || got.FullDescription.Text != r.Doc {
			t.Errorf("rule %d: id %q: does not describe %s", i, got.ID, r.ID)
		}
		if got.Name == "" || strings.Contains(got.Name, "-") {
			t.Errorf("rule %s: name %q is not PascalCase", r.ID, got.Name)
		}
		// The help is the rule's documentation as postmarklint rules RULE
		// prints it and as the README shows it.
		if got.Help.Text != report.RuleDoc(r, report.Plain) {
			t.Errorf("rule %s: help.text is not RuleDoc's plain text:\n%s", r.ID, got.Help.Text)
		}
		if got.Help.Markdown != report.RuleDoc(r, report.Markdown) {
			t.Errorf("rule %s: help.markdown is not RuleDoc's Markdown:\n%s", r.ID, got.Help.Markdown)
		}
		if got.Default.Level != wantLevel[r.Severity] {
			t.Errorf("rule %s: default level %q, want %q", r.ID, got.Default.Level, wantLevel[r.Severity])
		}
	}
	if d.Rules[0].Name != "ParseError" {
		t.Errorf("name of parse-error: %q, want ParseError", d.Rules[0].Name)
	}

	if len(run.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(findings))
	}
	levels := map[string]bool{}
	for i, res := range run.Results {
		f := &findings[i]
		if res.RuleID != f.Rule.ID {
			t.Errorf("result %d: ruleId %q, want %q", i, res.RuleID, f.Rule.ID)
		}
		if res.RuleIndex == nil || d.Rules[*res.RuleIndex].ID != f.Rule.ID {
			t.Errorf("result %d (%s): ruleIndex does not point at its rule", i, f.Rule.ID)
		}
		if res.Level != wantLevel[f.Severity] {
			t.Errorf("result %d: level %q for %s", i, res.Level, f.Severity)
		}
		levels[res.Level] = true
		if res.Message.Text != f.Message {
			t.Errorf("result %d: message %s, want %q", i, redacted(res.Message.Text), f.Message)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId %q", i, pl.ArtifactLocation.URIBaseID)
		}
		start, end := report.Position(f)
		reg := pl.Region
		if reg.StartLine != start.Line || reg.StartColumn != start.Column || reg.EndLine != end.Line || reg.EndColumn != end.Column {
			t.Errorf("result %d: region %+v, want %v-%v", i, reg, start, end)
		}
		if fp := res.PartialFingerprints["postmarklint/v1"]; fp == "" || fp != f.Fingerprint() {
			t.Errorf("result %d: partialFingerprints %s", i, redacted(fmt.Sprint(res.PartialFingerprints)))
		}
	}
	if !levels["error"] || !levels["warning"] {
		t.Errorf("fixtures should give errors and warnings, got levels %v", levels)
	}

	// URIs are relative references, escaped where a path needs it.
	uris := map[string]bool{}
	for _, res := range run.Results {
		uris[res.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
	}
	for _, want := range []string{".env.production", "config/staging.yaml", "ops/eu,%20us:1/.env.production"} {
		if !uris[want] {
			t.Errorf("no result with uri %q; got %s", want, redacted(fmt.Sprint(uris)))
		}
	}

	// Deterministic, with no path of this machine and no token.
	var again bytes.Buffer
	if err := report.SARIF(&again, &report.Run{Findings: findings, Rules: rules.All}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again.Bytes()) {
		t.Error("two runs over the same findings differ")
	}
	if wd, err := os.Getwd(); err == nil && bytes.Contains(out, []byte(filepath.ToSlash(wd))) {
		t.Error("output contains the working directory")
	}
	assertNoToken(t, out)
}

// TestSARIFEdges covers what the fixtures cannot: no findings at all, an
// info finding, a finding whose rule was not passed in, an absolute path.
func TestSARIFEdges(t *testing.T) {
	t.Run("no findings", func(t *testing.T) {
		out, doc := writeSARIF(t, nil, rules.All)
		if !bytes.Contains(out, []byte(`"results": []`)) {
			t.Error(`no findings should give "results": [], which SARIF reads as a clean run`)
		}
		if len(doc.Runs[0].Tool.Driver.Rules) != len(rules.All) {
			t.Errorf("%d rules, want all %d", len(doc.Runs[0].Tool.Driver.Rules), len(rules.All))
		}
	})

	t.Run("info and unlisted rule", func(t *testing.T) {
		findings := lintFixtures(t)
		// No rule in rules.All reports at info level yet (token-verified
		// will); a real finding with its severity changed stands in.
		info := findings[0]
		info.Severity = lint.Info
		// The rule set given leaves out the finding's own rule.
		var others []*lint.Rule
		for _, r := range rules.All {
			if r != info.Rule {
				others = append(others, r)
			}
		}
		_, doc := writeSARIF(t, []lint.Finding{info}, others)
		run := doc.Runs[0]
		if got := run.Results[0].Level; got != "note" {
			t.Errorf("info finding: level %q, want note", got)
		}
		rs := run.Tool.Driver.Rules
		if len(rs) != len(rules.All) {
			t.Fatalf("%d rules, want %d (the given ones plus the finding's)", len(rs), len(rules.All))
		}
		if idx := *run.Results[0].RuleIndex; rs[idx].ID != info.Rule.ID {
			t.Errorf("ruleIndex %d points at %q, want %q", idx, rs[idx].ID, info.Rule.ID)
		}
	})

	t.Run("absolute path", func(t *testing.T) {
		abs := filepath.ToSlash(filepath.Join(t.TempDir(), "a b", ".env.production"))
		f := lint.Parse(abs, lint.Dotenv, []byte("POSTMARK_SERVER_TOKEN=\""+tok(0, 0)+" \"\n"), lint.Options{})
		findings := lint.Check([]*lint.File{f}, rules.All)
		if len(findings) == 0 {
			t.Fatal("no finding")
		}
		out, doc := writeSARIF(t, findings, rules.All)
		loc := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		if !strings.HasPrefix(loc.URI, "file:///") || !strings.HasSuffix(loc.URI, "/a%20b/.env.production") || loc.URIBaseID != "" {
			t.Errorf("absolute path: uri %s, uriBaseId %q; want a file: URI and no base", redacted(loc.URI), loc.URIBaseID)
		}
		assertNoToken(t, out)
	})
}
