package driver

import (
	"os"
	"path/filepath"

	"github.com/postmarklint/postmarklint/lint"
)

// Family returns the files in the same folder that differ from name only
// by environment words: .env.staging and .env for .env.production,
// values-staging.yaml for values-prod.yaml. Cross-file rules compare them
// even when only one was named on the command line.
func Family(p string) []string { return family("", p) }

// family is Family for a run standing in wd (relative paths start there).
func family(wd, p string) []string {
	dir, base := filepath.Split(filepath.FromSlash(p))
	key := lint.FamilyKey(base)
	if key == base && lint.EnvOfPath(base) == lint.EnvUnknown {
		return nil // a name without an environment has no family by name
	}
	if dir == "" {
		dir = "."
	}
	disk := dir
	if !filepath.IsAbs(disk) && wd != "" {
		disk = filepath.Join(wd, disk)
	}
	lintable := lintableIn(disk)
	names, err := os.ReadDir(disk)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range names {
		n := d.Name()
		if n == base || !d.Type().IsRegular() || !lintable(n) {
			continue
		}
		if lint.FamilyKey(n) == key {
			out = append(out, filepath.ToSlash(filepath.Join(dir, n)))
		}
	}
	return out
}
