package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkDidChange measures one keystroke's round trip: a didChange of
// a 2 KB .env.production (one Postmark token, a sibling .env.staging on
// disk) in a large git repository, until its diagnostics arrive. The
// debounce is left out (set to 1ns); add DefaultDebounce for what a user
// waits. bench/lsp.sh makes a 30,000-file repository and runs it:
//
//	POSTMARKLINT_BENCH_REPO=/tmp/repo go test -run '^$' -bench DidChange ./lint/lsp
func BenchmarkDidChange(b *testing.B) {
	repo := os.Getenv("POSTMARKLINT_BENCH_REPO")
	if repo == "" {
		b.Skip("set POSTMARKLINT_BENCH_REPO to a git repository (bench/lsp.sh makes one)")
	}
	dir := filepath.Join(repo, "services", "mailer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".env.staging"), []byte("POSTMARK_SERVER_TOKEN="+tokB+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var text strings.Builder
	for i := 0; text.Len() < 2000; i++ {
		fmt.Fprintf(&text, "SETTING_%03d=value-%d-of-the-mailer-service\n", i, i)
	}
	buffer := func(space bool) string {
		tok := tokA
		if space {
			tok += " "
		}
		return text.String() + "POSTMARK_SERVER_TOKEN=\"" + tok + "\"\n"
	}
	c := startServer(b, Options{Debounce: time.Nanosecond})
	c.initialize(repo, nil)
	uri := fileURI(filepath.Join(dir, ".env.production"))
	start := time.Now()
	c.open(uri, buffer(false))
	c.diagnostics(uri)
	first := time.Since(start) // git asked, history searched: the cache is cold
	version := 1
	for b.Loop() {
		version++
		c.change(uri, version, buffer(version%2 == 0))
		want := fmt.Sprintf(`"version":%d`, version)
		c.waitFor(func(m *message) bool {
			return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), want)
		}, "diagnostics of version "+fmt.Sprint(version))
	}
	b.ReportMetric(float64(first.Microseconds())/1000, "ms-open")
}
