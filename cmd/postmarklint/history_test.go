package main

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// historyRepo makes a git repository in a new working folder and returns
// a function that runs git there.
func historyRepo(t *testing.T) func(args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tempWD(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main", ".")
	return git
}

// TestHistoryExitCodes pins postmarklint history's exit codes: 0 when
// history holds no token, 1 when it does, 2 outside a repository, for a
// range git does not know and for usage errors.
func TestHistoryExitCodes(t *testing.T) {
	t.Run("outside a repository", func(t *testing.T) {
		tempWD(t)
		var stderr bytes.Buffer
		if code := run([]string{"history"}, strings.NewReader(""), new(bytes.Buffer), &stderr); code != exitError {
			t.Errorf("exit %d, want 2", code)
		}
		if !strings.Contains(stderr.String(), "postmarklint: history reads a git repository's history: run it inside a git work tree\n") {
			t.Errorf("stderr: %s", stderr.String())
		}
	})

	git := historyRepo(t)
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n"))
	git("add", ".")
	git("commit", "-q", "-m", "one")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"no token", []string{"history"}, exitClean},
		{"help", []string{"history", "-h"}, exitClean},
		{"unknown flag", []string{"history", "--staged"}, exitError},
		{"unknown range", []string{"history", "main..nope"}, exitError},
		{"a flag after the range", []string{"history", "main", "--online"}, exitError},
		{"unknown format", []string{"history", "--format", "xml"}, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) { wantExit(t, tc.args, tc.want) })
	}
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN="+goodToken+"\n"))
	git("commit", "-q", "-am", "two")
	wantExit(t, []string{"history"}, exitFindings)
	wantExit(t, []string{"history", "--fail-on", "never"}, exitClean)
	wantExit(t, []string{"history", "HEAD~1"}, exitClean)
}

// TestHistoryGit records the command line of every git process that
// postmarklint history --online starts: no token is ever on one, and the
// processes are the same few however long
// history grows, never one per commit. Postmark is asked about each token
// once, however many commits and files hold it.
func TestHistoryGit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the git wrapper is a shell script")
	}
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	git := historyRepo(t)
	fake := &fakePostmark{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	t.Setenv("POSTMARK_API_URL", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())

	tokens := []string{liveToken, revokedToken, stagingToken}
	commit := func(i int) {
		tok := tokens[i%len(tokens)]
		writeFile(t, fmt.Sprintf("svc%d/.env.production", i%4), []byte(fmt.Sprintf("POSTMARK_SERVER_TOKEN=%s\nA=%d\n", tok, i)))
		writeFile(t, fmt.Sprintf("svc%d/config.yaml", i%3), []byte(fmt.Sprintf("postmark:\n  api_key: %s\nn: %d\n", strings.ToUpper(tok), i)))
		git("add", ".")
		git("commit", "-q", "-m", fmt.Sprint(i))
	}
	for i := range 3 {
		commit(i)
	}
	git("checkout", "-q", "-b", "feature")
	commit(3)
	git("checkout", "-q", "main")

	bin := t.TempDir()
	calls := filepath.Join(bin, "calls")
	// One write per process: processes run at once.
	wrapper := "#!/bin/sh\nline=$(printf '%s\\037' \"$@\")\nprintf '%s\\n' \"$line\" >> '" + calls + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	// history runs postmarklint and returns the git subcommands it ran.
	history := func(args ...string) []string {
		t.Helper()
		os.Remove(calls)
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"history", "--online", "--online-timeout", "2s", "--no-cache"}, args...), strings.NewReader(""), &stdout, &stderr)
		// The findings are the testscripts' concern; a range whose commits
		// only carry tokens that entered before it finds none.
		if code != exitFindings && code != exitClean {
			t.Fatalf("history %q: exit %d, want 0 or 1\n%s", args, code, stderr.String())
		}
		log, err := os.ReadFile(calls)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			for _, form := range []string{tok, strings.ToUpper(tok)} {
				for j := 0; j+9 <= len(form); j++ {
					if bytes.Contains(log, []byte(form[j:j+9])) {
						t.Errorf("history %q: 9 characters of token …%s are on a git command line", args, tok[len(tok)-4:])
						break
					}
				}
			}
		}
		var subs []string
		for line := range strings.Lines(string(log)) {
			// -C <root> --literal-pathspecs <command> <first argument> ...
			argv := strings.Split(line, "\x1f")
			if len(argv) < 5 || argv[0] != "-C" {
				t.Fatalf("git %q", argv)
			}
			subs = append(subs, argv[3]+" "+argv[4])
		}
		slices.Sort(subs) // git log and git cat-file start at once
		return subs
	}

	want := "cat-file --batch, config --get-regexp, log --format=%x01%H %aI, log --no-walk=unsorted, ls-tree -r, rev-parse --is-shallow-repository"
	short := history()
	if got := strings.Join(short, ", "); got != want {
		t.Errorf("git processes:\n got %s\nwant %s", got, want)
	}
	asked := map[string]int{}
	for _, r := range fake.requests {
		asked[r.Header.Get("X-Postmark-Server-Token")+r.Header.Get("X-Postmark-Account-Token")]++
	}
	// A refused token is tried as a server and as an account token.
	if asked[liveToken] != 1 || asked[stagingToken] != 1 || asked[revokedToken] != 2 || len(asked) != 3 {
		t.Errorf("Postmark was asked %d, %d and %d times about the three tokens (want 1, 1, 2), %d tokens in all", asked[liveToken], asked[stagingToken], asked[revokedToken], len(asked))
	}

	for i := 4; i < 40; i++ {
		commit(i)
	}
	if got := strings.Join(history(), ", "); got != want {
		t.Errorf("after 36 more commits, git processes:\n got %s\nwant %s", got, want)
	}
	// A range that finds nothing has no commit ids to abbreviate: the
	// same processes, or fewer.
	for _, sub := range history("--since", "1 year ago", "main~5..feature", "^main~30") {
		if !strings.Contains(", "+want+", ", ", "+sub+", ") {
			t.Errorf("with a range, git %s, which is not among %s", sub, want)
		}
	}
}
