package lint

import (
	"bytes"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/postmarklint/postmarklint/lint/envfile"
	"github.com/postmarklint/postmarklint/lint/hclfile"
	"github.com/postmarklint/postmarklint/lint/jsonfile"
	"github.com/postmarklint/postmarklint/lint/propsfile"
	"github.com/postmarklint/postmarklint/lint/syntax"
	"github.com/postmarklint/postmarklint/lint/tomlfile"
	"github.com/postmarklint/postmarklint/lint/yamlfile"
)

// FileFormat is one file format postmarklint reads. Its row in the
// format table is all the engine knows of it: which file names are of
// the format, how to read it, and how its comments start.
type FileFormat struct {
	ID     Format // what File.Format holds
	Name   string // as messages name the format: ".env", "YAML", "TOML"
	Loader string // what reads the file in the application, as messages name it
	Lang   string // the Markdown code-fence language of its examples

	// Claims reports whether a file is of the format by its path (lower
	// case, slash-separated, as far up as the caller knows it): what a
	// walk, the staged file list and FormatOf go by.
	Claims func(name string) bool

	// Ext lists the extensions that say the format of a file named
	// explicitly that no row claims (a walk does not pick such files up):
	// "notes.json" is JSON with comments.
	Ext []string

	// Read turns the file's bytes into pairs; fix planning reads a fixed
	// file with it again to prove the fix keeps every other value.
	Read syntax.Reader

	// Comments lists what starts a comment: where ignore comments are
	// found. The first is the one messages suggest; "/*" starts a block
	// comment that "*/" ends. A format without comments has none.
	Comments []string

	// KeySep joins the key path as the loader names keys: "." unless
	// set (.NET configuration: "Postmark:ServerToken").
	KeySep string

	// Default, if set, returns the default of a placeholder that the
	// loader expands, the value the application uses when the variable
	// it names is unset (Spring's ${POSTMARK_API_TOKEN:default}), and
	// its byte offset in the value.
	Default func(value string) (def string, off int, ok bool)

	// DefaultIn, if set, limits Default to the files it claims (lower
	// case, slash-separated path): Spring's application*.yml among YAML
	// files, whose other loaders (docker compose's ${X:-default}) read
	// placeholders otherwise.
	DefaultIn func(name string) bool

	// Locate, if set, maps the bytes [i, j) of a value to the bytes it is
	// written with, where the two differ (escapes, continued lines):
	// written is the value as written, or a part of one between two
	// characters; ok is false unless written reads as value.
	Locate func(written []byte, value string, i, j int) (start, end int, ok bool)
}

// Comment is the comment marker that messages suggest, "" for a format
// without comments.
func (ff FileFormat) Comment() string {
	if len(ff.Comments) == 0 {
		return ""
	}
	return ff.Comments[0]
}

// formats is the format table. The first row that claims a name wins, so
// formats named by an extension come before .env's prefix: .env.yaml is
// YAML.
//
// Adding a format takes a reader package (lint/<format>file, with its
// fixtures), an id in lint/syntax and one row here: file names, the walk
// and --staged, Parse, ignore comments and the fix reload all go by the
// row (TestNewFormatIsOneRow). .pre-commit-hooks.yaml's files pattern
// must match the names the new row claims (TestHookFilesMatchFormats).
var formats = []FileFormat{
	{ID: YAML, Name: "YAML", Loader: "the YAML loader", Lang: "yaml", Claims: globs("*.yaml", "*.yml"), Read: springProfiles(yamlfile.Read, yamlDocuments), Comments: hash,
		Default: propsfile.Default, DefaultIn: springYAML},
	{ID: TOML, Name: "TOML", Loader: "the TOML loader", Lang: "toml", Claims: globs("*.toml"), Read: tomlfile.Read, Comments: hash},
	{ID: DotnetJSON, Name: ".NET JSON settings", Loader: ".NET configuration", Lang: "jsonc",
		Claims: globs("appsettings.json", "appsettings.*.json", "secrets.json"), Read: readDotnet, Comments: slashes, KeySep: ":", Locate: jsonfile.Locate},
	{ID: JSON, Name: "JSON", Loader: "the JSON loader", Lang: "json",
		Claims: plainJSON, Read: namedValues(jsonfile.ReadPlain), Locate: jsonfile.Locate},
	{ID: JSONC, Name: "JSON", Loader: "the JSON loader", Lang: "jsonc",
		Claims: jsoncName, Ext: []string{".json", ".jsonc"}, Read: dotnetEnvironments(namedValues(jsonfile.Read)), Comments: slashes, Locate: jsonfile.Locate},
	{ID: Properties, Name: ".properties", Loader: "java.util.Properties", Lang: "properties",
		Claims: globs("*.properties"), Read: springProfiles(readProperties, SpringDocuments), Comments: []string{"#", "!"}, Default: propsfile.Default, Locate: propsfile.Locate},
	{ID: Terraform, Name: "Terraform", Loader: "Terraform", Lang: "hcl", Claims: globs("*.tf"), Read: hclfile.Read, Comments: hclComments},
	{ID: TerraformVars, Name: "Terraform variables", Loader: "Terraform", Lang: "hcl", Claims: globs("*.tfvars"), Read: hclfile.ReadVars, Comments: hclComments},
	{ID: Dotenv, Name: ".env", Loader: "godotenv", Lang: "sh", Claims: dotenvName, Read: envfile.Read, Comments: hash},
}

