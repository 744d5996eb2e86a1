package lint

import "bytes"

// GitFile is what git holds of a file: its HEAD version (or the HEAD
// version of the path it was renamed or copied from) and its index
// version, so that a rule can tell a token that is in history from one
// that is only staged and one that is only on disk. It is decided by the
// value, not by the file name: a token pasted into a tracked file is not
// in history yet, and a renamed file's token already is.
type GitFile struct {
	InHead, InIndex bool
	Head, Index     []byte
}

// Committed reports whether v is in the HEAD version of the file.
func (g *GitFile) Committed(v string) bool {
	return g != nil && g.InHead && v != "" && bytes.Contains(g.Head, []byte(v))
}

// Staged reports whether v is in the index version of the file.
func (g *GitFile) Staged(v string) bool {
	return g != nil && g.InIndex && v != "" && bytes.Contains(g.Index, []byte(v))
}

// Tracked reports whether the file is in the index: its next commit
// carries what the work tree holds once it is added.
func (g *GitFile) Tracked() bool { return g != nil && g.InIndex }
