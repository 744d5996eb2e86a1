package online

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/postmarklint/postmarklint/lint/postmark"
)

// Retry policy for transient failures of one endpoint.
const (
	maxAttempts   = 3                // per endpoint
	maxRetryAfter = 10 * time.Second // a longer Retry-After is cut to this
	retryWindow   = 20 * time.Second // no attempt starts later than this after the first
	maxBody       = 1 << 20          // bytes read from any answer
	userAgent     = "postmarklint"
)

// class sorts one endpoint's answer.
type class int

const (
	unknown   class = iota // nothing learned; see outcome.reason
	accepted               // 200 with the expected body
	refused                // 401/422 with ErrorCode 10
	testToken              // 403 with ErrorCode 10
	missing                // 422 with ErrorCode 1226: no such message stream
)

// request is one GET to Postmark: its URL, the header the token goes in,
// and how a 200 answer is read.
type request struct {
	url, header, token string
	decode             func(body []byte) outcome
}

// tokenRequest verifies a token as a kind.
func (v *Verifier) tokenRequest(token string, kind Kind) request {
	return request{v.endpoint(kind), tokenHeader(kind), token, func(body []byte) outcome { return decodeOK(kind, body) }}
}

// outcome is one endpoint's answer, after any retries.
type outcome struct {
	class class

	// accepted /server answers
	serverID     int
	serverName   string
	deliveryType string
	smtpOff      bool

	// accepted /message-streams/{id} answers
	streamType string
	archived   bool

	// unknown answers
	reason     string        // "timeout", "unexpected HTML 403", ...
	status     int           // HTTP status behind reason, 0 for network errors
	retry      bool          // worth another attempt
	retryAfter time.Duration // from a Retry-After header
	hasAfter   bool
}

func (o outcome) result(kind Kind) Result {
	switch o.class {
	case accepted:
		r := Result{Status: Alive, Kind: kind}
		if kind == Server {
			r.ServerID, r.ServerName, r.DeliveryType, r.SMTPOff = o.serverID, o.serverName, o.deliveryType, o.smtpOff
		}
		return r
	case testToken:
		return Result{Status: TestToken}
	case refused:
		return Result{Status: Rejected}
	}
	return unverified(o.reason)
}

// streamResult is a /message-streams/{id} answer as a StreamResult.
func (o outcome) streamResult() StreamResult {
	switch o.class {
	case accepted:
		return StreamResult{Status: StreamFound, Type: o.streamType, Archived: o.archived}
	case missing:
		return StreamResult{Status: StreamMissing}
	case refused, testToken:
		return StreamResult{Reason: "Postmark refused the server token"}
	}
	return StreamResult{Reason: o.reason}
}

// probe asks one endpoint, retrying transient failures with exponential
// backoff (or the server's Retry-After) within a bounded window.
func (v *Verifier) probe(ctx context.Context, req request) outcome {
	start := v.now()
	for attempt := 1; ; attempt++ {
		o := v.attempt(ctx, req)
		switch {
		case o.class != unknown:
			return o
		case ctx.Err() != nil:
			return outcome{reason: ctxReason(ctx)}
		case !o.retry:
			return o.final(attempt)
		}
		wait := v.backoffBase << (attempt - 1)
		if o.hasAfter {
			wait = min(o.retryAfter, maxRetryAfter)
		}
		if attempt >= maxAttempts || !v.canWait(ctx, start, wait) {
			return o.final(attempt)
		}
		if v.sleep(ctx, wait) != nil {
			return outcome{reason: ctxReason(ctx)}
		}
	}
}

// canWait reports whether an attempt after wait still fits the retry
// window and the caller's deadline; past either, waiting is pointless.
func (v *Verifier) canWait(ctx context.Context, start time.Time, wait time.Duration) bool {
	if v.now().Add(wait).Sub(start) > retryWindow {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
		return false
	}
	return true
}

// final words the reason of the last failed attempt: HTTP statuses say
// how often they were seen ("HTTP 503 after 3 attempts").
func (o outcome) final(attempts int) outcome {
	if o.status != 0 && strings.HasPrefix(o.reason, "HTTP ") {
		plural := "s"
		if attempts == 1 {
			plural = ""
		}
		o.reason = fmt.Sprintf("HTTP %d after %d attempt%s", o.status, attempts, plural)
	}
	return o
}

