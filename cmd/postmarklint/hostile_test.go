package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Hostile input: postmarklint runs on untrusted pull requests, so no file
// may crash it, hang it, make it hold much memory, or leak a token. Each
// case runs the command in-process under a deadline and checks the exit
// code, that every line on stderr is one clean "postmarklint: ..." line,
// and that no goroutine or file descriptor is left behind.

// hostileRun is what one bounded run gave.
type hostileRun struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	peakHeap       uint64 // highest HeapInuse seen while running, in bytes
}

// runBounded runs the command with a deadline, sampling the heap while it
// runs. A run that outlives the deadline fails the test at once: its
// goroutine is left behind, but the test binary does not hang.
func runBounded(t *testing.T, deadline time.Duration, args ...string) hostileRun {
	t.Helper()
	deadline *= raceSlowdown
	runtime.GC()
	var peak atomic.Uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
	}
	sample()
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-tick.C:
				sample()
			}
		}
	}()

	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	start := time.Now()
	go func() { done <- run(args, strings.NewReader(""), &stdout, &stderr) }()
	var code int
	select {
	case code = <-done:
	case <-time.After(deadline):
		close(stopSampling)
		t.Fatalf("postmarklint %q still running after %v", args, deadline)
	}
	r := hostileRun{code: code, elapsed: time.Since(start)}
	close(stopSampling)
	<-sampled
	sample()
	r.peakHeap = peak.Load()
	r.stdout, r.stderr = stdout.String(), stderr.String()
	t.Logf("exit %d in %v, peak heap %.1f MB", r.code, r.elapsed.Round(time.Millisecond), float64(r.peakHeap)/(1<<20))
	return r
}

// wantExit checks the exit code and that stderr is made of one-line
// messages that each start with "postmarklint: ", ending with the summary.
func (r hostileRun) wantExit(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\nstderr:\n%s", r.code, code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "postmarklint: ") {
			t.Errorf("stderr line %q is not a postmarklint: message", l)
		}
	}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("stderr shows a panic:\n%s", r.stderr)
	}
}

// wantStderr checks that one stderr line matches exactly.
func (r hostileRun) wantStderr(t *testing.T, line string) {
	t.Helper()
	if !strings.Contains("\n"+r.stderr, "\n"+line+"\n") {
		t.Errorf("stderr lacks the line %q; it is:\n%s", line, r.stderr)
	}
}

