package lint

import (
	"context"
	"path"
	"slices"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

// Verify asks Postmark, through the checker it is handed, about the token
// of every entry that ask accepts, and stores each answer in Entry.Online.
// ask returns the token to send and the kind the entry expects; it says no
// to references, placeholders, the test token and malformed values, which
// are never sent. Each distinct token is asked once; context files are not
// asked about.
func Verify(ctx context.Context, c postmark.Checker, files []*File, ask func(*Entry) (string, postmark.Kind, bool)) {
	entries, reqs := requests(files, Token, func(e *Entry) (postmark.Request, bool) {
		token, kind, ok := ask(e)
		return postmark.Request{Token: token, Expected: kind}, ok
	})
	for i, r := range postmark.CheckAll(ctx, c, reqs) {
		entries[i].Online = &r
	}
}

// requests returns the entries of a kind, in files that are not context,
// that ask turns into a request, and their requests.
func requests[Q any](files []*File, kind Kind, ask func(*Entry) (Q, bool)) ([]*Entry, []Q) {
	var (
		entries []*Entry
		reqs    []Q
	)
	for _, f := range files {
		if f.Context {
			continue
		}
		for _, e := range slices.Concat(f.Entries, f.Settings) {
			if e.Kind != kind {
				continue
			}
			if q, ok := ask(e); ok {
				entries, reqs = append(entries, e), append(reqs, q)
			}
		}
	}
	return entries, reqs
}

// VerifyStreams asks Postmark, through the checker it is handed, about the
// message stream of every stream entry that ask accepts, and stores each
// answer in Entry.OnlineStream. ask is handed the stream entry and the
// token entries that say which server it is on (StreamTokens), and returns
// the server token and stream ID to send; it says no where no server token
// was accepted, so Verify runs first. Each distinct (token, stream) pair
// is asked once; context files are not asked about.
func VerifyStreams(ctx context.Context, c postmark.StreamChecker, files []*File, ask func(stream *Entry, tokens []*Entry) (token, id string, ok bool)) {
	entries, reqs := requests(files, Stream, func(e *Entry) (postmark.StreamRequest, bool) {
		token, id, ok := ask(e, StreamTokens(files, e))
		return postmark.StreamRequest{Token: token, Stream: id}, ok
	})
	for i, r := range postmark.CheckStreams(ctx, c, reqs) {
		entries[i].OnlineStream = &r
	}
}

// StreamTokens returns the token entries that say which server a stream
// entry's stream is on: those of its mailer; else those of its file in its
// environment; else those, in its environment, of the files of its family
// (the same folder, the same name but for environment words).
func StreamTokens(files []*File, s *Entry) []*Entry {
	if s.Mailer != nil && len(s.Mailer.Tokens) > 0 {
		return s.Mailer.Tokens
	}
	sameEnv := func(f *File) []*Entry {
		var out []*Entry
		for _, e := range f.Entries {
			if e.Env == s.Env {
				out = append(out, e)
			}
		}
		return out
	}
	if t := sameEnv(s.File); len(t) > 0 {
		return t
	}
	dir, key := path.Dir(s.File.Path), FamilyKey(path.Base(s.File.Path))
	var out []*Entry
	for _, f := range files {
		if f != s.File && path.Dir(f.Path) == dir && FamilyKey(path.Base(f.Path)) == key {
			out = append(out, sameEnv(f)...)
		}
	}
	return out
}