var (
	hash        = []string{"#"}
	slashes     = []string{"//", "/*"}
	hclComments = []string{"#", "//", "/*"}
)

// plainJSON claims the JSON files whose loaders refuse comments: Heroku's
// app.json, the MCP configurations of Claude Code (.mcp.json), Claude
// Desktop and Cursor, and Terraform's *.tfvars.json; not VS Code's
// .vscode/mcp.json, which VS Code reads with comments (its documentation's
// example has them), like every file of a .vscode folder.
func plainJSON(name string) bool {
	return plainJSONGlobs(name) && !vscodeMCP(name)
}

var plainJSONGlobs = globs("app.json", "mcp.json", ".mcp.json", "claude_desktop_config.json", "*.tfvars.json")

func vscodeMCP(name string) bool {
	return name == ".vscode/mcp.json" || strings.HasSuffix(name, "/.vscode/mcp.json")
}

// jsoncName claims the JSON files with comments that hold configuration:
// VS Code's .vscode/mcp.json, launchSettings.json (environmentVariables),
// Azure Functions' local.settings.json (Values), and node-config's files in a config
// folder, named default, local, custom-environment-variables or an
// environment, alone or before another part (production.json,
// local-staging.json, default-eu.json). Lock files, package manifests and
// other JSON are never configuration.
func jsoncName(name string) bool {
	base := path.Base(name)
	switch base {
	case "launchsettings.json", "local.settings.json":
		return true
	}
	if vscodeMCP(name) {
		return true
	}
	stem, ok := strings.CutSuffix(base, ".json")
	if !ok || path.Base(path.Dir(name)) != "config" {
		return false
	}
	first := stem
	if i := strings.IndexFunc(stem, func(r rune) bool { return r < 'a' || r > 'z' }); i >= 0 {
		first = stem[:i]
	}
	if stem == "custom-environment-variables" {
		return true
	}
	switch first {
	case "default", "local":
		return true
	}
	env, ok := envWords[first]
	return ok && env != EnvExample
}

// springYAML claims the YAML files Spring Boot reads as configuration,
// whose ${NAME:default} placeholders it expands: application.yml,
// application-{profile}.yml, bootstrap.yml, bootstrap-{profile}.yml.
var springYAML = globs("application.yml", "application.yaml", "application-*.yml", "application-*.yaml",
	"bootstrap.yml", "bootstrap.yaml", "bootstrap-*.yml", "bootstrap-*.yaml")

// defaultOf returns the Default of a file's format where its loader
// expands placeholders in that file, else nil.
func defaultOf(f *File) func(string) (string, int, bool) {
	ff, _ := LookupFormat(f.Format)
	if ff.Default == nil || ff.DefaultIn != nil && !ff.DefaultIn(claimName(f.Path)) {
		return nil
	}
	return ff.Default
}

// ExpandsPlaceholders reports a file whose loader puts the values of
// ${NAME} placeholders in where they stand, with a default after a colon
// (Spring's .properties and application.yml).
func (f *File) ExpandsPlaceholders() bool { return defaultOf(f) != nil }

