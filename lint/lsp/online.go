package lsp

import (
	"context"
	"crypto/sha256"
	"sync"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

// answers keeps what Postmark said about each token at the last save
// that asked about it, by a hash of the token and the kind expected, for
// the session. Every lint shows them, so that a rejected token stays
// underlined while the user types; only a save asks Postmark again.
type answers struct {
	mu      sync.Mutex
	m       map[answerKey]postmark.Result
	streams map[[sha256.Size]byte]postmark.StreamResult // by a hash of token and stream
}

func streamKey(token, stream string) [sha256.Size]byte {
	return sha256.Sum256([]byte(token + "\x00" + stream))
}

// CheckStream answers from what was kept; it never asks Postmark.
func (a *answers) CheckStream(_ context.Context, token, stream string) postmark.StreamResult {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.streams[streamKey(token, stream)]
}

// knownStreams narrows ask to the streams with a kept answer, as known
// does for tokens.
func (a *answers) knownStreams(ask func(*lint.Entry, []*lint.Entry) (string, string, bool)) func(*lint.Entry, []*lint.Entry) (string, string, bool) {
	return func(stream *lint.Entry, tokens []*lint.Entry) (string, string, bool) {
		token, id, ok := ask(stream, tokens)
		if !ok {
			return "", "", false
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		_, ok = a.streams[streamKey(token, id)]
		return token, id, ok
	}
}

type answerKey struct {
	token [sha256.Size]byte
	kind  postmark.Kind
}

func keyOf(token string, kind postmark.Kind) answerKey {
	return answerKey{sha256.Sum256([]byte(token)), kind}
}

// Check answers from what was kept; it never asks Postmark.
func (a *answers) Check(_ context.Context, token string, kind postmark.Kind) postmark.Result {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.m[keyOf(token, kind)]
}

// known narrows ask to the tokens with a kept answer: the others are not
// reported as unverified while typing, they were never asked about.
func (a *answers) known(ask func(*lint.Entry) (string, postmark.Kind, bool)) func(*lint.Entry) (string, postmark.Kind, bool) {
	return func(e *lint.Entry) (string, postmark.Kind, bool) {
		token, kind, ok := ask(e)
		if !ok {
			return "", 0, false
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		_, ok = a.m[keyOf(token, kind)]
		return token, kind, ok
	}
}

// recorder asks Postmark and keeps each answer, unless the check it
// belongs to (ctx) was stopped: a newer save asks again.
type recorder struct {
	ctx     context.Context
	checker postmark.Checker
	into    *answers
}

func (r recorder) Check(ctx context.Context, token string, kind postmark.Kind) postmark.Result {
	res := r.checker.Check(ctx, token, kind)
	keep(r, &r.into.m, keyOf(token, kind), res)
	return res
}

// keep stores an answer in one of r's maps, unless the check it belongs
// to was stopped.
func keep[K comparable, V any](r recorder, m *map[K]V, k K, v V) {
	if r.ctx.Err() != nil {
		return
	}
	r.into.mu.Lock()
	defer r.into.mu.Unlock()
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
}

// CheckStream asks Postmark about a message stream, when the checker can,
// and keeps the answer as Check does. The lint sets StreamRequest only
// for a checker that can.
func (r recorder) CheckStream(ctx context.Context, token, stream string) postmark.StreamResult {
	sc, ok := r.checker.(postmark.StreamChecker)
	if !ok {
		return postmark.StreamResult{}
	}
	res := sc.CheckStream(ctx, token, stream)
	keep(r, &r.into.streams, streamKey(token, stream), res)
	return res
}
