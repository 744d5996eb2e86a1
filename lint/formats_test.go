package lint

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{
		".env":                  Dotenv,
		".env.production":       Dotenv,
		"config/.env.staging":   Dotenv,
		`config\.env.local`:     Dotenv,
		"deploy/eu.env":         Dotenv,
		".ENV":                  Dotenv,
		"env.example":           Dotenv,
		"env.production":        Dotenv,
		"env.local":             Dotenv,
		"config.yaml":           YAML,
		"k8s/deployment.YML":    YAML,
		".env.yaml":             YAML, // an extension wins over the .env prefix
		"env.production.yml":    YAML,
		"wrangler.toml":         TOML,
		"x.env.toml":            TOML,
		"env.go":                FormatUnknown,
		"env.devices":           FormatUnknown,
		".envrc":                FormatUnknown,
		".environment":          FormatUnknown,
		"config.yaml.bak":       FormatUnknown,
		".env.d/app.go":         FormatUnknown,
		"README.md":             FormatUnknown,
		".envs/.production/.dj": FormatUnknown,

		"appsettings.json":                         DotnetJSON,
		"src/Api/appsettings.Production.json":      DotnetJSON,
		"secrets.json":                             DotnetJSON,
		"app.json":                                 JSON,
		".cursor/mcp.json":                         JSON,
		".vscode/mcp.json":                         JSONC, // VS Code reads it with comments
		"app/.vscode/mcp.json":                     JSONC,
		"infra/prod.tfvars.json":                   JSON,
		"Properties/launchSettings.json":           JSONC,
		"config/production.json":                   JSONC,
		"config/custom-environment-variables.json": JSONC,
		"notes.json":                               JSONC, // named explicitly: not claimed, read by extension
		"settings.jsonc":                           JSONC,
		"main.tf.json":                             JSONC,
		"application-prod.properties":              Properties,
		"main.tf":                                  Terraform,
		"envs/prod/terraform.tfvars":               TerraformVars,
		"x.auto.tfvars":                            TerraformVars,
		".env.tf":                                  Terraform,
	} {
		if got := FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestFormatTable: every format has one row, with a name for messages, a
// reader and a comment marker; FormatUnknown has none.
func TestFormatTable(t *testing.T) {
	var ids []Format
	for _, ff := range Formats() {
		if ff.ID == FormatUnknown || ff.Name == "" || ff.Loader == "" || ff.Claims == nil || ff.Read == nil || ff.Comments == nil && ff.ID != JSON {
			t.Errorf("incomplete row %+v", ff)
		}
		if slices.Contains(ids, ff.ID) {
			t.Errorf("%s has two rows", ff.Name)
		}
		ids = append(ids, ff.ID)
	}
	for _, id := range []Format{Dotenv, YAML, TOML, JSON, JSONC, DotnetJSON, Properties, Terraform, TerraformVars} {
		if _, ok := LookupFormat(id); !ok {
			t.Errorf("no row for %v", id)
		}
	}
	if _, ok := LookupFormat(FormatUnknown); ok {
		t.Error("FormatUnknown has a row")
	}
}

// TestParseUnknownFormat: a format no row reads is a parse error, never
// read as .env.
func TestParseUnknownFormat(t *testing.T) {
	src := []byte("POSTMARK_SERVER_TOKEN=12345678-90ab-cdef-1234-567890abcdef\n")
	for _, id := range []Format{FormatUnknown, Format(200)} {
		f := Parse(".env.production", id, src, Options{})
		if !f.Parsed || len(f.Entries) != 0 || len(f.Pairs) != 0 || len(f.ParseErrors) != 1 {
			t.Errorf("format %v: parsed %v, %d entries, %d parse errors; want one parse error and nothing read",
				id, f.Parsed, len(f.Entries), len(f.ParseErrors))
			continue
		}
		if pe := f.ParseErrors[0]; pe.Offset != 0 || !strings.Contains(pe.Msg, "no reader") {
			t.Errorf("format %v: parse error %+v", id, pe)
		}
		if FixKeepsValues(f, nil, "") {
			t.Errorf("format %v: a fix is said to keep the values of a file nothing can read", id)
		}
	}
}

// TestHookFilesMatchFormats: pre-commit hands the hook exactly the files
// that the format table claims, the ones a walk lints.
func TestHookFilesMatchFormats(t *testing.T) {
	data, err := os.ReadFile("../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID    string `yaml:"id"`
		Files string `yaml:"files"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil || len(hooks) == 0 {
		t.Fatalf("reading .pre-commit-hooks.yaml: %d hooks, %v", len(hooks), err)
	}
	names := []string{
		".env", ".env.production", "config/.env.staging", "deploy/eu.env", ".ENV", ".Env.Production",
		"config.yaml", "Config.YML", "k8s/base/deployment.yml", ".github/workflows/ci.yml",
		"wrangler.toml", "a/b/c/pyproject.toml", ".env.yaml", "x.env.toml",
		"env.example", "env.production", "ENV.Prod", "env.local", "env.prod.bak", "config/env.staging",
		"env.go", "env.devices", "env.circle", "env.", "environment.ts", "src/env/index.js", "README.en.md",
		".envrc", ".environment", "config.yaml.bak", "docs/yaml-guide.md", "toml.go",
		".env.d/app.go", "a.env/b.go", "a.yaml/b.go", "cmd/postmarklint/run.go", "testdata/script/stdin.txtar",
		"appsettings.json", "src/Api/appsettings.Production.json", "AppSettings.Development.JSON", "appsettings.json.bak",
		"secrets.json", "app.json", ".mcp.json", ".vscode/mcp.json", "claude_desktop_config.json",
		"Properties/launchSettings.json", "local.settings.json", "config/default.json", "config/production.json",
		"config/local-staging.json", "config/default-eu.json", "config/custom-environment-variables.json",
		"src/config/test.json", "Config/Prod.json", "config/products.json", "config/tsconfig.json", "config/custom.json",
		"default.json", "production.json", "config/default.json5", "configs/default.json", "myconfig/default.json",
		"package.json", "package-lock.json", "composer.json", "tsconfig.json", "settings.json", "notes.json",
		"application.properties", "src/main/resources/application-prod.properties", "gradle.properties", "a.properties.bak",
		"main.tf", "envs/prod/main.TF", "prod.tfvars", "x.auto.tfvars", "terraform.tfvars.json", "main.tf.json", "tf.go",
	}
	for w := range envWords {
		names = append(names, "env."+w, "deploy/env.app-"+w+".bak", "env."+w+"s", "env.x"+w)
	}
	// Every hook (golang, system, docker) gets the same files.
	for _, h := range hooks {
		// pre-commit uses Python's re.search; the pattern keeps to the
		// subset where Go's regexp agrees.
		re := regexp.MustCompile(h.Files)
		for _, name := range names {
			if hook, table := re.MatchString(name), Lintable(name); hook != table {
				t.Errorf("%q: hook %s's files pattern matches %v, the format table claims %v", name, h.ID, hook, table)
			}
		}
	}
}

// fakeRead reads "key = value" lines with "//" comments: a format that no
// part of the engine knows, to show that its row is all it needs.
func fakeRead(src []byte) ([]Pair, []ParseError) {
	var pairs []Pair
	var errs []ParseError
	for start := 0; start < len(src); {
		end := len(src)
		if i := strings.IndexByte(string(src[start:]), '\n'); i >= 0 {
			end = start + i
		}
		line := string(src[start:end])
		if c := strings.Index(line, "//"); c >= 0 {
			line = line[:c]
		}
		if strings.TrimSpace(line) != "" {
			eq := strings.Index(line, " = ")
			if eq < 0 {
				errs = append(errs, ParseError{Offset: start, Msg: "no ="})
			} else {
				key, value := strings.TrimSpace(line[:eq]), strings.TrimSpace(line[eq+3:])
				k := start + strings.Index(line, key)
				v := start + eq + 3 + strings.Index(line[eq+3:], value)
				pairs = append(pairs, Pair{
					Path: []string{key}, KeySpan: Span{Start: k, End: k + len(key)},
					Raw: Span{Start: v, End: v + len(value)}, Inner: Span{Start: v, End: v + len(value)},
					Value: value,
				})
			}
		}
		start = end + 1
	}
	return pairs, errs
}

// TestNewFormatIsOneRow adds a format to the table and nothing else: file
// names, parsing, detection, environments, ignore comments in its own
// comment syntax, and the fix reload all follow.
func TestNewFormatIsOneRow(t *testing.T) {
	const fake = Format(200)
	saved := formats
	t.Cleanup(func() { formats = saved })
	formats = append(slices.Clip(formats), FileFormat{
		ID: fake, Name: "Fake", Loader: "the fake loader", Claims: globs("*.fake"), Read: fakeRead, Comments: []string{"//"},
	})

	name := "config/app.production.fake"
	if FormatOf(name) != fake || !Lintable(name) {
		t.Fatalf("FormatOf(%q) = %v, lintable %v", name, FormatOf(name), Lintable(name))
	}
	tok := "12345678-90ab-cdef-1234-567890abcdef"
	src := "// postmarklint:ignore fake-rule -- a reason\npostmark_token = " + tok + " // the old one\nmail_from = a@example.com\n"
	f := Parse(name, fake, []byte(src), Options{})
	if len(f.Entries) != 1 || f.Entries[0].Value != tok || f.Entries[0].Env != EnvProduction {
		t.Fatalf("entries %+v, parse errors %+v", f.Entries, f.ParseErrors)
	}
	if s := Suppressions(f); len(s) != 1 || s[0].Line != 2 || s[0].Reason != "a reason" {
		t.Errorf("suppressions %+v, want one // comment covering line 2", s)
	}
	rule := &Rule{ID: "fake-rule", Severity: Error, CheckEntry: func(p *Pass, e *Entry) {
		p.Reportf(e, e.Raw, "fake finding")
	}}
	bad := &Rule{ID: "bad-suppression", Severity: Warning, Suppressions: true}
	if got := Check([]*File{f}, []*Rule{rule, bad}); len(got) != 0 {
		t.Errorf("findings %+v, want none: the // comment suppresses the entry's", got)
	}

	e := f.Entries[0]
	if !FixKeepsValues(f, []Edit{{Span: e.Raw, New: "fedcba09-8765-4321-fedc-ba0987654321"}}, "fedcba09-8765-4321-fedc-ba0987654321") {
		t.Error("the fix reload refuses a fix that keeps every other value")
	}
	if FixKeepsValues(f, []Edit{{Span: Span{Start: e.Raw.End, End: e.Raw.End}, New: "\nbroken"}}, tok) {
		t.Error("the fix reload accepts a fix that breaks the file")
	}
}

// TestGlobs: the string tests that stand in for path.Match agree with it.
// TestCompactReadsPairsOnce: after Compact, the fix check of every entry
// in a file reads its pairs again once for the whole check, not once per
// fix it weighs, and lets them go when the file's entries are done.
func TestCompactReadsPairsOnce(t *testing.T) {
	const fake = Format(201)
	var src []byte
	reads := 0
	saved := formats
	t.Cleanup(func() { formats = saved })
	formats = append(slices.Clip(formats), FileFormat{ID: fake, Name: "Fake", Claims: globs("*.fake"), Comments: []string{"//"},
		Read: func(b []byte) ([]Pair, []ParseError) {
			if string(b) == string(src) {
				reads++
			}
			return fakeRead(b)
		}})

	tok := "12345678-90ab-cdef-1234-567890abcdef"
	src = []byte("postmark_token = " + tok + "\npostmark_server_token = " + tok + "\npostmark_api_token = " + tok + "\n")
	f := Parse("app.fake", fake, src, Options{})
	if len(f.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(f.Entries))
	}
	weighed := 0
	rule := &Rule{ID: "fake-fix", Severity: Error, CheckEntry: func(p *Pass, e *Entry) {
		const other = "fedcba09-8765-4321-fedc-ba0987654321"
		if FixKeepsValues(e.File, []Edit{{Span: e.Raw, New: other}}, other) {
			weighed++
		}
	}}
	rules := []*Rule{rule}
	CheckRead(f, rules, nil)
	f.Compact()
	reads = 0
	Check([]*File{f}, rules)
	if weighed != 3 || reads != 1 {
		t.Errorf("%d fixes weighed with %d reads of the source, want 3 with 1", weighed, reads)
	}
	if f.again != nil {
		t.Error("the pairs read again are still held after the check")
	}
}

func TestGlobs(t *testing.T) {
	patterns := []string{".env", ".env.*", "*.env", "*.yaml", "env.?", "*.[jt]son", "a*b"}
	names := []string{"", ".env", ".env.", ".env.prod", "x.env", ".envrc", "a.yaml", ".yaml", "yaml", "env.x", "env.xy", "a.json", "a.tson", "ab", "axxb", "axxbc"}
	for _, p := range patterns {
		claims := globs(p)
		for _, n := range names {
			if want, _ := path.Match(p, n); claims(n) != want {
				t.Errorf("globs(%q)(%q) = %v, path.Match says %v", p, n, claims(n), want)
			}
		}
	}
}

// TestExpandsPlaceholders: Spring's files have their placeholders'
// defaults read; other YAML (compose's ${X:-default}) does not.
func TestExpandsPlaceholders(t *testing.T) {
	for name, want := range map[string]bool{
		"application.properties":                      true,
		"gradle.properties":                           true,
		"application.yml":                             true,
		"src/main/resources/application-prod.yaml":    true,
		"config/Application-Staging.YML":              true,
		"bootstrap.yml":                               true,
		"bootstrap-dev.yaml":                          true,
		"docker-compose.yml":                          false,
		"config/production.yaml":                      false,
		"my-application.yml":                          false,
		"applications.yml":                            false,
		".env.production":                             false,
		"wrangler.toml":                               false,
		"src/main/resources/application-prod.yml.bak": false,
	} {
		f := &File{Path: name, Format: FormatOf(name)}
		if got := f.ExpandsPlaceholders(); got != want {
			t.Errorf("%s: ExpandsPlaceholders() = %v, want %v", name, got, want)
		}
	}
}
