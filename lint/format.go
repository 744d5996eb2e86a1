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

var needles = [][]byte{[]byte("postmark")} // postmarkapp and POSTMARK_API_TEST contain it

// MayHoldEntry reports whether a file can hold a Postmark entry at all: it
// mentions Postmark (any case) or one of the extra key names. Files that
// cannot are not parsed.
func MayHoldEntry(src []byte, keys []string) bool {
	for _, n := range needles {
		if indexFold(src, n) >= 0 {
			return true
		}
	}
	for _, k := range keys {
		if indexFold(src, []byte(k)) >= 0 {
			return true
		}
	}
	return false
}

// indexFold is an ASCII case-insensitive bytes.Index for a needle of
// letters, digits and punctuation. It jumps between candidate first bytes
// with IndexByte, which is vectorised.
func indexFold(s, needle []byte) int {
	if len(needle) == 0 {
		return 0
	}
	first := lowerASCII(needle[0])
	upper := first
	if 'a' <= first && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+len(needle) <= len(s); {
		j := indexEither(s[i:len(s)-len(needle)+1], first, upper)
		if j < 0 {
			return -1
		}
		i += j
		if equalFold(s[i:i+len(needle)], needle) {
			return i
		}
		i++
	}
	return -1
}

func indexEither(s []byte, a, b byte) int {
	i := bytes.IndexByte(s, a)
	if a == b {
		return i
	}
	if i >= 0 {
		s = s[:i] // a match of b only counts before it
	}
	if j := bytes.IndexByte(s, b); j >= 0 {
		return j
	}
	return i
}

func equalFold(a, b []byte) bool {
	for i := range a {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
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
