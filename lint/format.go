package lint

import (
	"bytes"
	"path"
	"strings"
)

// FormatOf returns the format a file name says, or FormatUnknown: *.yaml,
// *.yml, *.toml, .env, .env.*, *.env and env.example-style names.
func FormatOf(name string) Format {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case strings.HasSuffix(base, ".yaml"), strings.HasSuffix(base, ".yml"):
		return YAML
	case strings.HasSuffix(base, ".toml"):
		return TOML
	case base == ".env", strings.HasPrefix(base, ".env."), strings.HasSuffix(base, ".env"),
		strings.HasPrefix(base, "env.") && envOfFileName(base) != EnvUnknown:
		// env.example, env.production; not env.go.
		return Dotenv
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
