package lint

import (
	"context"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

// Verify asks Postmark, through the checker it is handed, about the token
// of every entry that ask accepts, and stores each answer in Entry.Online.
// ask returns the token to send and the kind the entry expects; it says no
// to references, placeholders, the test token and malformed values, which
// are never sent. Each distinct token is asked once; context files are not
// asked about.
func Verify(ctx context.Context, c postmark.Checker, files []*File, ask func(*Entry) (string, postmark.Kind, bool)) {
	var (
		entries []*Entry
		reqs    []postmark.Request
	)
	for _, f := range files {
		if f.Context {
			continue
		}
		for _, e := range f.Entries {
			if token, kind, ok := ask(e); ok {
				entries = append(entries, e)
				reqs = append(reqs, postmark.Request{Token: token, Expected: kind})
			}
		}
	}
	for i, r := range postmark.CheckAll(ctx, c, reqs) {
		entries[i].Online = &r
	}
}
