package lint

import (
	"bytes"
	"strings"
)

// GitFile is what git holds of a file: its HEAD version (or the HEAD
// version of the path it was renamed or copied from) and its index
// version, so that a rule can tell a token that is in history from one
// that is only staged and one that is only on disk; and, for a value that
// its own HEAD version does not hold, where else git's history holds it.
// It is decided by the value, not by the file name: a token pasted into a
// tracked file is not in history yet, and a token that a commit holds
// under another name (a moved, copied, deleted and re-added or merged
// file) already is.
type GitFile struct {
	InHead, InIndex bool
	Head, Index     []byte

	// Elsewhere maps a token-shaped value in lower case (see TokenRuns) to a place in
	// history that holds it, for values that Head does not hold; nil when
	// nothing was looked up.
	Elsewhere map[string]GitPlace
}

// GitPlace is a file in a commit.
type GitPlace struct {
	Rev  string // HEAD, MERGE_HEAD, or a commit's abbreviated id
	Path string // from the top of the work tree, slash-separated
}

// String says where, for a message: "in HEAD as config/.env.prod", "in
// commit 1a2b3c4 as .env". The path is redacted and kept on one line.
func (p GitPlace) String() string {
	rev := p.Rev
	if !strings.HasSuffix(rev, "HEAD") {
		rev = "commit " + rev
	}
	return "in " + rev + " as " + QuotePath(p.Path)
}

// Committed reports whether v is in the HEAD version of the file. Postmark
// reads tokens in either case, so the comparison is too.
func (g *GitFile) Committed(v string) bool {
	return g != nil && g.InHead && containsFold(g.Head, v)
}

// containsFold reports whether src holds v, ignoring ASCII case.
func containsFold(src []byte, v string) bool {
	return v != "" && bytes.Contains(bytes.ToLower(src), []byte(strings.ToLower(v)))
}

// CommittedElsewhere returns a place in history, other than the file's own
// HEAD version, that holds v.
func (g *GitFile) CommittedElsewhere(v string) (GitPlace, bool) {
	if g == nil || v == "" {
		return GitPlace{}, false
	}
	p, ok := g.Elsewhere[strings.ToLower(v)]
	return p, ok
}

// Staged reports whether v is in the index version of the file.
func (g *GitFile) Staged(v string) bool {
	return g != nil && g.InIndex && containsFold(g.Index, v)
}

// Tracked reports whether the file is in the index: its next commit
// carries what the work tree holds once it is added.
func (g *GitFile) Tracked() bool { return g != nil && g.InIndex }

// TokenRuns returns the token-shaped runs (8-4-4-4-12 hex, either case) in
// a value, in lower case: what git's history is searched for, in either
// case.
func TokenRuns(v string) []string {
	if len(v) < 36 {
		return nil
	}
	runs := tokenShape.FindAllString(v, -1)
	for i, r := range runs {
		runs[i] = strings.ToLower(r)
	}
	return runs
}