// attempt sends one request. It holds one of the maxInFlight slots only
// while the request runs, not while waiting to retry.
func (v *Verifier) attempt(ctx context.Context, r request) outcome {
	select {
	case v.sem <- struct{}{}:
	case <-ctx.Done():
		return outcome{reason: ctxReason(ctx)}
	}
	defer func() { <-v.sem }()

	rctx, cancel := context.WithTimeout(ctx, v.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, r.url, nil)
	if err != nil {
		return outcome{reason: "cannot build request"}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(r.header, r.token) // the only place the token goes

	resp, err := v.client.Do(req)
	if err != nil {
		return v.failed(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	defer clear(body) // the /server body holds ApiTokens: keep it no longer than needed
	if err != nil {
		return v.failed(ctx, err)
	}
	return classify(r.decode, resp, body, v.now())
}

func (v *Verifier) failed(ctx context.Context, err error) outcome {
	if ctx.Err() != nil {
		return outcome{reason: ctxReason(ctx)}
	}
	reason, retry := describeError(err)
	return outcome{reason: reason, retry: retry}
}

// endpoint is the URL that verifies a kind of token. It holds no token.
func (v *Verifier) endpoint(kind Kind) string {
	if kind == Account {
		u := v.base.JoinPath("domains")
		u.RawQuery = "count=1&offset=0"
		return u.String()
	}
	return v.base.JoinPath("server").String()
}

func tokenHeader(kind Kind) string {
	if kind == Account {
		return "X-Postmark-Account-Token"
	}
	return "X-Postmark-Server-Token"
}

// classify reads one answer. 200 is Postmark's answer if decode says so;
// 401 or 422 with ErrorCode 10 is a refused token; 422 with ErrorCode 1226
// a message stream the server does not have; 403 with ErrorCode 10 is
// the test token; an HTML 403 (a proxy), 429 and 5xx are worth a retry;
// redirects are not followed.
func classify(decode func([]byte) outcome, resp *http.Response, body []byte, now time.Time) outcome {
	code := resp.StatusCode
	switch {
	case code == http.StatusOK:
		return decode(body)
	case code == http.StatusUnauthorized || code == http.StatusUnprocessableEntity:
		switch errorCode(body) {
		case 10:
			return outcome{class: refused}
		case 1226:
			if code == http.StatusUnprocessableEntity {
				return outcome{class: missing}
			}
		}
		return outcome{reason: fmt.Sprintf("unexpected HTTP %d", code), status: code}
	case code == http.StatusForbidden:
		if errorCode(body) == 10 {
			return outcome{class: testToken}
		}
		// An HTML 403 comes from a proxy or firewall in front of Postmark.
		if looksHTML(resp, body) {
			return outcome{reason: "unexpected HTML 403", status: code, retry: true}
		}
		return outcome{reason: "unexpected HTTP 403", status: code, retry: true}
	case code == http.StatusTooManyRequests || code >= 500:
		o := outcome{reason: fmt.Sprintf("HTTP %d", code), status: code, retry: true}
		o.retryAfter, o.hasAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
		return o
	case code >= 300 && code < 400:
		// Not followed: the token must not travel anywhere else.
		return outcome{reason: fmt.Sprintf("unexpected redirect (HTTP %d)", code), status: code}
	}
	return outcome{reason: fmt.Sprintf("unexpected HTTP %d", code), status: code}
}

// decodeOK checks that a 200 really is Postmark's answer (a captive portal
// also says 200) and keeps the server's ID, Name and DeliveryType only.
func decodeOK(kind Kind, body []byte) outcome {
	malformed := outcome{reason: "malformed JSON answer", status: http.StatusOK, retry: true}
	if kind == Account {
		var d struct {
			TotalCount *int
		}
		if json.Unmarshal(body, &d) != nil || d.TotalCount == nil {
			return malformed
		}
		return outcome{class: accepted}
	}
	// Only these fields are decoded; ApiTokens is left in the body.
	var s struct {
		ID               *int
		Name             string
		DeliveryType     string
		SmtpApiActivated *bool
	}
	if json.Unmarshal(body, &s) != nil || s.ID == nil {
		return malformed
	}
	return outcome{class: accepted, serverID: *s.ID, serverName: s.Name,
		deliveryType: normalizeDelivery(s.DeliveryType), smtpOff: s.SmtpApiActivated != nil && !*s.SmtpApiActivated}
}

// decodeStream checks that a 200 is a message stream and keeps its type
// and whether it is archived.
func decodeStream(body []byte) outcome {
	var s struct {
		ID                *string
		MessageStreamType string
		ArchivedAt        *string
	}
	if json.Unmarshal(body, &s) != nil || s.ID == nil {
		return outcome{reason: "malformed JSON answer", status: http.StatusOK, retry: true}
	}
	return outcome{class: accepted, streamType: normalizeStreamType(s.MessageStreamType), archived: s.ArchivedAt != nil && *s.ArchivedAt != ""}
}

// normalizeStreamType keeps the three documented types; anything else is
// unknown.
func normalizeStreamType(s string) string {
	for _, t := range []string{postmark.Transactional, postmark.Broadcasts, postmark.Inbound} {
		if strings.EqualFold(s, t) {
			return t
		}
	}
	return ""
}

// normalizeDelivery keeps the two documented values; anything else,
// including absence on old servers, is unknown.
func normalizeDelivery(s string) string {
	switch {
	case strings.EqualFold(s, "Live"):
		return "Live"
	case strings.EqualFold(s, "Sandbox"):
		return "Sandbox"
	}
	return ""
}

// errorCode is Postmark's ErrorCode in a JSON error body, or -1.
func errorCode(body []byte) int {
	var e struct {
		ErrorCode *int
	}
	if json.Unmarshal(body, &e) != nil || e.ErrorCode == nil {
		return -1
	}
	return *e.ErrorCode
}

func looksHTML(resp *http.Response, body []byte) bool {
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(h, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		n = min(n, int64(maxRetryAfter/time.Second)) // no overflow below
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// describeError turns a transport error into a short reason, and says
// whether another attempt may help. The error text itself is not used:
// reasons stay short and predictable.
func describeError(err error) (reason string, retry bool) {
	var (
		netErr   net.Error
		dnsErr   *net.DNSError
		unknownA x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &verify), errors.As(err, &unknownA),
		errors.As(err, &hostErr), errors.As(err, &invalid):
		return "TLS certificate not trusted", false
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return "timeout", true
	case errors.Is(err, syscall.ECONNREFUSED),
		strings.Contains(err.Error(), "connection refused"):
		return "connection refused", true
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", true
	case errors.As(err, &dnsErr):
		return "DNS lookup failed", true
	}
	return "connection error", true
}
