package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

// The redaction audit: whatever postmarklint prints, in every format, in
// error messages, in a --diff, with --online, it never prints a whole
// token nor any 9 consecutive characters of one. The fixtures hold many
// distinct generated tokens in every place a token can sit, including
// lines that do not parse, DSNs, and text that parsers quote back.

// auditTokens are fresh random tokens, distinct per test run, so that no
// fixed string in the code or docs can match one by chance.
type auditTokens []string

func newAuditTokens(n int) auditTokens {
	toks := make(auditTokens, n)
	for i := range toks {
		var b [16]byte // a version 4 UUID, like Postmark's tokens
		rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		toks[i] = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	}
	return toks
}

// check fails the test if out holds 9 consecutive characters of a token,
// naming the token by index only: a failure message must not leak either.
func (toks auditTokens) check(t *testing.T, where, out string) {
	t.Helper()
	const window = 9
	for i, tok := range toks {
		for _, form := range []string{tok, strings.ToUpper(tok)} {
			for j := 0; j+window <= len(form); j++ {
				if strings.Contains(out, form[j:j+window]) {
					t.Errorf("%s: holds %d consecutive characters of token %d (from offset %d)", where, window, i, j)
					break
				}
			}
		}
	}
}

// audit runs the command and checks what it prints and the files it
// writes for tokens; it returns what it printed.
func (toks auditTokens) audit(t *testing.T, name string, args []string, stdin string, files []string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	t.Logf("exit %d, %d bytes out, %d bytes err", code, out.Len(), errOut.Len())
	toks.check(t, name+" stdout", out.String())
	toks.check(t, name+" stderr", errOut.String())
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		toks.check(t, name+" "+f, string(b))
	}
	return out.String(), errOut.String()
}

