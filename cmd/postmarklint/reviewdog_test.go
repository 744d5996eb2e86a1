package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestReviewdog feeds the rdjsonl and checkstyle reports to the real
// reviewdog (v0.21.0, -reporter=local), the way a CI job pipes them:
// reviewdog parses every line (its rdjsonl reader is protobuf's JSON,
// which refuses unknown fields), keeps the findings on the lines a diff
// added, and writes them back out. It needs reviewdog on PATH; .ci/run
// installs it with go install.
func TestReviewdog(t *testing.T) {
	reviewdog, err := exec.LookPath("reviewdog")
	if err != nil {
		t.Skip("reviewdog is not installed (go install github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0; .ci/run does)")
	}
	tempWD(t)
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	// A committed bad line, then two new ones: a trailing space inside
	// quotes and typographic quotes, both fixable by suggestions.
	git("init", "-q", ".")
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN=3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f1\n"))
	git("add", ".")
	git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
	writeFile(t, ".env.production", []byte("POSTMARK_SERVER_TOKEN=3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f1\n"+
		"POSTMARK_API_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n"+
		"POSTMARK_KEY=\u201c3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f18\u201d\n"))

	report := func(format string) []byte {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"--format", format, "."}, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
			t.Fatalf("--format %s: exit %d\n%s", format, code, stderr.String())
		}
		return stdout.Bytes()
	}
	reviewdogRun := func(in []byte, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(reviewdog, append([]string{"-reporter=local", "-fail-level=error"}, args...)...)
		cmd.Stdin = bytes.NewReader(in)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		// -fail-level's verdict is all reviewdog may say on stderr.
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			if line != "" && !strings.HasPrefix(line, "reviewdog: found at least one issue") {
				t.Fatalf("reviewdog %v: exit %d\n%s", args, code, stderr.String())
			}
		}
		for _, out := range []string{stdout.String(), stderr.String()} {
			if strings.Contains(out, "3f0c9a51-7d2e") {
				t.Errorf("reviewdog's output holds a token")
			}
		}
		return stdout.String(), code
	}

	rdjsonl := report("rdjsonl")

	// Everything, unfiltered: reviewdog writes back each diagnostic as it
	// read it. What it read must be what was written, suggestions and
	// byte columns included.
	out, code := reviewdogRun(rdjsonl, "-f=rdjsonl", "-filter-mode=nofilter")
	if code != 1 {
		t.Errorf("reviewdog -fail-level=error exited %d on errors", code)
	}
	var got, sent []map[string]any
	for _, pair := range []struct {
		text string
		into *[]map[string]any
	}{{out, &got}, {string(rdjsonl), &sent}} {
		for _, line := range strings.Split(strings.TrimSpace(pair.text), "\n") {
			var d map[string]any
			if err := json.Unmarshal([]byte(line), &d); err != nil {
				t.Fatalf("%v: %s", err, line)
			}
			*pair.into = append(*pair.into, d)
		}
	}
	if len(got) != len(sent) {
		t.Fatalf("reviewdog kept %d of %d diagnostics:\n%s", len(got), len(sent), out)
	}
	for i := range sent {
		for _, field := range []string{"message", "location", "severity", "code", "suggestions"} {
			if g, s := jsonString(got[i][field]), jsonString(sent[i][field]); g != s {
				t.Errorf("diagnostic %d: reviewdog read %s %s, postmarklint wrote %s", i, field, g, s)
			}
		}
	}
	if !strings.Contains(out, `"suggestions"`) {
		t.Errorf("no suggestion reached reviewdog:\n%s", out)
	}

	// Against git diff: only the two added lines are reported, as on a
	// pull request.
	out, _ = reviewdogRun(rdjsonl, "-f=rdjsonl", "-diff=git diff")
	if strings.Contains(out, `"start":{"line":1,`) || !strings.Contains(out, `"start":{"line":2,`) || !strings.Contains(out, `"start":{"line":3,`) {
		t.Errorf("reviewdog -diff kept other than the added lines:\n%s", out)
	}

	// checkstyle: reviewdog prints file:line:column: severity: message.
	out, code = reviewdogRun(report("checkstyle"), "-f=checkstyle", "-diff=git diff")
	tracked := "warning: Postmark token is in the work tree of a file git tracks: keep it out of the file and load it from the environment, or the next commit of the file will carry it (postmarklint.committed-token)"
	want := []string{
		".env.production:2:21: " + tracked,
		".env.production:2:21: error: Postmark token ends with a space (postmarklint.token-whitespace)",
		".env.production:3:14: " + tracked,
		".env.production:3:14: error: Postmark token is wrapped in typographic quotes \u201c\u2026\u201d that godotenv keeps as part of the value (postmarklint.token-quoting)",
	}
	if code != 1 || strings.TrimSpace(out) != strings.Join(want, "\n") {
		t.Errorf("reviewdog -f=checkstyle: exit %d\n%s\nwant\n%s", code, out, strings.Join(want, "\n"))
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
