package driver

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/postmarklint/postmarklint/lint"
)

// FindConfig returns the nearest .postmarklint.yaml from dir upward, not
// past the root of the git work tree dir is in, or "" when there is none.
func FindConfig(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	top := ""
	if r := repoFinder(dir)(dir); r != nil {
		top = r.root
	}
	for {
		p := filepath.Join(dir, lint.ConfigName)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
		if dir == top {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// LoadConfig reads and checks a configuration file (lint.ParseConfig);
// messages name it as the user sees it, not as found upward.
func LoadConfig(file string, knownRule func(string) bool) (*lint.Config, error) {
	return loadConfig(absDir(""), file, knownRule)
}

// loadConfig is LoadConfig for a run standing in wd.
func loadConfig(wd, file string, knownRule func(string) bool) (*lint.Config, error) {
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, abs)
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return lint.ParseConfig(displayPath(wd, abs), src, filepath.Dir(abs), wd, knownRule)
}

// ReadBaseline reads a baseline file (lint.ParseBaseline).
func ReadBaseline(path string) (*lint.Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	return lint.ParseBaseline(path, data)
}