// springProfiles gives the pairs of a Spring Boot configuration document
// the profile that activates the document (spring.config.activate.on-profile,
// or before Spring Boot 2.4 spring.profiles) as their environment hint:
// "on-profile: prod" in the second document of application.yml makes it
// production's. Only a single profile name counts; an expression ("prod &
// eu", "!prod") or a list names no one environment. docs returns the
// offsets where documents start after the first.
func springProfiles(read syntax.Reader, docs func([]byte) []int) syntax.Reader {
	return func(src []byte) ([]Pair, []ParseError) {
		pairs, errs := read(src)
		var bounds []int
		profiles := map[int]string{}
		for _, p := range pairs {
			switch strings.Join(p.Path, ".") {
			case "spring.config.activate.on-profile", "spring.profiles":
			default:
				continue
			}
			if strings.Trim(p.Value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != "" || p.Value == "" {
				continue
			}
			if bounds == nil {
				bounds = docs(src)
			}
			if d := sort.SearchInts(bounds, p.Raw.Start+1); profiles[d] == "" {
				profiles[d] = p.Value
			}
		}
		if len(profiles) == 0 {
			return pairs, errs
		}
		for i := range pairs {
			if pf := profiles[sort.SearchInts(bounds, pairs[i].Raw.Start+1)]; pf != "" && pairs[i].EnvHint == "" {
				pairs[i].EnvHint = pf
			}
		}
		return pairs, errs
	}
}

// yamlDocuments returns the offsets of the "---" lines that start a YAML
// document after the first.
func yamlDocuments(src []byte) []int {
	var docs []int
	for off := 0; off < len(src); {
		line := src[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || strings.ContainsRune(" \t\r\n", rune(line[3]))) {
			docs = append(docs, off)
		}
		off += len(line)
	}
	return docs
}

// SpringDocuments returns the offsets of the lines that split a
// .properties file into documents for Spring Boot 2.4 and later: "#---" or
// "!---" at the start of a line, blanks after it allowed, where neither
// the line before nor the line after starts with the same comment
// character (Spring Boot's reference, "Activation Properties"), and the
// line before does not continue onto it.
func SpringDocuments(src []byte) []int {
	var lines [][]byte
	var starts []int
	for off := 0; off <= len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		starts = append(starts, off)
		lines = append(lines, bytes.TrimRight(src[off:end], "\r"))
		off = end + 1
	}
	startsWith := func(i int, c byte) bool {
		return 0 <= i && i < len(lines) && len(lines[i]) > 0 && lines[i][0] == c
	}
	var docs []int
	for i, l := range lines {
		l = bytes.TrimRight(l, " \t\f")
		if len(l) != 4 || l[0] != '#' && l[0] != '!' || string(l[1:]) != "---" ||
			startsWith(i-1, l[0]) || startsWith(i+1, l[0]) || i > 0 && continues(lines[i-1]) {
			continue
		}
		docs = append(docs, starts[i])
	}
	return docs
}

// continues reports a .properties line that ends in an odd number of
// backslashes: its value goes on on the next line.
func continues(line []byte) bool {
	n := len(line) - len(bytes.TrimRight(line, "\\"))
	return n%2 == 1
}

// readProperties reads a .properties file, and reports a byte order mark
// before its first key, which Java keeps: java.util.Properties reads it as
// part of the key ("\ufeffpostmark.api.token"), Spring Boot (ISO-8859-1)
// as three letters before it, so that the key the application asks for is
// never set. Editors on Windows write one. Before a comment it only makes
// the comment a key that nothing asks for.
func readProperties(src []byte) ([]Pair, []ParseError) {
	pairs, errs := propsfile.Read(src)
	if len(pairs) > 0 && len(pairs[0].Path) > 0 {
		if key, ok := strings.CutPrefix(pairs[0].Path[0], "\ufeff"); ok && key != "" && key[0] != '#' && key[0] != '!' {
			errs = append([]ParseError{{Offset: 0, Msg: "file starts with a byte order mark (U+FEFF), which java.util.Properties and Spring Boot read as part of the first key"}}, errs...)
		}
	}
	return pairs, errs
}

// readDotnet reads .NET configuration JSON, whose loader splits keys at
// ":" too: {"Postmark:ServerToken": …} is {"Postmark": {"ServerToken": …}}.
func readDotnet(src []byte) ([]Pair, []ParseError) {
	pairs, errs := jsonfile.Read(src)
	for i := range pairs {
		p := &pairs[i]
		if slices.ContainsFunc(p.Path, func(s string) bool { return strings.Contains(s, ":") }) {
			var segs []string
			for _, s := range p.Path {
				segs = append(segs, strings.Split(s, ":")...)
			}
			p.Path = segs
		}
	}
	return pairs, errs
}