// auditTree writes the fixtures into the working folder, a git work tree
// with the production files tracked (so that committed-token fires), and
// returns the paths to lint.
func auditTree(t *testing.T, tk auditTokens) {
	t.Helper()
	T := func(i int) string { return tk[i%len(tk)] }
	files := map[string]string{
		".env.production": strings.Join([]string{
			"POSTMARK_SERVER_TOKEN=" + T(0),
			"POSTMARK_API_TOKEN=\"" + T(1) + " \"",
			"POSTMARK_API_KEY='" + T(2) + "'",
			"POSTMARK_TOKEN=`" + T(3) + "`",
			"POSTMARK_ACCOUNT_TOKEN=" + T(4) + "\r",
			"AUTH_POSTMARK_KEY=\u00a0" + T(5) + "\u200b",
			"POSTMARK_KEY=Bearer " + T(6),
			"POSTMARK_SERVER_SECRET=" + T(7)[:35],
			"EMAIL_POSTMARK_SERVER_TOKEN=" + strings.ToUpper(T(8)),
			"POSTMARKAPP_API_KEY=\u201c" + T(9) + "\u201d",
			"ANYMAIL_POSTMARK_SERVER_TOKEN=\"'" + T(10) + "'\"",
			"MAILER_DSN=postmark+api://" + T(11) + "@default",
			"MAILER_SMTP_DSN=postmark+smtp://" + T(12) + "@default",
			"SMTP_URL=smtp://" + T(13) + ":" + T(13) + "@smtp.postmarkapp.com:587",
			"SMTP_URL_2=smtp://" + T(14) + ":" + T(15) + "@smtp.postmarkapp.com:587",
			"POSTMARK_SERVER_TOKEN=" + T(16), // duplicate key
			"POSTMARK_STAGING_TOKEN=" + T(17),
			"# postmarklint:ignore no-such-rule -- " + T(18),
			"POSTMARK_TOKEN_2=" + T(19) + " # postmarklint:ignore token-format",
			"POSTMARK_API_URL=http://api.postmarkapp.com/" + T(20),
			"",
		}, "\n"),
		".env.staging": "POSTMARK_SERVER_TOKEN=" + T(0) + "\nPOSTMARK_API_TOKEN=" + T(21) + "\n",
		// Unterminated quote: godotenv refuses the file, the parse error
		// names the line that holds the token.
		"broken/.env.production": "POSTMARK_SERVER_TOKEN=" + T(22) + "\nPOSTMARK_API_TOKEN=\"" + T(23) + "\nPOSTMARK_KEY='" + T(24) + "\n",
		"config/production.yaml": strings.Join([]string{
			"postmark:",
			"  server_token: &tok " + T(25),
			"  api_key: \"" + T(26) + "\\t\"",
			"  account_token: |",
			"    " + T(27),
			"  again: *tok",
			"smtp:",
			"  host: smtp.postmarkapp.com",
			"  password: " + T(28),
			"env:",
			"  - name: POSTMARK_SERVER_TOKEN",
			"    value: " + T(29),
			"environment:",
			"  - POSTMARK_API_TOKEN=" + T(30),
			"",
		}, "\n"),
		// A broken line with a token on it, an unknown alias named like a
		// token (yaml.v3 quotes the alias name), and a tab indent.
		"config/broken/production.yaml": "postmark:\n  token: " + T(31) + "\n  other: [" + T(32) + "\n",
		"config/alias/production.yaml":  "postmark:\n  token: *" + T(33) + "\n",
		"config/tab/production.yaml":    "postmark:\n\ttoken: " + T(34) + "\n",
		"production.toml": strings.Join([]string{
			"[postmark]",
			"server_token = \"" + T(35) + "\"",
			"api_key = '''" + T(36) + "\n'''",
			"[email_client]",
			"base_url = \"https://api.postmarkapp.com\"",
			"authorization_token = \"" + T(37) + "\"",
			"[env.staging.vars]",
			"POSTMARK_TOKEN = \"" + T(0) + "\"",
			"",
		}, "\n"),
		// TOML syntax errors next to a token: a bare token, an unterminated
		// string, a duplicate key.
		"toml/bare/production.toml":  "[postmark]\ntoken = " + T(38) + "\n",
		"toml/open/production.toml":  "[postmark]\ntoken = \"" + T(39) + "\nkey = 1\n",
		"toml/twice/production.toml": "[postmark]\ntoken = \"" + T(40) + "\"\ntoken = \"" + T(41) + "\"\n",
		// A token in a folder name and in a file name: every output names
		// these files, and other findings point at them. The first has a
		// fix; the second a fix that a parse error refuses ("not fixed").
		"keys-" + T(42) + "/.env.production":   "POSTMARK_SERVER_TOKEN=\"" + T(0) + " \"\n",
		"keys-" + T(42) + "/" + T(43) + ".env": "POSTMARK_SERVER_TOKEN=\"" + T(44) + " \"\nPOSTMARK_API_TOKEN=\"" + T(45) + "\n",
		// The configuration around tokens: an SMTP login of two tokens, a
		// port and streams beside them, tokens where stream IDs and
		// addresses go, the test token where it cannot work.
		"smtp/.env.production": strings.Join([]string{
			"MAIL_MAILER=postmark",
			"POSTMARK_SERVER_TOKEN=" + T(48),
			"MAIL_HOST=smtp.postmarkapp.com",
			"MAIL_PORT=465",
			"MAIL_USERNAME=" + T(46),
			"MAIL_PASSWORD=" + T(47),
			"MAIL_MESSAGE_STREAM=broadcast",
			"POSTMARK_MESSAGE_STREAM=pm-" + T(48)[:20],
			"POSTMARK_BROADCAST_MESSAGE_STREAM=" + T(48),
			"POSTMARK_OTHER_MESSAGE_STREAM=" + T(48)[:27],
			"MAIL_FROM_ADDRESS=" + T(49) + "@gmail.com",
			"POSTMARK_FROM_EMAIL=\"" + T(49) + " <x@" + T(49) + ".example>\"",
			"POSTMARK_ACCOUNT_TOKEN=POSTMARK_API_TEST",
			"MAILER_DSN=smtp://" + T(50) + ":" + T(51) + "@smtp-broadcasts.postmarkapp.com:2526?message_stream=outbound",
			"",
		}, "\n"),
		"smtp/config/production.yml": "smtp:\n  address: smtp.postmarkapp.com\n  user_name: " + T(53) + "\n  password: x" + T(53) + "\n" +
			"  headers:\n    X-PM-Message-Stream: weekly\n" + "postmark:\n  message_stream: " + T(52) + "\n",
	}
	for name, content := range files {
		writeFile(t, name, []byte(content))
	}
	if _, err := exec.LookPath("git"); err == nil {
		for _, args := range [][]string{{"init", "-q"}, {"add", ".env.production", "production.toml"}} {
			cmd := exec.Command("git", args...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	}
}

// hasFlag reports whether postmarklint -h lists a flag: --diff is being
// built alongside this test.
func hasFlag(name string) bool {
	var stderr bytes.Buffer
	run([]string{"-h"}, strings.NewReader(""), new(bytes.Buffer), &stderr)
	return strings.Contains(stderr.String(), "  -"+name+"\n") || strings.Contains(stderr.String(), "  -"+name+" ")
}

// TestRedactionAudit runs every output and every error path over the
// fixtures and checks stdout, stderr and written files for tokens.
func TestRedactionAudit(t *testing.T) {
	tk := newAuditTokens(54)
	tempWD(t)
	auditTree(t, tk)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	writeFile(t, "bad-config/.postmarklint.yaml", []byte("keys: [\""+tk[0]+"\n"))
	writeFile(t, "bad-baseline.json", []byte("{\"version\": 1, \"findings\": ["+tk[1]+"]}\n"))

	type runCase struct {
		name  string
		args  []string
		stdin string
		files []string // written by the run, audited too
	}
	var cases []runCase
	// Every format of the table, the ones added after this audit too.
	for _, f := range report.Formats {
		cases = append(cases, runCase{f.Name, []string{"--format", f.Name, "."}, "", nil})
	}
	cases = append(cases, []runCase{
		{"text, warnings and infos", []string{"--fail-on", "info", "."}, "", nil},
		{"output file", []string{"--format", "json", "--output", "report.json", "."}, "", []string{"report.json"}},
		{"write-baseline", []string{"--write-baseline", "baseline.json", "."}, "", []string{"baseline.json"}},
		{"baseline", []string{"--baseline", "baseline.json", "."}, "", nil},
		{"stdin", []string{"--stdin", "--stdin-filename", ".env.production"}, "POSTMARK_SERVER_TOKEN=\"" + tk[2] + "\n", nil},
		{"named files", []string{".env.production", "config/broken/production.yaml", "toml/bare/production.toml"}, "", nil},
		{"missing path named like a token", []string{tk[3] + ".env", "config/" + tk[4]}, "", nil},
		{"bad config", []string{"--config", "bad-config/.postmarklint.yaml", "."}, "", nil},
		{"bad baseline", []string{"--baseline", "bad-baseline.json", "."}, "", nil},
		{"rules", []string{"rules"}, "", nil},
		{"rules ID", []string{"rules", "token-format"}, "", nil},
	}...)
	for _, r := range rulesIDs() {
		cases = append(cases, runCase{"rules " + r, []string{"rules", r}, "", nil})
	}
	cases = append(cases,
		runCase{"diff", []string{"--diff", "."}, "", nil},
		runCase{"diff, a file named like a token", []string{"--diff", "keys-" + tk[42] + "/.env.production"}, "", nil},
		runCase{"write-baseline, subfolder", []string{"--write-baseline", "keys-baseline.json", "keys-" + tk[42]}, "", []string{"keys-baseline.json"}},
		// Last: it changes the files.
		runCase{"fix", []string{"--fix", "."}, "", nil},
	)

	// The fixtures must actually exercise the rules the audit is about:
	// a run that found nothing would pass vacuously.
	var stdout bytes.Buffer
	run([]string{"--fail-on", "info", "--format", "json", "."}, strings.NewReader(""), &stdout, new(bytes.Buffer))
	for _, id := range []string{"parse-error", "token-format", "token-whitespace", "token-quoting", "env-mismatch", "duplicate-key", "api-endpoint", "bad-suppression",
		"smtp-login", "smtp-port", "message-stream", "stream-type-mismatch", "sender-public-domain", "test-token-unusable"} {
		if !strings.Contains(stdout.String(), `"rule": "`+id+`"`) {
			t.Errorf("the audit fixtures raise no %s finding", id)
		}
	}
	if _, err := exec.LookPath("git"); err == nil && !strings.Contains(stdout.String(), `"rule": "committed-token"`) {
		t.Errorf("the audit fixtures raise no committed-token finding")
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasPrefix(tc.name, "diff") && !hasFlag("diff") {
				t.Skip("--diff is not built yet")
			}
			_, stderr := tk.audit(t, tc.name, tc.args, tc.stdin, tc.files)
			if strings.Contains(stderr, "panic") {
				t.Errorf("panic:\n%s", stderr)
			}
			if tc.name == "fix" && !strings.Contains(stderr, ": not fixed: ") {
				t.Errorf("--fix refused no file: the audit of its message would pass vacuously")
			}
		})
	}
}

