package lint

import (
	"os"
	"path/filepath"
	"strings"
)

// Family returns the files in the same folder that differ from name only
// by environment words: .env.staging and .env for .env.production,
// values-staging.yaml for values-prod.yaml. Cross-file rules compare them
// even when only one was named on the command line.
func Family(p string) []string {
	dir, base := filepath.Split(filepath.FromSlash(p))
	key := familyKey(base)
	if key == base && EnvOfPath(base) == EnvUnknown {
		return nil // a name without an environment has no family by name
	}
	if dir == "" {
		dir = "."
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range names {
		n := d.Name()
		if n == base || !d.Type().IsRegular() || !lintable(n) {
			continue
		}
		if familyKey(n) == key {
			out = append(out, filepath.ToSlash(filepath.Join(dir, n)))
		}
	}
	return out
}

// familyKey removes the environment words from a file name, keeping its
// separators' positions: ".env.production" and ".env.staging" both give
// ".env"; "values-prod.yaml" and "values-staging.yaml" give "values.yaml".
func familyKey(base string) string {
	var kept []string
	for _, part := range strings.FieldsFunc(strings.ToLower(base), func(r rune) bool {
		return r == '.' || r == '-' || r == '_'
	}) {
		if e, ok := envWords[part]; !ok || e == EnvExample {
			kept = append(kept, part)
		}
	}
	key := strings.Join(kept, ".")
	if strings.HasPrefix(base, ".") {
		key = "." + key
	}
	return key
}
