package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkTree runs the whole command over a generated tree, the path
// bench/run.sh times against ripgrep and gitleaks:
//
//	go run ./bench/gen -files 30000 -seed 1 /tmp/tree
//	POSTMARKLINT_BENCH_TREE=/tmp/tree go test -run '^$' -bench Tree -cpuprofile /tmp/cpu.out ./cmd/postmarklint
func BenchmarkTree(b *testing.B) {
	tree := os.Getenv("POSTMARKLINT_BENCH_TREE")
	if tree == "" {
		b.Skip("set POSTMARKLINT_BENCH_TREE to a tree made by bench/gen")
	}
	b.ReportAllocs()
	for b.Loop() {
		run([]string{"--format", "json", tree}, strings.NewReader(""), io.Discard, io.Discard)
	}
}
