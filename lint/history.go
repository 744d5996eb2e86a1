package lint

import (
	"github.com/postmarklint/postmarklint/lint/postmark"
)

// HistoryToken is one distinct token that git's history holds: its entry
// in the version of the file where it entered history (Entry.File.Rev
// names the commit), and where the tree of HEAD still holds it.
type HistoryToken struct {
	Entry *Entry
	Head  *GitPlace // nil when HEAD holds it nowhere
}

// HistoryFinding says what to do about a token in history. Every token
// there has to be rotated unless Postmark no longer accepts it, which
// only --online can tell (Entry.Online): a token Postmark accepts is an
// error, one it rejects an info, one it could not be asked about a
// warning; without --online, an error.
func HistoryFinding(rule *Rule, t HistoryToken) Finding {
	e := t.Entry
	rev := e.File.Rev
	what := "Postmark token committed in " + rev.Short + " on " + rev.Date.Format("2006-01-02")
	head := "; no longer in HEAD"
	if t.Head != nil {
		head = "; still in HEAD as " + QuotePath(t.Head.Path)
	}
	sev, msg := Error, what+": rotate it in Postmark, because history keeps it"+head
	if r := e.Online; r != nil {
		switch r.Status {
		case postmark.Alive:
			msg = what + " and still accepted by Postmark: rotate it" + head
		case postmark.Rejected:
			sev, msg = Info, what+", no longer accepted by Postmark"+head
		default:
			reason := r.Reason
			if reason == "" {
				reason = "Postmark answered " + r.Status.String()
			}
			sev, msg = Warning, what+": could not verify it with Postmark ("+RedactText(reason)+"); rotate it unless it was rotated since"+head
		}
	}
	span := e.Inner
	if span.Len() == 0 {
		span = e.Raw
	}
	return Finding{Rule: rule, Severity: sev, File: e.File, Span: span, Entry: e, Message: msg}
}
