package lint

import (
	"strings"
	"testing"
	"time"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

const historyTok = "5e1f0c2a-9b7d-4c3e-8a6f-1d2e3f4a5b6c"

var historyRule = &Rule{ID: "committed-token", Title: "t", Severity: Error}

// historyEntry parses a version of a file read at a commit and returns
// its token's entry.
func historyEntry(t *testing.T, path, src string) *Entry {
	t.Helper()
	f := Parse(path, FormatOf(path), []byte(src), Options{})
	if len(f.Entries) != 1 {
		t.Fatalf("%s: %d entries, want 1", path, len(f.Entries))
	}
	f.Rev = &Revision{ID: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Short: "1a2b3c4", Date: time.Date(2024, 5, 1, 23, 30, 0, 0, time.FixedZone("", -7*3600))}
	return f.Entries[0]
}

// TestHistoryFinding pins what postmarklint history says about a token:
// the commit it entered at and its author date (in the author's zone),
// whether HEAD still holds it, and what Postmark answered, which sets the
// severity.
func TestHistoryFinding(t *testing.T) {
	head := &GitPlace{Rev: "HEAD", Path: "config/.env"}
	for _, tc := range []struct {
		name   string
		online *postmark.Result
		head   *GitPlace
		sev    Severity
		msg    string
	}{
		{"offline, gone from HEAD", nil, nil, Error,
			"Postmark token committed in 1a2b3c4 on 2024-05-01: rotate it in Postmark, because history keeps it; no longer in HEAD"},
		{"offline, still in HEAD", nil, head, Error,
			"Postmark token committed in 1a2b3c4 on 2024-05-01: rotate it in Postmark, because history keeps it; still in HEAD as config/.env"},
		{"alive", &postmark.Result{Status: postmark.Alive, Kind: postmark.Server}, nil, Error,
			"Postmark token committed in 1a2b3c4 on 2024-05-01 and still accepted by Postmark: rotate it; no longer in HEAD"},
		{"rejected", &postmark.Result{Status: postmark.Rejected}, head, Info,
			"Postmark token committed in 1a2b3c4 on 2024-05-01, no longer accepted by Postmark; still in HEAD as config/.env"},
		{"unverified", &postmark.Result{Status: postmark.Unverified, Reason: "HTTP 503 after 3 attempts"}, nil, Warning,
			"Postmark token committed in 1a2b3c4 on 2024-05-01: could not verify it with Postmark (HTTP 503 after 3 attempts); rotate it unless it was rotated since; no longer in HEAD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := historyEntry(t, ".env.production", "POSTMARK_SERVER_TOKEN="+historyTok+"\n")
			e.Online = tc.online
			f := HistoryFinding(historyRule, HistoryToken{Entry: e, Head: tc.head})
			if f.Severity != tc.sev || f.Message != tc.msg {
				t.Errorf("got %v %q\nwant %v %q", f.Severity, f.Message, tc.sev, tc.msg)
			}
			if f.Span != e.Inner || f.Entry != e || f.File != e.File || f.Rule != historyRule {
				t.Errorf("finding points at %v in %s, want the entry's value %v", f.Span, f.File.Path, e.Inner)
			}
		})
	}
}

// TestHistoryFingerprint: a token in history is one baseline entry
// wherever it entered and in whichever case, and another token is
// another; an ordinary finding at the same place is not the same.
func TestHistoryFingerprint(t *testing.T) {
	a := HistoryFinding(historyRule, HistoryToken{Entry: historyEntry(t, ".env.production", "POSTMARK_SERVER_TOKEN="+historyTok+"\n")})
	moved := HistoryFinding(historyRule, HistoryToken{Entry: historyEntry(t, "config/app.yaml", "postmark:\n  api_key: "+strings.ToUpper(historyTok)+"\n")})
	other := HistoryFinding(historyRule, HistoryToken{Entry: historyEntry(t, ".env.production", "POSTMARK_SERVER_TOKEN="+strings.Replace(historyTok, "5e1f", "5e1e", 1)+"\n")})
	if a.Fingerprint() != moved.Fingerprint() {
		t.Errorf("the same token at another path, key and case has another fingerprint")
	}
	if a.Fingerprint() == other.Fingerprint() {
		t.Errorf("two tokens share a fingerprint")
	}
	plain := a
	plain.File = &File{Path: a.File.Path}
	if plain.Fingerprint() == a.Fingerprint() {
		t.Errorf("a finding on a file in the work tree has the fingerprint of a token in history")
	}
}
