package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Options tune how files become entries.
type Options struct {
	Keys []string // extra key names that hold Postmark tokens

	// EnvFor returns the environment the configuration assigns to a
	// path, if any; it wins over everything the file says.
	EnvFor func(path string) (Env, bool)
}

// Concerns reports whether a file can hold a Postmark entry: it mentions
// Postmark (in any case, also in UTF-16) or one of the extra key names,
// or it is named after Postmark. Parse reads no other file.
func Concerns(path string, src []byte, keys []string) bool {
	text := src
	if IsUTF16(src) {
		text = decodeUTF16(src)
	}
	return MayHoldEntry(text, keys) || namedPostmark(path)
}

// Parse turns one file's bytes into a File with its entries. Files that
// cannot hold a Postmark entry are not parsed at all; a file named after
// Postmark (config/postmark.yml) can. A UTF-16 file that mentions Postmark
// is one parse error at its start: the application's loader cannot read
// it, so it starts without the token. A format without a row in the
// format table is one parse error too: nothing reads it.
func Parse(path string, format Format, src []byte, opt Options) *File {
	f := &File{Path: path, Format: format, Src: src}
	if !Concerns(path, src, opt.Keys) {
		return f
	}
	f.Env = EnvOfPath(path)
	ff, ok := LookupFormat(format)
	if !ok {
		f.Parsed = true
		f.ParseErrors = []ParseError{{Offset: 0, Msg: fmt.Sprintf("postmarklint has no reader for format %v", format)}}
		return f
	}
	if IsUTF16(src) {
		f.Parsed = true
		f.ParseErrors = []ParseError{{Offset: 0, Msg: "UTF-16 file; save it as UTF-8"}}
		return f
	}
	pairs, errs := ff.Read(src)
	f.Parsed, f.Pairs, f.ParseErrors = true, pairs, errs
	f.Entries = detect(f, pairs, opt.Keys)
	f.findSettings(pairs)
	cfgEnv, cfgOK := EnvUnknown, false
	if opt.EnvFor != nil {
		cfgEnv, cfgOK = opt.EnvFor(path)
	}
	for _, e := range slices.Concat(f.Entries, f.Settings) {
		e.Claim = EnvOfName(lastSegment(e.Pair.Path))
		if e.Claim == EnvUnknown && e.RefName != "" {
			e.Claim = EnvOfName(e.RefName)
		}
		if cfgOK {
			e.Env, e.EnvFrom = cfgEnv, "the config file"
		} else {
			e.Env, e.EnvFrom = entryEnv(f, e)
		}
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

// entryEnv applies docs/entries.md's order: an enclosing section (a GitHub
// Actions environment, then the nearest key naming one), the file name, a
// folder; where none applies, what the entry's own key claims. A template
// file (.env.example, application.example.yml) is an example throughout:
// its production: section is a template of one.
func entryEnv(f *File, e *Entry) (Env, string) {
	if f.Env == EnvExample {
		return EnvExample, "the file name"
	}
	if env := EnvOfName(e.Pair.EnvHint); env != EnvUnknown {
		return env, "environment " + e.Pair.EnvHint
	}
	segs := namedSegments(e.Pair.Path)
	for i := len(segs) - 2; i >= 0; i-- {
		if env := EnvOfName(segs[i]); env != EnvUnknown {
			return env, "section " + segs[i]
		}
	}
	if env := envOfFileName(pathBase(f.Path)); env != EnvUnknown {
		return env, "the file name"
	}
	if f.Env != EnvUnknown {
		return f.Env, "its folder"
	}
	if e.Claim != EnvUnknown {
		return e.Claim, "its key"
	}
	return EnvUnknown, ""
}

func pathBase(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// Check runs the rules over parsed files and returns the findings sorted
// by file, line, column and rule. Findings that the
// environment silences, that an ignore comment covers or that are in a
// context file are dropped; the same finding reached twice (a YAML anchor
// merged into two sections) is kept once, at its highest severity.
func Check(files []*File, rules []*Rule) []Finding { return CheckSeverity(files, rules, nil) }

// CheckSeverity is Check with the configuration's severities, which
// replace a rule's own (Silent turns the rule off).
//
// The rules' CheckFile runs first, on each file that CheckRead has not
// seen yet; then CheckEntry on every entry and CheckRun over all files,
// which need what a run learns after reading (git's history, Postmark's
// answers).
func CheckSeverity(files []*File, rules []*Rule, severity map[string]Severity) []Finding {
	var out []Finding
	for _, f := range files {
		if !f.checked {
			CheckRead(f, rules, severity)
		}
		out = append(out, f.read...)
	}
	// Entries file by file, so that pairs a fix's check reads again are
	// read once per file and let go when its entries are done.
	for _, f := range files {
		if !f.Parsed {
			continue // nothing in it can concern Postmark
		}
		for _, r := range rules {
			if off(r, severity) || r.CheckEntry == nil {
				continue
			}
			p := &Pass{File: f, rule: r, out: &out}
			for _, list := range [...][]*Entry{f.Entries, f.Settings} {
				for _, e := range list {
					if r.Checks(e.Kind) {
						r.CheckEntry(p, e)
					}
				}
			}
		}
		f.again = nil
	}
	for _, r := range rules {
		if !off(r, severity) && r.CheckRun != nil {
			r.CheckRun(&Pass{rule: r, out: &out}, files)
		}
	}
	out = configure(out, severity)
	// The engine's own findings, about ignore comments, follow the
	// configuration like any rule's.
	out = configure(suppress(out, files, rules, severity), severity)
	slices.SortStableFunc(out, compareFindings)
	return dedupe(out)
}

// CheckRead runs the rules' CheckFile on one file, which needs nothing
// but the file, and keeps the findings on it for CheckSeverity: a driver
// runs it as each file is read and then lets the file Compact. The rules
// and severities must be those CheckSeverity gets.
func CheckRead(f *File, rules []*Rule, severity map[string]Severity) {
	f.checked, f.read = true, nil
	if !f.Parsed {
		return // nothing in it can concern Postmark
	}
	for _, r := range rules {
		if !off(r, severity) && r.CheckFile != nil {
			r.CheckFile(&Pass{File: f, rule: r, out: &f.read})
		}
	}
}

// off reports a rule the configuration turns off.
func off(r *Rule, severity map[string]Severity) bool {
	sev, ok := severity[r.ID]
	return ok && sev == Silent
}

// configure gives findings the configuration's severities and drops the
// silent ones and those in context files.
func configure(out []Finding, severity map[string]Severity) []Finding {
	for i := range out {
		if sev, ok := severity[out[i].Rule.ID]; ok && out[i].Severity != Silent {
			out[i].Severity = sev
		}
	}
	return slices.DeleteFunc(out, func(f Finding) bool { return f.Severity == Silent || f.File.Context })
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
