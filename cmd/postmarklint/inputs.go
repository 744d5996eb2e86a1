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
	"strings"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
)

// gather turns the command line into parsed files: the paths given, the
// staged files, or one buffer from standard input; each with the siblings
// that cross-file rules compare it with. A walk also says what it left
// out; walked is nil when nothing was walked.
func gather(cfg *config, conf *lint.Config, stdin io.Reader) (files []*lint.File, walked *driver.Discovery, errs []error) {
	opt := lint.Options{Keys: conf.Keys, EnvFor: conf.EnvFor}
	limit := cfg.maxFileSize.bytes()
	switch {
	case cfg.staged:
		files, errs = gatherStaged(conf, opt, limit)
		return files, nil, errs
	case cfg.stdin:
		files, errs = gatherStdin(cfg.stdinName, stdin, conf, opt, limit)
		return files, nil, errs
	}
	// Files are read while folders are still being walked.
	in := make(chan driver.Target, 256)
	var named []driver.Target
	walked = &driver.Discovery{NoIgnore: cfg.noIgnore}
	go func() {
		errs = walked.Each(cfg.paths, func(t driver.Target) {
			if !conf.Ignored(t.Path) {
				if t.Explicit {
					named = append(named, t)
				}
				in <- t
			}
		})
		close(in)
	}()
	files, readErrs := loadEach(in, opt, limit)
	context, contextErrs := load(withFamilies(named, conf)[len(named):], opt, limit)
	files = append(files, context...)
	driver.MarkTracked(files)
	return files, walked, slices.Concat(errs, readErrs, contextErrs)
}

// gatherStaged lints what is about to be committed: the index version of
// each staged file, read from git.
func gatherStaged(conf *lint.Config, opt lint.Options, limit int64) ([]*lint.File, []error) {
	staged, err := driver.Staged(".")
	if err != nil {
		return nil, []error{err}
	}
	var files []*lint.File
	var targets []driver.Target
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
		f.Git = s.Git
		files = append(files, f)
		targets = append(targets, driver.Target{Path: s.Path, Explicit: true})
	}
	driver.MarkTracked(files) // their values' places elsewhere in history
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
	t := driver.Target{Path: driver.DisplayPath(name), Explicit: true}
	if int64(len(src)) > limit {
		return nil, []error{skipped{fmt.Errorf("%s: standard input is over the %s limit (--max-file-size), not linted", lint.QuotePath(t.Path), formatSize(limit))}}
	}
	if binaryAt(src) >= 0 {
		return nil, []error{skipped{fmt.Errorf("%s: binary input (NUL byte), not linted", lint.QuotePath(t.Path))}}
	}
	f := parse(t.Path, src, opt)
	driver.MarkTracked([]*lint.File{f})
	context, errs := load(withFamilies([]driver.Target{t}, conf)[1:], opt, limit)
	return append([]*lint.File{f}, context...), errs
}

// binaryAt returns the offset of the first NUL byte of a binary file, or
// -1. A UTF-16 file is full of NUL bytes but is text: lint.Parse reports
// it when it mentions Postmark.
func binaryAt(src []byte) int {
	if lint.IsUTF16(src) {
		return -1
	}
	return bytes.IndexByte(src, 0)
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
func withFamilies(targets []driver.Target, conf *lint.Config) []driver.Target {
	seen := map[string]bool{}
	for _, t := range targets {
		seen[t.Path] = true
	}
	out := targets
	for _, t := range targets {
		if !t.Explicit {
			continue
		}
		for _, sib := range driver.Family(t.Path) {
			if !seen[sib] && !conf.Ignored(sib) {
				seen[sib] = true
				out = append(out, driver.Target{Path: sib, Context: true})
			}
		}
	}
	return out
}

// load reads and parses the targets on all cores; the files come back in
// the targets' order whatever the number of workers.
func load(targets []driver.Target, opt lint.Options, limit int64) ([]*lint.File, []error) {
	in := make(chan driver.Target, len(targets))
	for _, t := range targets {
		in <- t
	}
	close(in)
	return loadEach(in, opt, limit)
}

// loaders read and parse files at once: a read waits on the disk, so a
// few more than the cores keep both busy.
var loaders = max(4, 2*runtime.GOMAXPROCS(0))

// loadEach reads and parses the targets that arrive on in. The files come
// back sorted by path and the errors by text, whatever the number of
// loaders and the order of arrival.
func loadEach(in <-chan driver.Target, opt lint.Options, limit int64) ([]*lint.File, []error) {
	var (
		mu    sync.Mutex
		files []*lint.File
		errs  []error
		wg    sync.WaitGroup
	)
	for range loaders {
		wg.Go(func() {
			var buf []byte // reused while files are read and let go
			for t := range in {
				f, err := loadOne(t, opt, limit, &buf)
				mu.Lock()
				if f != nil {
					files = append(files, f)
				}
				if err != nil && !t.Context {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.SortFunc(files, func(a, b *lint.File) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return files, errs
}

// loadOne reads and parses one target. A file over the size limit, and a
// FIFO, device or vanished file that the walk listed, are skipped with a
// message; a path named on the command line that cannot be read is an
// error.
func loadOne(t driver.Target, opt lint.Options, limit int64, buf *[]byte) (*lint.File, error) {
	name := lint.QuotePath(t.Path)
	var src []byte
	var err error
	if t.Listed {
		src, err = driver.ReadListedInto(*buf, t.Path, limit)
	} else {
		src, err = driver.ReadFile(t.Path, limit)
	}
	var big *driver.TooLargeError
	var special *driver.NotRegularError
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
	if i := binaryAt(src); i >= 0 {
		return nil, skipped{fmt.Errorf("%s: binary file (NUL byte at offset %d), not linted", name, i)}
	}
	f := parse(t.Path, src, opt)
	f.Context = t.Context
	if f.Parsed {
		*buf = nil // the file keeps these bytes
	} else {
		*buf, f.Src = src, nil // nothing will look at it again: reuse it
	}
	return f, nil
}
