package lint

import (
	"cmp"
	"slices"

	"github.com/postmarklint/postmarklint/lint/envfile"
	"github.com/postmarklint/postmarklint/lint/tomlfile"
	"github.com/postmarklint/postmarklint/lint/yamlfile"
)

// Options tune how files become entries.
type Options struct {
	Keys []string // extra key names that hold Postmark tokens
}

func readerFor(f Format) func([]byte) ([]Pair, []ParseError) {
	switch f {
	case YAML:
		return yamlfile.Read
	case TOML:
		return tomlfile.Read
	}
	return envfile.Read
}

// Parse turns one file's bytes into a File with its entries. Files that
// cannot hold a Postmark entry are not parsed at all; a file named after
// Postmark (config/postmark.yml) can.
func Parse(path string, format Format, src []byte, opt Options) *File {
	f := &File{Path: path, Format: format, Src: src, Env: EnvOfPath(path)}
	if !MayHoldEntry(src, opt.Keys) && !mentionsPostmark(fileStem(path)) {
		return f
	}
	pairs, errs := readerFor(format)(src)
	f.ParseErrors = errs
	f.Entries = detect(f, pairs, opt.Keys)
	for _, e := range f.Entries {
		e.Claim = EnvOfName(lastSegment(e.Pair.Path))
		if e.Claim == EnvUnknown && e.RefName != "" {
			e.Claim = EnvOfName(e.RefName)
		}
		e.Env = entryEnv(f, e)
	}
	return f
}

func lastSegment(segs []string) string {
	segs = namedSegments(segs)
	if len(segs) == 0 {
		return ""
	}
	return segs[len(segs)-1]
}

// entryEnv applies DESIGN section 4: an enclosing section (a GitHub
// Actions environment, then the nearest key naming one), the file name, a
// folder; where none applies, what the entry's own key claims. A template
// file (.env.example, application.example.yml) is an example throughout:
// its production: section is a template of one.
func entryEnv(f *File, e *Entry) Env {
	if f.Env == EnvExample {
		return EnvExample
	}
	if env := EnvOfName(e.Pair.EnvHint); env != EnvUnknown {
		return env
	}
	segs := namedSegments(e.Pair.Path)
	for i := len(segs) - 2; i >= 0; i-- {
		if env := EnvOfName(segs[i]); env != EnvUnknown {
			return env
		}
	}
	if f.Env != EnvUnknown {
		return f.Env
	}
	return e.Claim
}

// Check runs the rules over parsed files and returns the findings sorted
// by file, line, column and rule. A finding that the environment silences
// is dropped; the same finding reached twice (a YAML anchor merged into
// two sections) is kept once, at its highest severity.
func Check(files []*File, rules []*Rule) []Finding {
	var out []Finding
	for _, f := range files {
		for _, r := range rules {
			p := &Pass{File: f, rule: r, out: &out}
			if r.CheckFile != nil {
				r.CheckFile(p)
			}
			if r.CheckEntry != nil {
				for _, e := range f.Entries {
					r.CheckEntry(p, e)
				}
			}
		}
	}
	out = slices.DeleteFunc(out, func(f Finding) bool { return f.Severity == Silent })
	slices.SortStableFunc(out, compareFindings)
	return dedupe(out)
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File.Path, b.File.Path),
		cmp.Compare(a.Span.Start, b.Span.Start),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(a.Span.End, b.Span.End),
		cmp.Compare(a.Message, b.Message),
		-cmp.Compare(a.Severity, b.Severity),
	)
}

func dedupe(fs []Finding) []Finding {
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return a.File == b.File && a.Rule == b.Rule && a.Span == b.Span && a.Message == b.Message
	})
}
