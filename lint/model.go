package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/lint/syntax"
)

type (
	Span       = syntax.Span
	Quote      = syntax.Quote
	Format     = syntax.Format
	Pair       = syntax.Pair
	ParseError = syntax.ParseError
)

const (
	FormatUnknown = syntax.FormatUnknown
	Dotenv        = syntax.Dotenv
	YAML          = syntax.YAML
	TOML          = syntax.TOML
	JSON          = syntax.JSON
	JSONC         = syntax.JSONC
	DotnetJSON    = syntax.DotnetJSON
	Properties    = syntax.Properties
	Terraform     = syntax.Terraform
	TerraformVars = syntax.TerraformVars
)

const (
	Unquoted         = syntax.Unquoted
	SingleQuoted     = syntax.SingleQuoted
	DoubleQuoted     = syntax.DoubleQuoted
	Backtick         = syntax.Backtick
	LiteralBlock     = syntax.LiteralBlock
	FoldedBlock      = syntax.FoldedBlock
	MultilineBasic   = syntax.MultilineBasic
	MultilineLiteral = syntax.MultilineLiteral
)

// Severity orders findings; the zero value means "report nothing".
type Severity uint8

const (
	Silent Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	return [...]string{"off", "info", "warning", "error"}[s]
}

// ParseSeverity reads a severity name as written in flags and config files.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "off", "never":
		return Silent, nil
	}
	return Silent, fmt.Errorf("unknown severity %q (want error, warning, info or off)", s)
}

// File is one configuration file with the entries found in it.
type File struct {
	Path   string // as given or found, slash-separated
	Format Format
	Src    []byte
	Env    Env // the environment its name and folder say, before sections

	Parsed      bool     // it may hold an entry, so its reader ran
	Entries     []*Entry // the token entries (Kind Token)
	Settings    []*Entry // the entries of other kinds: streams, SMTP settings, senders
	Pairs       []Pair   // every scalar assignment, for CheckFile rules that look past tokens; nil after Compact
	ParseErrors []ParseError

	// Git holds the file's HEAD and index versions; nil outside a work
	// tree, or where no rule needs it (a file without a token).
	Git *GitFile

	// Context files are read only to compare entries across files (the
	// siblings of a named .env.production); nothing is reported on them.
	Context bool

	// RootPath is Path relative to the root of the repository the file is
	// in (see Roots), which fingerprints and baselines use so that they do
	// not depend on the folder a run starts in; "" stands for Path.
	RootPath string

	// Rev is the commit this version of the file was read from, for the
	// versions that a scan of git's history reports on; nil for files
	// read from the disk, the index or a buffer.
	Rev *Revision

	lines     []int     // offsets of line starts, built on first use
	checked   bool      // CheckRead has run
	read      []Finding // what CheckRead found
	compacted bool      // Pairs let go: read them again from Src
	again     []Pair    // Pairs read again after Compact, while the file's entries are checked
}

// Compact lets go of the file's pairs once CheckRead has run on it: a run
// over a large tree keeps sources and entries, not every assignment of
// every file. What looks at pairs later (a fix's reload check, ignore
// comments) reads them again from Src.
func (f *File) Compact() {
	if len(f.Pairs) == 0 {
		return
	}
	// The entries point into Pairs: each pair they need gets a copy of its
	// own (one per pair, so that entries sharing a pair still do).
	copies := map[*Pair]*Pair{}
	for _, e := range slices.Concat(f.Entries, f.Settings) {
		if e.Pair == nil {
			continue
		}
		c, ok := copies[e.Pair]
		if !ok {
			p := *e.Pair
			p.Path = slices.Clone(p.Path) // a reader may cut every pair's path from one array
			c = &p
			copies[e.Pair] = c
		}
		e.Pair = c
	}
	f.Pairs, f.compacted = nil, true
}

// pairs returns the file's pairs, read again from Src after Compact,
// once until CheckSeverity lets them go.
func (f *File) pairs() []Pair {
	if !f.compacted {
		return f.Pairs
	}
	if f.again == nil {
		if ff, ok := LookupFormat(f.Format); ok {
			f.again, _ = ff.Read(f.Src)
		}
	}
	return f.again
}

// Revision is a commit, as a report names it.
type Revision struct {
	ID    string    // the full object id
	Short string    // as git abbreviates it
	Date  time.Time // the author date, in the author's time zone
}

// Anchored is the file's path relative to its repository root when Roots
// has set it, its Path otherwise.
func (f *File) Anchored() string {
	if f.RootPath != "" {
		return f.RootPath
	}
	return f.Path
}