// namedValues reads a JSON object holding "name": "X" and "value": … as
// one pair named X, as the YAML and Terraform readers read such objects:
// the environment lists of ECS task definitions, Kubernetes manifests and
// *.tfvars.json files. The pair's key is the name's text.
func namedValues(read syntax.Reader) syntax.Reader {
	return func(src []byte) ([]Pair, []ParseError) {
		pairs, errs := read(src)
		type item struct{ name, value int }
		items := map[int]*item{}
		for i, p := range pairs {
			switch p.Path[len(p.Path)-1] {
			case "name":
				if p.Quote == syntax.DoubleQuoted && p.Value != "" {
					it := items[p.Scope]
					if it == nil {
						it = &item{-1, -1}
						items[p.Scope] = it
					}
					it.name = i
				}
			case "value":
				if it := items[p.Scope]; it != nil {
					it.value = i
				} else {
					items[p.Scope] = &item{-1, i}
				}
			}
		}
		drop := map[int]bool{}
		for _, it := range items {
			if it.name < 0 || it.value < 0 {
				continue
			}
			n, v := &pairs[it.name], &pairs[it.value]
			v.Path = append(slices.Clip(v.Path[:len(v.Path)-1]), n.Value)
			v.KeySpan = n.Inner
			drop[it.name] = true
		}
		if len(drop) == 0 {
			return pairs, errs
		}
		kept := pairs[:0]
		for i, p := range pairs {
			if !drop[i] {
				kept = append(kept, p)
			}
		}
		return kept, errs
	}
}

// dotnetEnvironments gives the pairs of an object the environment that a
// member of it names for .NET (ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT,
// AZURE_FUNCTIONS_ENVIRONMENT): a launchSettings.json profile's
// environmentVariables run the application in it, whatever the profile is
// called.
func dotnetEnvironments(read syntax.Reader) syntax.Reader {
	return func(src []byte) ([]Pair, []ParseError) {
		pairs, errs := read(src)
		envs := map[int]string{}
		for _, p := range pairs {
			switch strings.ToUpper(p.Path[len(p.Path)-1]) {
			case "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "AZURE_FUNCTIONS_ENVIRONMENT":
				if p.Quote == syntax.DoubleQuoted && p.Value != "" && envs[p.Scope] == "" {
					envs[p.Scope] = p.Value
				}
			}
		}
		for i := range pairs {
			if env := envs[pairs[i].Scope]; env != "" && pairs[i].EnvHint == "" {
				pairs[i].EnvHint = env
			}
		}
		return pairs, errs
	}
}

// globs claims the names whose base name matches one of the path.Match
// patterns. A walk asks about every file of a tree, so the common shapes
// (a name, a prefix and *, * and a suffix) are plain string tests.
func globs(patterns ...string) func(string) bool {
	var tests []func(string) bool
	for _, p := range patterns {
		star := strings.IndexAny(p, "*?[\\")
		switch {
		case star < 0:
			tests = append(tests, func(s string) bool { return s == p })
		case p[0] == '*' && !strings.ContainsAny(p[1:], "*?[\\"):
			tests = append(tests, func(s string) bool { return strings.HasSuffix(s, p[1:]) })
		case star == len(p)-1 && p[star] == '*':
			tests = append(tests, func(s string) bool { return strings.HasPrefix(s, p[:star]) })
		default:
			tests = append(tests, func(s string) bool { ok, _ := path.Match(p, s); return ok })
		}
	}
	return func(name string) bool {
		base := path.Base(name)
		for _, t := range tests {
			if t(base) {
				return true
			}
		}
		return false
	}
}

var dotenvGlobs = globs(".env", ".env.*", "*.env")

// dotenvName claims .env, .env.*, *.env and env.example-style names: env.
// followed by an environment word (env.production, env.local; not env.go).
func dotenvName(name string) bool {
	base := path.Base(name)
	return dotenvGlobs(base) || strings.HasPrefix(base, "env.") && envOfFileName(base) != EnvUnknown
}

// Formats returns the format table, in the order FormatOf tries it.
func Formats() []FileFormat { return slices.Clone(formats) }

