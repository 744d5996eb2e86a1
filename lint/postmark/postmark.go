// Package postmark holds what Postmark says about a token: its kind, its
// status and, for a server token, its server. The lint engine and the
// rules read these answers; package online, which asks the Postmark API,
// fills them in through the Checker interface. Nothing here touches the
// network.
package postmark

import (
	"context"
	"sync"
)

// Kind is the kind of a Postmark token.
type Kind int

const (
	UnknownKind Kind = iota // no kind answered (rejected, unverified, test token)
	Server                  // a server token: X-Postmark-Server-Token
	Account                 // an account token: X-Postmark-Account-Token
)

func (k Kind) String() string {
	switch k {
	case Server:
		return "server"
	case Account:
		return "account"
	}
	return "unknown"
}

// Status is what Postmark said about a token. The zero value is
// Unverified, so that a Result nobody filled in claims nothing.
type Status int

const (
	Unverified Status = iota // the check could not finish; see Result.Reason
	Alive                    // Postmark accepted the token as Result.Kind
	Rejected                 // refused as both kinds (401/422, ErrorCode 10)
	TestToken                // POSTMARK_API_TEST, or Postmark answered 403 ErrorCode 10
)

func (s Status) String() string {
	switch s {
	case Alive:
		return "alive"
	case Rejected:
		return "rejected"
	case TestToken:
		return "test token"
	}
	return "unverified"
}

// Result is the outcome of checking one token. It never holds the token.
type Result struct {
	Status   Status
	Kind     Kind // the kind Postmark accepted; UnknownKind unless Alive
	Expected Kind // the kind the caller expected

	// For an Alive server token: the server Postmark reports.
	ServerID     int
	ServerName   string
	DeliveryType string // "Live", "Sandbox", or "" when Postmark did not say
	SMTPOff      bool   // SmtpApiActivated is false: the server takes no SMTP

	Reason string // why the check did not finish (Unverified), short, for humans
	Cached bool   // the answer came from the cache file, not from Postmark
}

// KindMismatch reports whether the token is alive but of the other kind
// than the caller expected.
func (r Result) KindMismatch() bool {
	return r.Status == Alive && r.Kind != r.Expected
}

// Checker is what the lint engine needs: one answer per token. A Checker
// is safe for concurrent use.
type Checker interface {
	Check(ctx context.Context, token string, expected Kind) Result
}

// Request is one token to check, for CheckAll.
type Request struct {
	Token    string
	Expected Kind
}

// CheckAll checks every request concurrently and returns the results in
// the same order. Concurrency and deduplication are the Checker's job.
func CheckAll(ctx context.Context, c Checker, reqs []Request) []Result {
	return all(reqs, func(r Request) Result { return c.Check(ctx, r.Token, r.Expected) })
}

// all asks about every request at once and returns the answers in the
// same order.
func all[Q, A any](reqs []Q, ask func(Q) A) []A {
	out := make([]A, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { out[i] = ask(r) })
	}
	wg.Wait()
	return out
}

// StreamStatus is what Postmark said about a message stream. The zero
// value is StreamUnverified.
type StreamStatus int

const (
	StreamUnverified StreamStatus = iota // the check could not finish; see StreamResult.Reason
	StreamFound                          // the server has the stream
	StreamMissing                        // no such stream on the server (422, ErrorCode 1226)
)

// Stream types, as Postmark spells MessageStreamType.
const (
	Transactional = "Transactional"
	Broadcasts    = "Broadcasts"
	Inbound       = "Inbound"
)

// StreamResult is the outcome of asking for one message stream with one
// server token. It holds neither the token nor the stream ID.
type StreamResult struct {
	Status   StreamStatus
	Type     string // for a found stream: Transactional, Broadcasts, Inbound, or ""
	Archived bool   // for a found stream: ArchivedAt is set

	Reason string // why the check did not finish (StreamUnverified), short, for humans
	Cached bool   // the answer came from the cache file, not from Postmark
}

// StreamChecker is what a Checker that can also ask about message streams
// offers: one answer per (server token, stream ID). Like Checker, it is
// safe for concurrent use.
type StreamChecker interface {
	CheckStream(ctx context.Context, token, stream string) StreamResult
}

// StreamRequest is one stream to ask about, for CheckStreams.
type StreamRequest struct {
	Token, Stream string
}

// CheckStreams asks about every request concurrently and returns the
// results in the same order.
func CheckStreams(ctx context.Context, c StreamChecker, reqs []StreamRequest) []StreamResult {
	return all(reqs, func(r StreamRequest) StreamResult { return c.CheckStream(ctx, r.Token, r.Stream) })
}