// noLeaks fails the test if goroutines or open file descriptors are left
// over when it ends. Goroutines get a moment to wind down first (a git
// child's pipes, a timer).
func noLeaks(t *testing.T) {
	t.Helper()
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)
	t.Cleanup(func() {
		var g, f int
		for range 100 {
			g, f = runtime.NumGoroutine(), openFDs(t)
			if g <= goroutines && f <= fds {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		if g > goroutines {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines before, %d after:\n%s", goroutines, g, buf[:runtime.Stack(buf, true)])
		}
		if f > fds {
			t.Errorf("%d open file descriptors before, %d after", fds, f)
		}
	})
}

// openFDs counts this process's open file descriptors (Linux only; -1
// elsewhere, which turns the check off).
func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

// tempWD moves the test into a fresh folder and returns "." for it:
// messages then name short relative paths, which RedactText leaves alone
// (it cuts a long temporary folder name like a token).
func tempWD(t *testing.T) string {
	t.Chdir(t.TempDir())
	return "."
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// aliasBomb is a "billion laughs" YAML file: 9 levels of 9 aliases to a
// mapping that holds a Postmark token entry expand to 9^9 pairs from 400
// bytes.
func aliasBomb() []byte {
	var b bytes.Buffer
	b.WriteString("l0: &l0 {postmark_token: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.Bytes()
}

// mergeBomb is the same through merge keys, which copy every key.
func mergeBomb() []byte {
	var b bytes.Buffer
	b.WriteString("m0: &m0 {postmark_token: lol}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "m%d: &m%d {<<: [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		fmt.Fprintf(&b, "], k%d: v}\n", i)
	}
	return b.Bytes()
}

// TestAliasBombMemory: the alias budget stops the expansion early, so the
// peak heap stays far under 100 MB and the run ends in well under a second
// on a laptop (the deadline leaves room for -race and a busy CI machine).
func TestAliasBombMemory(t *testing.T) {
	for name, src := range map[string][]byte{"aliases": aliasBomb(), "merge keys": mergeBomb()} {
		t.Run(name, func(t *testing.T) {
			noLeaks(t)
			p := writeFile(t, filepath.Join(tempWD(t), "postmark.yaml"), src)
			r := runBounded(t, 20*time.Second, p)
			r.wantExit(t, exitFindings)
			if !strings.Contains(r.stdout, "aliases expand to more than") {
				t.Errorf("no finding says the alias budget was hit:\n%.2000s", r.stdout)
			}
			if r.peakHeap > 64<<20 {
				t.Errorf("peak heap %.1f MB, want under 64 MB", float64(r.peakHeap)/(1<<20))
			}
		})
	}
}

// TestDeepNesting: 10,000 levels of nesting, which the YAML decoder and
// go-toml accept or refuse, never overflow the stack or take long.
func TestDeepNesting(t *testing.T) {
	const depth = 10000
	deep := func(open, close, leaf string) string {
		return strings.Repeat(open, depth) + leaf + strings.Repeat(close, depth)
	}
	// The nesting ones say where they stopped reading (parse-error); the
	// deep key paths are only long keys.
	for name, file := range map[string]struct {
		path, src  string
		parseError bool
	}{
		"yaml flow mappings":   {"postmark.yaml", "postmark_token: x\nk: " + deep("{a: ", "}", "1") + "\n", true},
		"yaml flow sequences":  {"postmark.yaml", "postmark_token: x\nk: " + deep("[", "]", "1") + "\n", true},
		"yaml block sequences": {"postmark.yaml", "postmark_token: x\nk:\n" + strings.Repeat("- ", depth) + "x\n", true},
		"toml inline tables":   {"postmark.toml", "postmark_token = 'x'\nk = " + deep("{a = ", "}", "1") + "\n", true},
		"toml arrays":          {"postmark.toml", "postmark_token = 'x'\nk = " + deep("[", "]", "1") + "\n", true},
		"toml dotted key":      {"postmark.toml", "postmark_token = 'x'\n" + strings.Repeat("a.", depth) + "postmark_token = 'y'\n", false},
		"toml table header":    {"postmark.toml", "postmark_token = 'x'\n[" + strings.TrimSuffix(strings.Repeat("a.", depth), ".") + "]\npostmark_token = 'y'\n", false},
	} {
		t.Run(name, func(t *testing.T) {
			noLeaks(t)
			p := writeFile(t, filepath.Join(tempWD(t), file.path), []byte(file.src))
			r := runBounded(t, 20*time.Second, "--format", "json", p)
			r.wantExit(t, exitFindings) // "x" is not a token shape
			if got := strings.Contains(r.stdout, `"rule": "parse-error"`); got != file.parseError {
				t.Errorf("parse-error finding: %v, want %v", got, file.parseError)
			}
			if r.peakHeap > 100<<20 {
				t.Errorf("peak heap %.1f MB, want under 100 MB", float64(r.peakHeap)/(1<<20))
			}
		})
	}
}

// TestMaxFileSize: a file over --max-file-size is skipped with one line
// naming it and its size, the other files are still linted, and the run
// fails (exit 2): it did not read everything it was asked to.
func TestMaxFileSize(t *testing.T) {
	noLeaks(t)
	dir := tempWD(t)
	big := writeFile(t, filepath.Join(dir, "big", ".env"), bytes.Repeat([]byte("POSTMARK_SERVER_TOKEN=x\n"), 100)) // 2400 bytes
	writeFile(t, filepath.Join(dir, "small", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+badToken+"\n"))

	r := runBounded(t, 10*time.Second, "--max-file-size", "2KB", dir)
	r.wantExit(t, exitError) // not exitFindings: the big file was not read
	r.wantStderr(t, "postmarklint: big/.env: 2.3 KB, over the 2 KB limit (--max-file-size), not linted")
	if strings.Contains(r.stdout, "big/.env") {
		t.Errorf("the big file was linted:\n%s", r.stdout)
	}

	// Named on the command line, alone: skipped, never a clean exit.
	r = runBounded(t, 10*time.Second, "--max-file-size", "1000", big)
	r.wantExit(t, exitError)
	r.wantStderr(t, "postmarklint: big/.env: 2.3 KB, over the 1000 bytes limit (--max-file-size), not linted")

	// At the limit is not over it.
	r = runBounded(t, 10*time.Second, "--max-file-size", "2400", big)
	r.wantExit(t, exitFindings)

	// An editor's buffer is read no further than the limit.
	var stdout, stderr bytes.Buffer
	code := run([]string{"--max-file-size", "1KB", "--stdin", "--stdin-filename", ".env"}, bytes.NewReader(bytes.Repeat([]byte("A=1\n"), 1000)), &stdout, &stderr)
	if want := "postmarklint: .env: standard input is over the 1 KB limit (--max-file-size), not linted\n"; code != exitError || !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("--stdin over the limit: exit %d, stderr %q", code, stderr.String())
	}
}

// TestMaxFileSizeFlag pins the default (10 MB) and the accepted spellings.
func TestMaxFileSizeFlag(t *testing.T) {
	cfg, err := parseFlags(nil, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.maxFileSize.bytes(); got != 10<<20 {
		t.Errorf("default --max-file-size is %d bytes, want 10 MB (%d)", got, 10<<20)
	}
	for in, want := range map[string]int64{
		"1": 1, "4096": 4096, "2KB": 2 << 10, "2kb": 2 << 10, "2K": 2 << 10, "10MB": 10 << 20,
		"10 MB": 10 << 20, "10MiB": 10 << 20, "1GB": 1 << 30, "512B": 512,
	} {
		cfg, err := parseFlags([]string{"--max-file-size", in}, new(bytes.Buffer))
		if err != nil {
			t.Errorf("--max-file-size %q: %v", in, err)
			continue
		}
		if got := cfg.maxFileSize.bytes(); got != want {
			t.Errorf("--max-file-size %q = %d bytes, want %d", in, got, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "1.5MB", "MB", "10TB", "99999999999GB"} {
		if _, err := parseFlags([]string{"--max-file-size", in}, new(bytes.Buffer)); err == nil {
			t.Errorf("--max-file-size %q accepted", in)
		}
	}
	var help bytes.Buffer
	parseFlags([]string{"-h"}, &help)
	if !strings.Contains(help.String(), "-max-file-size SIZE") || !strings.Contains(help.String(), "default 10MB") {
		t.Errorf("-h does not document --max-file-size and its default:\n%s", help.String())
	}
}

// TestLongLine: a 1 MB line, as a token value and as noise next to one,
// in each format.
func TestLongLine(t *testing.T) {
	long := strings.Repeat("a1", 1<<19) // 1 MB, token-like characters
	for name, file := range map[string]struct{ path, src string }{
		"env value":  {".env.production", "POSTMARK_SERVER_TOKEN=" + long + "\n"},
		"env noise":  {".env.production", "POSTMARK_SERVER_TOKEN=" + badToken + " # " + long + "\n"},
		"yaml value": {"production.yaml", "postmark:\n  token: \"" + long + "\"\n"},
		"yaml flow":  {"production.yaml", "postmark: {token: " + badToken + ", x: [" + strings.Repeat("1, ", 1<<18) + "1]}\n"},
		"toml value": {"production.toml", "[postmark]\ntoken = '" + long + "'\n"},
		"toml error": {"production.toml", "[postmark]\ntoken = '" + badToken + "' " + long + "\n"},
	} {
		t.Run(name, func(t *testing.T) {
			noLeaks(t)
			p := writeFile(t, filepath.Join(tempWD(t), file.path), []byte(file.src))
			r := runBounded(t, 20*time.Second, p)
			r.wantExit(t, exitFindings)
			if strings.Contains(r.stdout, long[:64]) || strings.Contains(r.stdout, badToken[:9]) {
				t.Errorf("the report quotes the long value or the token")
			}
			if r.peakHeap > 100<<20 {
				t.Errorf("peak heap %.1f MB, want under 100 MB", float64(r.peakHeap)/(1<<20))
			}
		})
	}
}

// TestBinaryAndInvalidUTF8: a NUL byte skips the file (it is not
// configuration), invalid UTF-8 is linted like any other byte.
func TestBinaryAndInvalidUTF8(t *testing.T) {
	noLeaks(t)
	dir := tempWD(t)
	bin := writeFile(t, filepath.Join(dir, "bin", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+goodToken+"\x00\n"))
	r := runBounded(t, 10*time.Second, bin)
	r.wantExit(t, exitClean)
	r.wantStderr(t, "postmarklint: bin/.env.production: binary file (NUL byte at offset 58), not linted")

	for _, p := range []string{".env.production", "production.yaml", "production.toml"} {
		t.Run(p, func(t *testing.T) {
			src := map[string]string{
				".env.production": "POSTMARK_SERVER_TOKEN=" + goodToken[:30] + "\xff\xfe\xc3" + "\n\xff=\xff\n",
				"production.yaml": "postmark:\n  token: " + goodToken[:30] + "\xff\xfe\xc3\n\xff: \xff\n",
				"production.toml": "[postmark]\ntoken = \"" + goodToken[:30] + "\xff\xfe\xc3\"\n\xff = 1\n",
			}[p]
			f := writeFile(t, filepath.Join(dir, "utf8", p), []byte(src))
			r := runBounded(t, 10*time.Second, "--format", "json", f)
			r.wantExit(t, exitFindings)
			if !json.Valid([]byte(r.stdout)) {
				t.Errorf("the JSON report is not valid JSON:\n%s", r.stdout)
			}
			if strings.Contains(r.stdout, goodToken[:9]) {
				t.Errorf("the report holds the start of the token")
			}
		})
	}
}

// mkfifo makes a named pipe, or skips the test where there are none.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := makeFIFO(path); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestSpecialFiles: a FIFO would block a read forever and /dev/zero would
// never end, so special files are never opened: a walk passes them by, and
// one named on the command line is refused as not a regular file.
func TestSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero")
	}
	dir := tempWD(t)
	mkfifo(t, filepath.Join(dir, "walk", ".env"))
	mkfifo(t, filepath.Join(dir, "walk", ".env.staging")) // a sibling of the named file below
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "walk", "zero.env")); err != nil {
		t.Fatal(err)
	}
	prod := writeFile(t, filepath.Join(dir, "walk", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+goodToken+"\n"))
	fifo := filepath.Join(dir, "walk", ".env")

	for _, tc := range []struct {
		name string
		args []string
		code int
		line string
	}{
		{"walk passes them by", []string{filepath.Join(dir, "walk")}, exitClean, "postmarklint: 1 file, 1 Postmark entry, no findings"},
		{"a FIFO sibling is not read", []string{prod}, exitClean, "postmarklint: 1 file, 1 Postmark entry, no findings"},
		{"named FIFO", []string{fifo}, exitError, "postmarklint: walk/.env: cannot read: not a regular file (named pipe)"},
		{"named link to /dev/zero", []string{filepath.Join(dir, "walk", "zero.env")}, exitError, "postmarklint: walk/zero.env: cannot read: not a regular file (device)"},
		{"named device", []string{"/dev/null"}, exitError, "postmarklint: /dev/null: cannot read: not a regular file (device)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noLeaks(t)
			r := runBounded(t, 10*time.Second, tc.args...)
			r.wantExit(t, tc.code)
			r.wantStderr(t, tc.line)
		})
	}
}

// TestSpecialFilesInGitTree: inside a work tree git lists the files; a
// FIFO it reports as untracked is still never opened.
func TestSpecialFilesInGitTree(t *testing.T) {
	dir := gitTree(t)
	mkfifo(t, filepath.Join(dir, ".env"))
	writeFile(t, filepath.Join(dir, ".env.production"), []byte("POSTMARK_SERVER_TOKEN=x\n"))
	noLeaks(t)
	r := runBounded(t, 10*time.Second, dir)
	r.wantExit(t, exitFindings)
	r.wantStderr(t, "postmarklint: 1 file, 1 Postmark entry, 1 error")
}

// gitTree makes a fresh git work tree, or skips without git.
func gitTree(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	cmd := exec.Command("git", "init", "-q")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("git init: %v\n%s", err, out)
	}
	return dir
}

// TestSymlinkLoops: a walk does not follow links into loops, and a named
// link loop is an unreadable path.
func TestSymlinkLoops(t *testing.T) {
	dir := tempWD(t)
	loops := filepath.Join(dir, "loops")
	writeFile(t, filepath.Join(loops, ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+goodToken+"\n"))
	for link, target := range map[string]string{
		"a.env":     "b.env", // a -> b -> a
		"b.env":     "a.env",
		"self.yaml": "self.yaml",
		"up":        "..", // a folder loop
		"sub/back":  "../sub",
	} {
		p := filepath.Join(loops, link)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	t.Run("walk", func(t *testing.T) {
		noLeaks(t)
		r := runBounded(t, 10*time.Second, loops)
		r.wantExit(t, exitClean)
		r.wantStderr(t, "postmarklint: 1 file, 1 Postmark entry, no findings")
	})
	t.Run("walk in a git tree", func(t *testing.T) {
		g := gitTree(t)
		if err := os.Rename(loops, filepath.Join(g, "loops")); err != nil {
			t.Fatal(err)
		}
		defer os.Rename(filepath.Join(g, "loops"), loops)
		noLeaks(t)
		r := runBounded(t, 10*time.Second, g)
		r.wantExit(t, exitClean)
		r.wantStderr(t, "postmarklint: 1 file, 1 Postmark entry, no findings")
	})
	t.Run("named", func(t *testing.T) {
		noLeaks(t)
		p := filepath.Join(loops, "a.env")
		r := runBounded(t, 10*time.Second, p)
		r.wantExit(t, exitError)
		r.wantStderr(t, "postmarklint: loops/a.env: too many levels of symbolic links")
	})
}

// TestUnreadable: a file that cannot be read is a one-line error and exit
// 2. Root reads a chmod 000 file anyway (and CI runs as root), so the same
// path is also taken with errors root gets: a folder named like a file,
// and a path through a file.
func TestUnreadable(t *testing.T) {
	dir := tempWD(t)
	t.Run("chmod 000", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads a chmod 000 file")
		}
		noLeaks(t)
		p := writeFile(t, filepath.Join(dir, "locked", ".env.production"), []byte("POSTMARK_SERVER_TOKEN="+goodToken+"\n"))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		r := runBounded(t, 10*time.Second, p)
		r.wantExit(t, exitError)
		r.wantStderr(t, "postmarklint: locked/.env.production: cannot read: permission denied")
	})
	t.Run("path through a file", func(t *testing.T) {
		noLeaks(t)
		f := writeFile(t, filepath.Join(dir, "plain.env"), []byte("A=1\n"))
		p := filepath.Join(f, ".env")
		r := runBounded(t, 10*time.Second, p, f)
		r.wantExit(t, exitError)
		r.wantStderr(t, "postmarklint: plain.env/.env: not a directory")
		r.wantStderr(t, "postmarklint: 1 file, 0 Postmark entries, no findings")
	})
}