// LookupFormat returns the row of a format; FormatUnknown and any id no
// row holds have none.
func LookupFormat(id Format) (FileFormat, bool) {
	for _, f := range formats {
		if f.ID == id {
			return f, true
		}
	}
	return FileFormat{}, false
}

// FormatOf returns the format a file name says: the first row that
// claims it, else the first whose extensions it has, else FormatUnknown.
func FormatOf(name string) Format {
	name = claimName(name)
	if ff, ok := claimant(name); ok {
		return ff.ID
	}
	for _, f := range formats {
		for _, ext := range f.Ext {
			if strings.HasSuffix(name, ext) {
				return f.ID
			}
		}
	}
	return FormatUnknown
}

// claimName is a path as Claims sees it: lower case, slash-separated.
func claimName(name string) string { return strings.ToLower(strings.ReplaceAll(name, `\`, "/")) }

// claimant returns the row that claims a lower-case slash path.
func claimant(name string) (FileFormat, bool) {
	for _, f := range formats {
		if f.Claims(name) {
			return f, true
		}
	}
	return FileFormat{}, false
}

// Sniff guesses the format of a file whose name says nothing (a file named
// on the command line such as .envs/.production/.django): the first line
// that is not blank or a comment decides.
func Sniff(src []byte) Format {
	if IsUTF16(src) {
		src = decodeUTF16(src)
	}
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' || bytes.HasPrefix(line, []byte("{%")) {
			continue
		}
		if line[0] == '[' {
			return TOML
		}
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("- ")) {
			return YAML
		}
		eq, colon := bytes.IndexByte(line, '='), bytes.IndexByte(line, ':')
		switch {
		case eq > 0 && (colon < 0 || eq < colon):
			key := bytes.TrimSpace(line[:eq])
			// "key = value" with spaces is TOML's habit; KEY=value is .env's.
			if eq > 0 && line[eq-1] == ' ' && !bytes.HasPrefix(key, []byte("export ")) {
				return TOML
			}
			return Dotenv
		case colon > 0:
			return YAML
		}
		return Dotenv
	}
	return Dotenv
}

// postmarkBytes finds the bytes every Postmark entry's file holds: postmark,
// postmarkapp and POSTMARK_API_TEST all contain them.
var postmarkBytes = newFoldSearch("postmark")

// MayHoldEntry reports whether a file can hold a Postmark entry at all: it
// mentions Postmark (any case) or one of the extra key names. Files that
// cannot are not parsed.
func MayHoldEntry(src []byte, keys []string) bool {
	if postmarkBytes.index(src) >= 0 {
		return true
	}
	for _, k := range keys {
		if newFoldSearch(k).index(src) >= 0 {
			return true
		}
	}
	return false
}

// foldSearch is an ASCII case-insensitive Boyer-Moore-Horspool search.
// Every file of a tree is searched for Postmark, most of them in vain, so
// the search skips up to the needle's length at each step instead of
// stopping at every 'p'.
type foldSearch struct {
	needle []byte // lower case
	shift  [256]int
}

func newFoldSearch(needle string) *foldSearch {
	f := &foldSearch{needle: []byte(strings.ToLower(needle))}
	m := len(f.needle)
	for i := range f.shift {
		f.shift[i] = m
	}
	for i := 0; i < m-1; i++ {
		c := f.needle[i]
		f.shift[c] = m - 1 - i
		f.shift[upperASCII(c)] = m - 1 - i
	}
	return f
}

// index returns the offset of the first match in s, or -1.
func (f *foldSearch) index(s []byte) int {
	m := len(f.needle)
	if m == 0 {
		return 0
	}
	last := f.needle[m-1]
	for i := m - 1; i < len(s); {
		c := s[i]
		if lowerASCII(c) == last && equalFold(s[i-m+1:i], f.needle[:m-1]) {
			return i - m + 1
		}
		i += f.shift[c]
	}
	return -1
}

func equalFold(a, b []byte) bool {
	for i := range a {
		if lowerASCII(a[i]) != b[i] {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// Lintable reports a file that a walk lints: one that some format
// claims, but not postmarklint's own configuration. name is its path as
// far up as the caller knows it (node-config's files are claimed in a
// config folder only).
func Lintable(name string) bool {
	name = claimName(name)
	_, ok := claimant(name)
	return ok && path.Base(name) != strings.ToLower(ConfigName)
}