// Position is a 1-based line and column; columns count Unicode code points.
type Position struct{ Line, Column int }

// Pos converts a byte offset to a line and column.
func (f *File) Pos(off int) Position {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	off = max(0, min(off, len(f.Src)))
	// The last line start at or before off.
	lo, hi := 0, len(f.lines)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if f.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	col := 1 + countRunes(f.Src[f.lines[lo]:off])
	return Position{Line: lo + 1, Column: col}
}

// Line returns the text of 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	if n < 1 || n > len(f.lines) {
		return nil
	}
	start, end := f.lines[n-1], len(f.Src)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	line := f.Src[start:end]
	return []byte(strings.TrimSuffix(string(line), "\r"))
}

// LineStart returns the byte offset where 1-based line n starts.
func (f *File) LineStart(n int) int {
	if f.lines == nil {
		f.lines = lineStarts(f.Src)
	}
	return f.lines[max(0, min(n-1, len(f.lines)-1))]
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func countRunes(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c < 0xE0:
			i += 2
		case c < 0xF0:
			i += 3
		default:
			i += 4
		}
		n++
	}
	return n
}

// Detection says why an entry counts as a Postmark token entry.
type Detection uint8

const (
	ByKey     Detection = iota + 1 // the key path mentions Postmark
	ByDSN                          // a Postmark DSN or SMTP URL; the token is the userinfo
	BySibling                      // a credential next to a postmarkapp.com host or URL
	ByConfig                       // named in .postmarklint.yaml keys:
)

func (d Detection) String() string {
	return [...]string{"", "key", "dsn", "sibling", "config"}[d]
}

// Entry is one assignment that configures Postmark: a token entry, or
// one of the settings around a token (Kind).
type Entry struct {
	File *File
	Key  string // key path as written, nested keys joined with "."
	Pair *Pair

	Kind   Kind    // what it holds
	Mailer *Mailer // what is configured together with it

	// Raw is the span of the token as written (quotes included), Inner the
	// span between the quotes. For a DSN both are the userinfo.
	Raw, Inner Span
	Quote      Quote
	Value      string // effective value: what the loader yields

	Env     Env    // where the entry sits
	EnvFrom string // what said so: "file name", "section production", ...
	Claim   Env    // what its key or referenced secret names, if anything

	Ref     bool   // the value refers to a secret instead of holding it
	RefName string // the name it refers to, when one can be read

	Detection Detection

	// Online is Postmark's answer about the token, with --online only.
	Online *postmark.Result

	// OnlineStream is Postmark's answer about a stream entry's stream,
	// asked with a server token of the same scope, with --online only.
	OnlineStream *postmark.StreamResult
}

// Finding is one problem at one place.
type Finding struct {
	Rule     *Rule
	Severity Severity
	File     *File
	Span     Span
	Entry    *Entry // nil for findings that are not about one entry
	Message  string
	Fix      *Fix
}

// Fix is a set of non-overlapping byte edits against the original bytes.
type Fix struct {
	Message string // a verb phrase: "trim the trailing space"
	Edits   []Edit
}

// Edit replaces Src[Span] by New.
type Edit struct {
	Span Span
	New  string
}

// Fingerprint identifies a finding across line moves and whichever folder
// the run starts in: rule, file (its RootPath), key path and a hash of the
// value (never the value), plus where in the value the finding points.
// Findings not about an entry use their message instead. A token found
// in git's history is one finding wherever it entered (File.Rev): its
// fingerprint is the rule and a hash of the token alone, in lower case,
// so that a baseline still silences it when a range, a rebase or a
// fetched branch moves the commit it is reported at.
func (f *Finding) Fingerprint() string {
	h := sha256.New()
	if f.File.Rev != nil && f.Entry != nil {
		v := sha256.Sum256([]byte(strings.Join(TokenRuns(f.Entry.Value), "\x00")))
		fmt.Fprintf(h, "%s\x00history\x00%x", f.Rule.ID, v)
		return hex.EncodeToString(h.Sum(nil))[:32]
	}
	fmt.Fprintf(h, "%s\x00%s\x00", f.Rule.ID, f.File.Anchored())
	if f.Entry != nil {
		v := sha256.Sum256([]byte(f.Entry.Value))
		fmt.Fprintf(h, "%s\x00%x\x00%d", f.Entry.Key, v, f.Span.Start-f.Entry.Inner.Start)
	} else {
		fmt.Fprintf(h, "\x00\x00%s", f.Message)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