// TestNewlineInPath: a file name with a line break is linted, and a
// message naming it is still one line.
func TestNewlineInPath(t *testing.T) {
	noLeaks(t)
	dir := tempWD(t)
	p := filepath.Join(dir, "two\nlines.env")
	if err := os.WriteFile(p, []byte("POSTMARK_SERVER_TOKEN="+badToken+"\n"), 0o644); err != nil {
		t.Skipf("cannot name a file with a newline here: %v", err)
	}

	r := runBounded(t, 10*time.Second, "--format", "json", dir)
	r.wantExit(t, exitFindings)
	var doc struct {
		Findings []struct{ File, Rule string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || !strings.HasSuffix(doc.Findings[0].File, "two\nlines.env") {
		t.Errorf("findings %+v, want one on the file with a newline", doc.Findings)
	}

	// github: the runner ends a command at a line break.
	r = runBounded(t, 10*time.Second, "--format", "github", dir)
	r.wantExit(t, exitFindings)
	if n := strings.Count(r.stdout, "\n"); n != 1 || !strings.Contains(r.stdout, "two%0Alines.env") {
		t.Errorf("github output is not one escaped command:\n%s", r.stdout)
	}

	// Skipped and unreadable: one quoted line each.
	r = runBounded(t, 10*time.Second, "--max-file-size", "10", p, filepath.Join(dir, "no\nsuch.env"))
	r.wantExit(t, exitError)
	r.wantStderr(t, `postmarklint: "two\nlines.env": 58 bytes, over the 10 bytes limit (--max-file-size), not linted`)
	r.wantStderr(t, `postmarklint: "no\nsuch.env": no such file or folder`)
}

// TestMessageOrder: the paths that cannot be walked as given are reported
// first, in the order given, then the files that cannot be read.
func TestMessageOrder(t *testing.T) {
	dir := tempWD(t)
	mkfifo(t, filepath.Join(dir, "aaa.env"))
	r := runBounded(t, 10*time.Second, "missing.env", "aaa.env")
	r.wantExit(t, exitError)
	missing := strings.Index(r.stderr, "postmarklint: missing.env: ")
	fifo := strings.Index(r.stderr, "postmarklint: aaa.env: cannot read: not a regular file (named pipe)")
	if missing < 0 || fifo < 0 || missing > fifo {
		t.Errorf("stderr:\n%s\nwant the missing path first, then the unreadable file", r.stderr)
	}
}
