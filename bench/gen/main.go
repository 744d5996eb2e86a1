// Command gen writes a deterministic, monorepo-like tree of .env, YAML,
// TOML and source files for postmarklint's benchmarks:
//
//	go run ./bench/gen -files 30000 -seed 1 DIR
//
// The same -files and -seed always give a byte-identical tree. About three
// quarters of the files are configuration, and about 2% of those hold a
// Postmark entry (some well-formed, some with a trailing space, a truncated
// token, a placeholder or upper-case hex). -manifest FILE writes one line
// per file: path, kind, "postmark" or "-", and the entry's problem.
//
// -config and -postmark change the shares: -config 1 -postmark 1 makes
// every file a configuration file with a Postmark entry; -keys F makes
// configuration files F times as long. -big-yaml N also
// writes DIR/big.yaml, one YAML document of N MiB with one Postmark entry
// (-files 0 for that file alone).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	var (
		files    = flag.Int("files", 30000, "number of files to write")
		seed     = flag.Int64("seed", 1, "random seed: the same seed gives the same tree")
		manifest = flag.String("manifest", "", "write a tab-separated list of the files to `FILE` (outside DIR)")
		commits  = flag.Int("commits", 0, "make DIR a git repository whose history adds the files over `N` commits")
		config   = flag.Float64("config", ConfigShare, "`share` of the files that are configuration, above 0 and at most 1")
		pmShare  = flag.Float64("postmark", PostmarkShare, "`share` of the configuration files with a Postmark entry, above 0 and at most 1 (at least one file has one)")
		keys     = flag.Float64("keys", 1, "multiply the number of keys in each configuration file (and so its size) by `F`")
		bigYAML  = flag.Float64("big-yaml", 0, "also write DIR/big.yaml, one YAML document of `N` MiB with one Postmark entry")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gen [-files N] [-seed S] [-config SHARE] [-postmark SHARE] [-keys F] [-big-yaml N] [-manifest FILE] DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *files < 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"config", *config}, {"postmark", *pmShare}} {
		if !(s.v > 0 && s.v <= 1) {
			fmt.Fprintf(os.Stderr, "gen: -%s %g: want a share above 0 and at most 1\n", s.name, s.v)
			os.Exit(2)
		}
	}
	if !(*keys > 0) {
		fmt.Fprintf(os.Stderr, "gen: -keys %g: want a factor above 0\n", *keys)
		os.Exit(2)
	}
	if *bigYAML < 0 {
		fmt.Fprintf(os.Stderr, "gen: -big-yaml %g: want a size in MiB, 0 or more\n", *bigYAML)
		os.Exit(2)
	}
	dir := flag.Arg(0)
	opt := Options{Files: *files, Seed: *seed, Config: *config, Postmark: *pmShare, Keys: *keys}
	if *commits > 0 {
		if err := gitHistory(dir, HistoryOptions{Options: opt, Commits: *commits}); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
		return
	}
	out, err := Generate(dir, opt)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if *manifest != "" {
		if err := writeManifest(*manifest, out); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
	}
	var nConfig, pm, bytes int
	dirs := map[string]bool{}
	for _, f := range out {
		if f.Kind.IsConfig() {
			nConfig++
		}
		if f.Postmark {
			pm++
		}
		bytes += f.Size
		dirs[dirOf(f.Path)] = true
	}
	fmt.Fprintf(os.Stderr, "gen: %d files (%d config, %d with a Postmark entry), %d folders, %.1f MB in %s\n",
		len(out), nConfig, pm, len(dirs), float64(bytes)/1e6, dir)
	if *bigYAML > 0 {
		name := filepath.Join(dir, "big.yaml")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
		n, err := writeBigYAML(name, *seed, *bigYAML)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: writing %s: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "gen: big.yaml: one YAML document, %d bytes (%.1f MiB), one Postmark entry, in %s\n",
			n, float64(n)/(1<<20), dir)
	}
}

func dirOf(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return "."
}

func writeManifest(name string, files []File) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, x := range files {
		pm, problem := "-", "-"
		if x.Postmark {
			pm = "postmark"
			if x.Problem != "" {
				problem = x.Problem
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", x.Path, x.Kind, pm, problem)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// gitHistory creates the repository dir with git init and git
// fast-import, then checks main out.
func gitHistory(dir string, opt HistoryOptions) error {
	git := func(args ...string) *exec.Cmd {
		cmd := exec.Command("git", append([]string{"-c", "init.defaultBranch=main", "-C", dir}, args...)...)
		cmd.Stderr = os.Stderr
		return cmd
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := git("init", "-q", "-b", "main").Run(); err != nil {
		return fmt.Errorf("git init: %w", err)
	}
	imp := git("fast-import", "--quiet", "--done")
	in, err := imp.StdinPipe()
	if err != nil {
		return err
	}
	if err := imp.Start(); err != nil {
		return err
	}
	stats, err := History(in, opt)
	in.Close()
	if werr := imp.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("git fast-import: %w", werr)
	}
	if err != nil {
		return err
	}
	if err := git("reset", "-q", "--hard", "main").Run(); err != nil {
		return fmt.Errorf("git reset: %w", err)
	}
	fmt.Fprintf(os.Stderr, "gen: %d commits (%d merges, %d branches, %d unmerged), %d file versions, %d files planned, %d tokens pasted and removed again; repository %s\n",
		stats.Commits, stats.Merges, stats.Branches, stats.Branches-stats.Merges, stats.Versions, opt.Files, stats.Leaks, dir)
	return nil
}
