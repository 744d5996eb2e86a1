package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Fake tokens, one per behaviour of the fake Postmark API.
const (
	liveToken     = "a1b2c3d4-0000-4000-8000-00000000aa01"
	sandboxToken  = "a1b2c3d4-0000-4000-8000-00000000aa02"
	stagingToken  = "a1b2c3d4-0000-4000-8000-00000000aa03"
	accountToken  = "a1b2c3d4-0000-4000-8000-00000000aa04"
	revokedToken  = "a1b2c3d4-0000-4000-8000-00000000aa05"
	flakyToken    = "a1b2c3d4-0000-4000-8000-00000000aa06"
	noSMTPToken   = "a1b2c3d4-0000-4000-8000-00000000aa07" // its server has SmtpApiActivated false
	streamsDown   = "a1b2c3d4-0000-4000-8000-00000000aa08" // its server answers /message-streams with 503
	apiTokensLeak = "f00dfeed-1111-4222-8333-444455556666" // in every /server body, never to be printed
)

// fakePostmark answers like Postmark's API: GET /server for server tokens,
// GET /domains for account tokens, 401 ErrorCode 10 for anything unknown.
type fakePostmark struct {
	mu       sync.Mutex
	requests []*http.Request
}

func (f *fakePostmark) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Clone(r.Context()))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	server := r.Header.Get("X-Postmark-Server-Token")
	account := r.Header.Get("X-Postmark-Account-Token")
	switch {
	case strings.HasPrefix(r.URL.Path, "/message-streams/") && (server == liveToken || server == noSMTPToken):
		fakeStream(w, strings.TrimPrefix(r.URL.Path, "/message-streams/"))
	case strings.HasPrefix(r.URL.Path, "/message-streams/") && server == streamsDown:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"ErrorCode":100,"Message":"Maintenance"}`)
	case r.URL.Path == "/server" && server != "":
		name, id, delivery, smtp := "", 0, "", true
		switch server {
		case liveToken:
			name, id, delivery = "Shop Production", 11, "Live"
		case sandboxToken:
			name, id, delivery = "Shop Production", 12, "Sandbox"
		case stagingToken:
			name, id, delivery = "Shop Staging", 13, "Live"
		case noSMTPToken:
			name, id, delivery, smtp = "Shop Mailer", 14, "Live", false
		case streamsDown:
			name, id, delivery = "Shop Production", 15, "Live"
		case flakyToken:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, "<html><body>503 Service Unavailable</body></html>")
			return
		}
		if id != 0 {
			fmt.Fprintf(w, `{"ID":%d,"Name":%q,"ApiTokens":[%q],"Color":"blue","SmtpApiActivated":%t,"RawEmailEnabled":false,"DeliveryType":%q,"ServerLink":"https://account.postmarkapp.com/servers/%d/streams","InboundAddress":"0123456789abcdef0123456789abcdef@inbound.postmarkapp.com"}`,
				id, name, apiTokensLeak, smtp, delivery, id)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`)
	case r.URL.Path == "/domains" && account != "":
		if account == accountToken {
			fmt.Fprint(w, `{"TotalCount":1,"Domains":[{"Name":"example.com","SPFVerified":true,"DKIMVerified":true,"ReturnPathDomainVerified":true,"ID":7}]}`)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ErrorCode":10,"Message":"Request does not contain a valid Account token."}`)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// fakeStream answers GET /message-streams/{id} as Postmark does, for a
// server with the three default streams, a broadcast stream, an archived
// one and an inbound stream under another ID; 422 ErrorCode 1226 for any
// other ID.
func fakeStream(w http.ResponseWriter, id string) {
	types := map[string]string{"outbound": "Transactional", "broadcast": "Broadcasts", "inbound": "Inbound",
		"weekly": "Broadcasts", "old-news": "Broadcasts", "replies": "Inbound"}
	typ, ok := types[id]
	if !ok {
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"ErrorCode":1226,"Message":"The message stream for the provided 'ID' was not found."}`)
		return
	}
	archived, purge := "null", "null"
	if id == "old-news" {
		archived, purge = `"2025-01-10T09:00:00-05:00"`, `"2025-02-24T09:00:00-05:00"`
	}
	fmt.Fprintf(w, `{"ID":%q,"ServerID":11,"Name":"Stream %s","Description":null,"MessageStreamType":%q,"CreatedAt":"2024-07-01T00:00:00-04:00","UpdatedAt":null,"ArchivedAt":%s,"ExpectedPurgeDate":%s,"SubscriptionManagementConfiguration":{"UnsubscribeHandlingType":"None"}}`,
		id, id, typ, archived, purge)
}

// serveFake starts the fake API for the rest of the test, points
// --online at it, and gives the test an empty cache and working folder.
func serveFake(t *testing.T) *fakePostmark {
	t.Helper()
	fake := &fakePostmark{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	t.Setenv("POSTMARK_API_URL", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	tempWD(t)
	return fake
}

// TestOnline runs the command with --online against a local fake of
// Postmark's API and checks both sides: the findings, and what was sent.
func TestOnline(t *testing.T) {
	fake := &fakePostmark{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	t.Setenv("POSTMARK_API_URL", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())

	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".env.production", strings.Join([]string{
		"POSTMARK_SERVER_TOKEN=" + liveToken,
		"POSTMARK_API_TOKEN=" + sandboxToken,
		"POSTMARK_TOKEN=" + stagingToken,
		"POSTMARK_API_KEY=" + accountToken,
		"POSTMARK_ACCOUNT_TOKEN=" + accountToken,
		"AUTH_POSTMARK_KEY=" + revokedToken,
		"POSTMARK_KEY=" + flakyToken,
		"POSTMARK_SERVER_SECRET=POSTMARK_API_TEST",
		"POSTMARKAPP_API_KEY=${FROM_VAULT}",
		"ANYMAIL_POSTMARK_SERVER_TOKEN=12345678-short",
		"",
	}, "\n"))
	write(".env.staging", "POSTMARK_SERVER_TOKEN="+liveToken+"\n")

	var stdout, stderr bytes.Buffer
	code := run([]string{"--online", "--online-timeout", "2s", "--no-cache", "--format", "json", dir}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\nstderr: %s", code, stderr.String())
	}
	out := stdout.String() + stderr.String()

	for _, want := range []string{
		`"rule": "token-verified"`, `server \"Shop Production\" (ID 11, Live)`,
		`"rule": "sandbox-in-production"`, `Sandbox server \"Shop Production\" (ID 12)`,
		`"rule": "server-env-mismatch"`, `Postmark server \"Shop Staging\", named for staging, but the entry is in production`,
		`Postmark server \"Shop Production\" (ID 11) serves 2 environments: production (`,
		`"rule": "token-kind-mismatch"`, `this is a Postmark account token, but POSTMARK_API_KEY expects a server token`,
		`Postmark accepts this account token`,
		`"rule": "token-rejected"`,
		`"rule": "online-unverified"`, `could not verify the token with Postmark`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	for _, tok := range []string{liveToken, sandboxToken, stagingToken, accountToken, revokedToken, flakyToken, apiTokensLeak} {
		if strings.Contains(out, tok[:9]) || strings.Contains(out, tok[len(tok)-9:]) {
			t.Errorf("output holds part of token …%s", tok[len(tok)-4:])
		}
	}

	// What the fake received: the right headers and paths, never a token in
	// a URL, nothing for the test token, a reference or a malformed value,
	// and each token asked about once per kind however many entries hold it.
	perKind := map[string]int{}
	for _, r := range fake.requests {
		if r.Method != http.MethodGet || r.Header.Get("Accept") != "application/json" {
			t.Errorf("%s %s with Accept %q", r.Method, r.URL.Path, r.Header.Get("Accept"))
		}
		if strings.Contains(r.URL.String(), "a1b2c3d4") {
			t.Errorf("a token travelled in the URL %s", r.URL.Path)
		}
		switch r.URL.Path {
		case "/server":
			perKind["server "+r.Header.Get("X-Postmark-Server-Token")]++
		case "/domains":
			if r.URL.RawQuery != "count=1&offset=0" {
				t.Errorf("/domains query %q", r.URL.RawQuery)
			}
			perKind["account "+r.Header.Get("X-Postmark-Account-Token")]++
		default:
			t.Errorf("unexpected path %s", r.URL.Path)
		}
	}
	for key, n := range perKind {
		tok := key[strings.IndexByte(key, ' ')+1:]
		if !strings.HasPrefix(tok, "a1b2c3d4-") {
			t.Errorf("sent a value that must never be sent (…%s)", tok[max(0, len(tok)-4):])
		}
		if n > 1 && tok != flakyToken {
			t.Errorf("%s…%s asked %d times", key[:7], tok[len(tok)-4:], n)
		}
	}
	if perKind["server "+liveToken] != 1 {
		t.Errorf("the token shared by two files was asked %d times, want 1", perKind["server "+liveToken])
	}
	if perKind["account "+revokedToken] != 1 || perKind["server "+revokedToken] != 1 {
		t.Errorf("a refused token is tried once as each kind, got %v", perKind)
	}
}

// TestOnlineBaseURL refuses a plain-http API outside loopback: a token
// never travels in clear text.
func TestOnlineBaseURL(t *testing.T) {
	t.Setenv("POSTMARK_API_URL", "http://api.example.com")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".env"), []byte("POSTMARK_SERVER_TOKEN="+liveToken+"\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--online", dir}, strings.NewReader(""), &stdout, &stderr); code != exitError {
		t.Fatalf("exit %d, want 2; stderr %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "postmarklint: --online:") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// TestOnlineNothingVerified: when Postmark answers for no token, or there
// is no token to send, the summary line says so; online-unverified is a
// warning, so the default --fail-on error exits 0 and the README's CI job,
// with --fail-on warning, fails. The same job can feed a token from a CI
// secret through --stdin, since references are never resolved and sent.
func TestOnlineNothingVerified(t *testing.T) {
	srv := httptest.NewServer(&fakePostmark{})
	defer srv.Close()
	t.Setenv("POSTMARK_API_URL", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	tempWD(t)
	writeFile(t, "down/.env.production", []byte("POSTMARK_SERVER_TOKEN="+flakyToken+"\nPOSTMARK_API_TOKEN="+flakyToken+"\n"))
	writeFile(t, "refs/.env.production", []byte("POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n"))
	writeFile(t, "mixed/.env.staging", []byte("POSTMARK_SERVER_TOKEN="+stagingToken+"\nPOSTMARK_API_TOKEN="+flakyToken+"\n"))

	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		sum   string
	}{
		{"unanswered", []string{"down"}, "", exitClean, "1 file, 2 Postmark entries, 2 warnings; --online: checked 0 of 1 token\n"},
		{"unanswered, fail-on warning", []string{"--fail-on", "warning", "down"}, "", exitFindings, "; --online: checked 0 of 1 token\n"},
		{"only references", []string{"--fail-on", "warning", "refs"}, "", exitClean, "1 file, 1 Postmark entry, no findings; --online: no token to check\n"},
		{"a secret on stdin", []string{"--fail-on", "warning", "--stdin", "--stdin-filename", "refs/.env.production"}, "POSTMARK_SERVER_TOKEN=" + liveToken + "\n", exitClean, "; --online: checked 1 of 1 token\n"},
		{"some answered", []string{"--fail-on", "warning", "mixed"}, "", exitFindings, "; --online: checked 1 of 2 tokens\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"--online", "--online-timeout", "2s", "--no-cache"}, tc.args...), strings.NewReader(tc.stdin), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if !strings.HasSuffix(stderr.String(), tc.sum) {
				t.Errorf("stderr\n%s\nwant it to end with %q", stderr.String(), tc.sum)
			}
		})
	}

	// The JSON summary carries the same counts, for a CI job that reads it.
	var stdout, stderr bytes.Buffer
	run([]string{"--online", "--online-timeout", "2s", "--no-cache", "--format", "json", "down"}, strings.NewReader(""), &stdout, &stderr)
	var doc struct {
		Summary struct {
			Online *struct{ Tokens, Checked int }
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc.Summary.Online == nil || doc.Summary.Online.Tokens != 1 || doc.Summary.Online.Checked != 0 {
		t.Errorf("JSON summary online = %+v (%v), want 1 token, 0 checked", doc.Summary.Online, err)
	}
}

// TestOnlineNewFormats: tokens in .NET settings, a Spring placeholder's
// default, Terraform variables and Heroku's app.json are verified like
// those of .env files; references in them (#{X}#, var.x, ${X}) are never
// sent.
func TestOnlineNewFormats(t *testing.T) {
	fake := serveFake(t)
	writeFile(t, "api/appsettings.Production.json", []byte("{\n  // .NET\n  \"Postmark\": { \"ServerToken\": \""+liveToken+"\", \"AccountToken\": \"#{PostmarkAccount}#\" },\n}\n"))
	writeFile(t, "src/main/resources/application-prod.properties", []byte("postmark.api.token=${POSTMARK_API_TOKEN:"+sandboxToken+"}\npostmark.account.token=${POSTMARK_ACCOUNT_TOKEN}\n"))
	writeFile(t, "envs/staging/terraform.tfvars", []byte("postmark_server_token = \""+liveToken+"\"\n"))
	writeFile(t, "envs/staging/main.tf", []byte("variable \"postmark_server_token\" {\n  sensitive = true\n}\nprovider \"postmark\" {\n  server_token = var.postmark_server_token\n}\n"))
	writeFile(t, "app.json", []byte(`{"env": {"POSTMARK_API_TOKEN": {"value": "`+revokedToken+`"}}}`+"\n"))

	var stdout, stderr bytes.Buffer
	if code := run([]string{"--online", "--no-cache", "--format", "json", "."}, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, want 1\nstderr: %s", code, stderr.String())
	}
	var rep struct {
		Findings []struct{ Rule, File, Key string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Rule+" "+f.File+" "+f.Key] = true
	}
	for _, want := range []string{
		"token-verified api/appsettings.Production.json Postmark:ServerToken",
		"sandbox-in-production src/main/resources/application-prod.properties postmark.api.token",
		"env-mismatch envs/staging/terraform.tfvars postmark_server_token",
		"env-mismatch api/appsettings.Production.json Postmark:ServerToken",
		"token-rejected app.json env.POSTMARK_API_TOKEN.value",
	} {
		if !got[want] {
			t.Errorf("no %s; findings: %v", want, got)
		}
	}
	sent := map[string]int{}
	for _, r := range fake.requests {
		sent[r.Header.Get("X-Postmark-Server-Token")+r.Header.Get("X-Postmark-Account-Token")]++
	}
	for tok := range sent {
		if tok != liveToken && tok != sandboxToken && tok != revokedToken {
			t.Errorf("sent a value that is no token of the files (%d bytes)", len(tok))
		}
	}
	if sent[liveToken] != 1 || sent[sandboxToken] != 1 {
		t.Errorf("requests per token: live %d, sandbox %d; want 1 each", sent[liveToken], sent[sandboxToken])
	}
	if out := stdout.String() + stderr.String(); strings.Contains(out, liveToken[:9]) || strings.Contains(out, sandboxToken[:9]) {
		t.Error("the output holds part of a token")
	}
}

// TestOnlineStreams: --online asks Postmark about each message stream
// with the server token beside it (in its scope, its file, or its family
// for the same environment), once per (token, stream), and reports a
// stream the server lacks, an archived or inbound one, a Broadcasts stream
// in a transactional configuration, a check that did not finish, and an
// SMTP login to a server with SMTP turned off.
func TestOnlineStreams(t *testing.T) {
	fake := serveFake(t)
	writeFile(t, "app/.env.production", []byte(strings.Join([]string{
		"POSTMARK_SERVER_TOKEN=" + liveToken,
		"POSTMARK_MESSAGE_STREAM=weekly",
		"POSTMARK_RECEIPTS_MESSAGE_STREAM=receipts",
		"POSTMARK_ARCHIVE_MESSAGE_STREAM=old-news",
		"POSTMARK_REPLIES_MESSAGE_STREAM=replies",
		"POSTMARK_TRANSACTIONAL_MESSAGE_STREAM=outbound",
		"POSTMARK_BAD_MESSAGE_STREAM=pm-bad",
		"",
	}, "\n")))
	writeFile(t, "app/.env.staging", []byte("POSTMARK_SERVER_TOKEN="+liveToken+"\nPOSTMARK_MESSAGE_STREAM=weekly\n"))
	writeFile(t, "family/.env.production", []byte("POSTMARK_SERVER_TOKEN="+liveToken+"\n"))
	writeFile(t, "family/.env.production.local", []byte("POSTMARK_MESSAGE_STREAM=gone\n"))
	writeFile(t, "down/.env.production", []byte("POSTMARK_SERVER_TOKEN="+streamsDown+"\nPOSTMARK_MESSAGE_STREAM=outbound\n"))
	writeFile(t, "refused/.env.production", []byte("POSTMARK_SERVER_TOKEN="+revokedToken+"\nPOSTMARK_MESSAGE_STREAM=outbound\nPOSTMARK_TEST_MESSAGE_STREAM=outbound\n"))
	writeFile(t, "test/.env.test", []byte("POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST\nPOSTMARK_MESSAGE_STREAM=outbound\n"))
	writeFile(t, "smtp/.env.production", []byte("MAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\nMAIL_USERNAME="+noSMTPToken+"\nMAIL_PASSWORD="+noSMTPToken+"\n"))

	var stdout, stderr bytes.Buffer
	if code := run([]string{"--online", "--online-timeout", "2s", "--no-cache", "--format", "json", "."}, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, want 1\nstderr: %s", code, stderr.String())
	}
	var rep struct {
		Findings []struct{ Rule, File, Key, Message string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Rule+" "+f.File+" "+f.Key+": "+f.Message] = true
	}
	for _, want := range []string{
		`stream-type-mismatch app/.env.production POSTMARK_MESSAGE_STREAM: message stream "weekly" is a Broadcasts stream (Postmark says so), but this configuration sends transactional mail`,
		`stream-type-mismatch app/.env.staging POSTMARK_MESSAGE_STREAM: message stream "weekly" is a Broadcasts stream (Postmark says so), but this configuration sends transactional mail`,
		`stream-rejected app/.env.production POSTMARK_RECEIPTS_MESSAGE_STREAM: the token's Postmark server has no message stream "receipts" (ErrorCode 1226): every message sent through it fails (ErrorCode 1235)`,
		`stream-rejected app/.env.production POSTMARK_ARCHIVE_MESSAGE_STREAM: message stream "old-news" is archived: messages sent through it fail until it is restored`,
		`stream-rejected app/.env.production POSTMARK_REPLIES_MESSAGE_STREAM: message stream "replies" is the server's inbound stream: it receives mail and cannot send it (ErrorCode 1236)`,
		`stream-rejected family/.env.production.local POSTMARK_MESSAGE_STREAM: the token's Postmark server has no message stream "gone" (ErrorCode 1226): every message sent through it fails (ErrorCode 1235)`,
		`online-unverified down/.env.production POSTMARK_MESSAGE_STREAM: could not ask Postmark about message stream "outbound": HTTP 503 after 3 attempts`,
		`smtp-disabled smtp/.env.production MAIL_USERNAME: Postmark server "Shop Mailer" (ID 14) has SMTP turned off: this login to smtp.postmarkapp.com is refused; turn SMTP on in the server's settings`,
		`message-stream app/.env.production POSTMARK_BAD_MESSAGE_STREAM: message stream ID "pm-bad" starts with pm-, which Postmark reserves (ErrorCode 1233)`,
	} {
		if !got[want] {
			t.Errorf("no finding %s", want)
		}
	}
	for f := range got {
		if strings.Contains(f, "outbound") && !strings.HasPrefix(f, "online-unverified down/") || strings.HasPrefix(f, "smtp-disabled") && !strings.Contains(f, "MAIL_USERNAME") {
			t.Errorf("unexpected finding %s", f)
		}
	}

	// What was asked: each (token, stream) once, with the token that
	// Postmark accepted beside the stream; nothing for a stream ID no
	// stream can have, nor with a refused token or the test token.
	asked := map[string]int{}
	for _, r := range fake.requests {
		id, ok := strings.CutPrefix(r.URL.Path, "/message-streams/")
		if !ok {
			continue
		}
		if r.Method != http.MethodGet || r.Header.Get("Accept") != "application/json" || r.Header.Get("X-Postmark-Account-Token") != "" {
			t.Errorf("%s %s with Accept %q and an account header", r.Method, r.URL.Path, r.Header.Get("Accept"))
		}
		tok := r.Header.Get("X-Postmark-Server-Token")
		asked[id+" …"+tok[len(tok)-4:]]++
	}
	want := map[string]int{"weekly …aa01": 1, "receipts …aa01": 1, "old-news …aa01": 1, "replies …aa01": 1,
		"outbound …aa01": 1, "gone …aa01": 1, "outbound …aa08": 3}
	if fmt.Sprint(asked) != fmt.Sprint(want) {
		t.Errorf("stream requests %v, want %v", asked, want)
	}
	out := stdout.String() + stderr.String()
	for _, tok := range []string{liveToken, noSMTPToken, streamsDown, revokedToken, apiTokensLeak} {
		if strings.Contains(out, tok[:9]) || strings.Contains(out, tok[len(tok)-9:]) {
			t.Errorf("output holds part of token …%s", tok[len(tok)-4:])
		}
	}
}

// TestOnlineStreamsAfterFix: --fix rewrites a token's bytes, not the
// stream beside it; Postmark's answer about the stream still stands in
// the report of the fixed file.
func TestOnlineStreamsAfterFix(t *testing.T) {
	serveFake(t)
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN=\""+liveToken+" \"\nPOSTMARK_MESSAGE_STREAM=receipts\n"))
	var stdout, stderr bytes.Buffer
	code := run([]string{"--online", "--no-cache", "--fix", ".env.production"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings || !strings.Contains(stdout.String(), "no message stream \"receipts\" (ErrorCode 1226)") || strings.Contains(stdout.String(), "token-whitespace") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	if b, _ := os.ReadFile(".env.production"); !strings.Contains(string(b), liveToken+"\"\n") {
		t.Error("the token was not fixed")
	}
}
