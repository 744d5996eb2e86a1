// Package online asks Postmark whether a token is alive, which kind it is
// (server or account) and, for a server token, which server it belongs to.
// It is the --online half of postmarklint and knows nothing of files or
// rules: it takes token strings and returns Results. The lint engine
// receives it through the Checker interface.
//
// # What is sent where
//
// A token is sent only to the Postmark API base URL, https://api.postmarkapp.com,
// and only in a request header, never in a URL:
//
//   - a server token: GET /server with Accept: application/json and
//     X-Postmark-Server-Token: TOKEN;
//   - an account token: GET /domains?count=1&offset=0 with
//     X-Postmark-Account-Token: TOKEN (not /servers, which would answer with
//     every server's tokens);
//   - a message stream, with a server token Postmark accepted: GET
//     /message-streams/{id} with X-Postmark-Server-Token: TOKEN
//     (CheckStream). The ID goes in the path, so only IDs of letters,
//     digits, hyphens and underscores are sent.
//
// The caller names the kind it expects; when Postmark refuses that kind
// (ErrorCode 10) the other kind is tried once, which tells a kind mismatch
// from a rejected token. Postmark's public test token POSTMARK_API_TEST is
// never sent. Redirects are not followed, TLS certificates are checked with
// the system roots, and of a /server answer only ID, Name, DeliveryType
// and SmtpApiActivated are decoded: ApiTokens, which it also holds, is
// never decoded, kept, cached or logged. Of a /message-streams answer only
// MessageStreamType and whether ArchivedAt is set are kept; 422 with
// ErrorCode 1226 means the server has no such stream.
//
// The base URL can be changed only through the POSTMARK_API_URL environment
// variable (Options.BaseURL, which the command line fills from it and from
// nothing else), so that a repository being linted can never send its
// tokens elsewhere. It must be https, or plain http to a loopback host
// (127.0.0.0/8, ::1, localhost) for tests against a local fake.
//
// # What is cached and where
//
// Results for tokens that Postmark accepted (Alive) or refused with both
// headers (Rejected) are kept for 10 minutes in
// os.UserCacheDir()/postmarklint/online-cache.json (folder 0700, file 0600,
// written to a temporary file and renamed). Entries are keyed by the hex
// SHA-256 of the token and hold the status, the kind that answered, the
// server's ID, name, delivery type and whether it takes SMTP, the API base
// URL and the time of the check: never the token, never ApiTokens. A
// stream's lasting answer (found, with its type and whether it is
// archived; or not found) is kept the same way, keyed by the SHA-256 of
// the token and the stream ID together. Unverified results are not cached,
// since they say nothing lasting. A missing, unreadable or corrupt cache is
// ignored. Options.NoCache turns the cache off.
//
// # Limits
//
// Within one Verifier each distinct token, and each distinct (token,
// stream) pair, is checked once, however many callers ask and whether they
// ask at the same time or later; at most 4 requests are in flight; each
// request has a timeout (10s by default) and the caller's context bounds
// the whole online phase. Transient failures
// (429, 5xx, an HTML 403, malformed JSON, timeouts, connection errors) are
// retried: 3 attempts per endpoint, 500ms then 1s apart, a Retry-After
// header (seconds or HTTP date) replacing the wait up to 10s, and no attempt
// started more than 20s after the first. What still fails is Unverified,
// with a short Reason.
package online