func rulesIDs() []string {
	var stdout bytes.Buffer
	run([]string{"rules"}, strings.NewReader(""), &stdout, new(bytes.Buffer))
	var ids []string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(f[0], "-") && strings.ToLower(f[0]) == f[0] {
			ids = append(ids, f[0])
		}
	}
	return ids
}

// auditAPI is a fake Postmark API that answers for the audit's tokens:
// live servers whose ApiTokens list the token itself and another secret,
// a server whose name holds a token, an account token, refused tokens,
// and an outage whose HTML body echoes the token it was sent.
type auditAPI struct{ tk auditTokens }

func (a auditAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-Postmark-Server-Token") + r.Header.Get("X-Postmark-Account-Token")
	i := -1
	for j, t := range a.tk {
		if t == tok {
			i = j
		}
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case i < 0:
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`)
	case i%4 == 0 && r.URL.Path == "/server":
		fmt.Fprintf(w, `{"ID":%d,"Name":"Shop Production","ApiTokens":[%q,%q],"DeliveryType":"Live"}`, 100+i, tok, a.tk[len(a.tk)-1])
	case i%4 == 1 && r.URL.Path == "/server":
		fmt.Fprintf(w, `{"ID":%d,"Name":"Staging %s","ApiTokens":[%q],"DeliveryType":"Sandbox","SmtpApiActivated":false}`, 100+i, a.tk[len(a.tk)-2], tok)
	case i%4 == 0 && strings.HasPrefix(r.URL.Path, "/message-streams/"):
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"ErrorCode":1226,"Message":"The message stream for the provided 'ID' was not found: %s"}`, tok)
	case i%4 == 1 && strings.HasPrefix(r.URL.Path, "/message-streams/"):
		fmt.Fprintf(w, `{"ID":%q,"ServerID":%d,"Name":%q,"Description":%q,"MessageStreamType":"Broadcasts","ArchivedAt":"2025-01-01T00:00:00Z"}`,
			strings.TrimPrefix(r.URL.Path, "/message-streams/"), 100+i, tok, a.tk[len(a.tk)-2])
	case i%4 == 2 && r.URL.Path == "/domains":
		fmt.Fprint(w, `{"TotalCount":1,"Domains":[{"Name":"example.com","ID":7}]}`)
	case i%4 == 3:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "<html><body>503: no backend for token %s</body></html>", tok)
	default:
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"ErrorCode":10,"Message":"Request does not contain a valid token: %s"}`, tok)
	}
}

// auditOnline writes the fixtures into a new working folder and serves
// the fake API for them until the test ends; it returns the cache folder.
func auditOnline(t *testing.T, tk auditTokens) (cache string) {
	t.Helper()
	tempWD(t)
	auditTree(t, tk)
	srv := httptest.NewServer(auditAPI{tk})
	t.Cleanup(srv.Close)
	t.Setenv("POSTMARK_API_URL", srv.URL)
	cache = t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	return cache
}

// TestRedactionAuditOnline is the audit with --online against the fake,
// twice: the second run answers from the cache, which is audited too.
func TestRedactionAuditOnline(t *testing.T) {
	tk := newAuditTokens(56)
	cache := auditOnline(t, tk)
	var formats []string
	for _, f := range report.Formats {
		formats = append(formats, f.Name)
	}
	for _, format := range append(formats, "text") {
		stdout, _ := tk.audit(t, "--online "+format, []string{"--online", "--online-timeout", "2s", "--fail-on", "info", "--format", format, "."}, "", nil)
		for _, id := range []string{"token-verified", "stream-rejected", "smtp-disabled"} {
			if format == "json" && !strings.Contains(stdout, `"rule": "`+id+`"`) {
				t.Errorf("the fake API raised no %s: the online audit of it would pass vacuously", id)
			}
		}
	}
	// The cache keeps the server's name as Postmark gave it, so the token
	// the fake put in a name is left out here; every token that was sent,
	// and every one in ApiTokens, is checked.
	sent := append(auditTokens{}, tk[:len(tk)-2]...)
	sent = append(sent, tk[len(tk)-1])
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			sent.check(t, "cache file "+filepath.Base(p), string(b))
		}
		return nil
	})
}

// TestRedactionAuditHistory is the audit of postmarklint history: the
// fixtures committed on a branch named like a token, with a remote whose
// URL holds tokens, reported in every format, offline and online, into
// files and a baseline.
func TestRedactionAuditHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tk := newAuditTokens(48)
	auditOnline(t, tk)
	for _, args := range [][]string{
		{"checkout", "-q", "-b", "fix-" + tk[46]},
		{"remote", "add", "origin", "https://bot:" + tk[47] + "@example.com/" + tk[46] + ".git"},
		{"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "fixtures " + tk[45]},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args[0], err, lint.RedactText(string(out)))
		}
	}
	for _, tc := range []struct {
		name  string
		args  []string
		files []string
	}{
		{"text", []string{"--fail-on", "info"}, nil},
		{"json", []string{"--format", "json"}, nil},
		{"sarif", []string{"--format", "sarif"}, nil},
		{"github", []string{"--format", "github"}, nil},
		{"online text", []string{"--online", "--online-timeout", "2s"}, nil},
		{"online json", []string{"--online", "--online-timeout", "2s", "--format", "json"}, nil},
		{"online sarif", []string{"--online", "--online-timeout", "2s", "--format", "sarif"}, nil},
		{"output", []string{"--format", "sarif", "--output", "history.sarif"}, []string{"history.sarif"}},
		{"write-baseline", []string{"--write-baseline", "history-baseline.json"}, []string{"history-baseline.json"}},
		{"baseline", []string{"--baseline", "history-baseline.json"}, nil},
		{"a range named like a token", []string{"main.." + tk[3]}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, _ := tk.audit(t, tc.name, append([]string{"history"}, tc.args...), "", tc.files)
			if tc.name == "sarif" && (!strings.Contains(stdout, `"versionControlProvenance"`) || strings.Count(stdout, `"commitDate"`) < 20) {
				t.Errorf("the history report holds too few findings or no repository: the audit would pass vacuously")
			}
			if tc.name == "online json" && !strings.Contains(stdout, "still accepted by Postmark") {
				t.Errorf("no live token in history: the online audit would pass vacuously")
			}
		})
	}
}
