package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
)

// gather turns the command line into parsed files: the paths given, the
// staged files, or one buffer from standard input; each with the siblings
// that cross-file rules compare it with.
func gather(cfg *config, conf *lint.Config, stdin io.Reader) ([]*lint.File, []error) {
	opt := lint.Options{Keys: conf.Keys, EnvFor: conf.EnvFor}
	limit := cfg.maxFileSize.bytes()
	switch {
	case cfg.staged:
		return gatherStaged(conf, opt, limit)
	case cfg.stdin:
		return gatherStdin(cfg.stdinName, stdin, conf, opt, limit)
	}
	targets, errs := lint.Discover(cfg.paths)
	targets = slices.DeleteFunc(targets, func(t lint.Target) bool { return conf.Ignored(t.Path) })
	targets = withFamilies(targets, conf)
	files, readErrs := load(targets, opt, limit)
	lint.MarkTracked(files)
	return files, append(errs, readErrs...)
}

// gatherStaged lints what is about to be committed: the index version of
// each staged file, read from git.
func gatherStaged(conf *lint.Config, opt lint.Options, limit int64) ([]*lint.File, []error) {
	staged, err := lint.Staged(".")
	if err != nil {
		return nil, []error{err}
	}
	var files []*lint.File
	var targets []lint.Target
	var skips []error
	for _, s := range staged {
		if conf.Ignored(s.Path) {
			continue
		}
		if n := int64(len(s.Src)); n > limit {
			skips = append(skips, skipped{fmt.Errorf("%s: %s, over the %s limit (--max-file-size), not linted", lint.QuotePath(s.Path), formatSize(n), formatSize(limit))})
			continue
		}
		f := parse(s.Path, s.Src, opt)
		f.GitKnown, f.Staged, f.Tracked = true, true, !s.Added
		files = append(files, f)
		targets = append(targets, lint.Target{Path: s.Path, Explicit: true})
	}
	context, errs := load(withFamilies(targets, conf)[len(targets):], opt, limit)
	return append(files, context...), append(skips, errs...)
}

// gatherStdin lints an editor's unsaved buffer under its file's name;
// siblings are still read from disk.
func gatherStdin(name string, stdin io.Reader, conf *lint.Config, opt lint.Options, limit int64) ([]*lint.File, []error) {
	src, err := io.ReadAll(io.LimitReader(stdin, limit+1))
	if err != nil {
		return nil, []error{fmt.Errorf("reading standard input: %w", err)}
	}
	t := lint.Target{Path: lint.DisplayPath(name), Explicit: true}
	if int64(len(src)) > limit {
		return nil, []error{skipped{fmt.Errorf("%s: standard input is over the %s limit (--max-file-size), not linted", lint.QuotePath(t.Path), formatSize(limit))}}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, []error{skipped{fmt.Errorf("%s: binary input (NUL byte), not linted", lint.QuotePath(t.Path))}}
	}
	f := parse(t.Path, src, opt)
	lint.MarkTracked([]*lint.File{f})
	context, errs := load(withFamilies([]lint.Target{t}, conf)[1:], opt, limit)
	return append([]*lint.File{f}, context...), errs
}

func parse(path string, src []byte, opt lint.Options) *lint.File {
	format := lint.FormatOf(path)
	if format == lint.FormatUnknown {
		format = lint.Sniff(src)
	}
	return lint.Parse(path, format, src, opt)
}

// withFamilies adds, as context, the siblings of the files named on the
// command line (.env.staging for .env.production), so that cross-file
// rules see them; nothing is reported on them.
func withFamilies(targets []lint.Target, conf *lint.Config) []lint.Target {
	seen := map[string]bool{}
	for _, t := range targets {
		seen[t.Path] = true
	}
	out := targets
	for _, t := range targets {
		if !t.Explicit {
			continue
		}
		for _, sib := range lint.Family(t.Path) {
			if !seen[sib] && !conf.Ignored(sib) {
				seen[sib] = true
				out = append(out, lint.Target{Path: sib, Context: true})
			}
		}
	}
	return out
}

// load reads and parses the targets on all cores; the files come back in
// the targets' order whatever the number of workers.
func load(targets []lint.Target, opt lint.Options, limit int64) ([]*lint.File, []error) {
	files := make([]*lint.File, len(targets))
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				files[i], errs[i] = loadOne(targets[i], opt, limit)
			}
		})
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	var outFiles []*lint.File
	var outErrs []error
	for i := range targets {
		if files[i] != nil {
			outFiles = append(outFiles, files[i])
		}
		if errs[i] != nil && !targets[i].Context {
			outErrs = append(outErrs, errs[i])
		}
	}
	return outFiles, outErrs
}

// loadOne reads and parses one target. A file over the size limit, and a
// FIFO, device or vanished file that the walk listed, are skipped with a
// message; a path named on the command line that cannot be read is an
// error.
func loadOne(t lint.Target, opt lint.Options, limit int64) (*lint.File, error) {
	name := lint.QuotePath(t.Path)
	src, err := lint.ReadFile(t.Path, limit)
	var big *lint.TooLargeError
	var special *lint.NotRegularError
	switch {
	case errors.As(err, &big):
		return nil, skipped{fmt.Errorf("%s: %s, over the %s limit (--max-file-size), not linted", name, formatSize(big.Size), formatSize(big.Limit))}
	case errors.As(err, &special) && !t.Explicit:
		return nil, skipped{fmt.Errorf("%s: %v, not linted", name, special)}
	case errors.Is(err, fs.ErrNotExist) && !t.Explicit:
		return nil, skipped{fmt.Errorf("%s: deleted while linting, not linted", name)}
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read: %v", name, err)
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, skipped{fmt.Errorf("%s: binary file (NUL byte at offset %d), not linted", name, i)}
	}
	f := parse(t.Path, src, opt)
	f.Context = t.Context
	return f, nil
}
