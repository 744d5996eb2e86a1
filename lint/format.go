package lint

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint/envfile"
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

	// Claims reports whether a file name (lower case, without its
	// folders) is of the format: what a walk, the staged file list and
	// FormatOf go by.
	Claims func(base string) bool

	// Read turns the file's bytes into pairs; fix planning reads a fixed
	// file with it again to prove the fix keeps every other value.
	Read syntax.Reader

	// Comment starts a comment that runs to the end of the line: where
	// ignore comments are found.
	Comment string
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
	{ID: YAML, Name: "YAML", Loader: "the YAML loader", Lang: "yaml", Claims: globs("*.yaml", "*.yml"), Read: yamlfile.Read, Comment: "#"},
	{ID: TOML, Name: "TOML", Loader: "the TOML loader", Lang: "toml", Claims: globs("*.toml"), Read: tomlfile.Read, Comment: "#"},
	{ID: Dotenv, Name: ".env", Loader: "godotenv", Lang: "sh", Claims: dotenvName, Read: envfile.Read, Comment: "#"},
}

// globs claims the names that match one of the path.Match patterns. A
// walk asks about every file of a tree, so the common shapes (a name, a
// prefix and *, * and a suffix) are plain string tests.
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
	return func(base string) bool {
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
func dotenvName(base string) bool {
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

// FormatOf returns the format a file name says, or FormatUnknown.
func FormatOf(name string) Format {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for _, f := range formats {
		if f.Claims(base) {
			return f.ID
		}
	}
	return FormatUnknown
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

// Lintable reports a name that a walk lints: a name some format claims,
// but not postmarklint's own configuration.
func Lintable(name string) bool {
	return FormatOf(name) != FormatUnknown && path.Base(strings.ReplaceAll(name, `\`, "/")) != ConfigName
}
