// Command prof runs postmarklint's lint path (the one cmd/postmarklint's
// lintPaths takes for `postmarklint --format json DIR`) in process, so that
// it can be profiled with pprof, and times each stage:
//
//	go run ./bench/prof -n 5 -cpuprofile /tmp/cpu.out -memprofile /tmp/mem.out DIR
//	go tool pprof -top /tmp/cpu.out
//
// Stages: lint.Discover; read + lint.Parse on all cores (as the CLI's load
// does); lint.Check with rules.All; report.JSON to a discarded writer.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

func main() {
	var (
		n          = flag.Int("n", 5, "number of `runs` over the tree")
		cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of all runs to `FILE`")
		memProfile = flag.String("memprofile", "", "write an allocation profile to `FILE` after the runs")
	)
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: prof [-n N] [-cpuprofile FILE] [-memprofile FILE] PATH...")
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 4096
	}
	var total stages
	for i := range *n {
		s := once(flag.Args())
		fmt.Fprintf(os.Stderr, "run %d: %s\n", i+1, s)
		total.add(s)
	}
	if *n > 1 {
		fmt.Fprintf(os.Stderr, "mean : %s\n", total.div(*n))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(os.Stderr, "heap: %.1f MB allocated in total over %d runs, %.1f MB from the OS (Sys)\n",
		float64(ms.TotalAlloc)/1e6, *n, float64(ms.Sys)/1e6)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fatal(err)
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fatal(err)
		}
		f.Close()
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "prof: %v\n", err)
	os.Exit(1)
}

type stages struct {
	discover, load, check, report time.Duration
	targets, files, entries       int
	parsed, bytes                 int
}

func (s stages) String() string {
	return fmt.Sprintf("discover %v, read+parse %v, check %v, report %v (%d targets, %d parsed, %.1f MB read, %d entries)",
		s.discover.Round(time.Microsecond), s.load.Round(time.Microsecond), s.check.Round(time.Microsecond),
		s.report.Round(time.Microsecond), s.targets, s.parsed, float64(s.bytes)/1e6, s.entries)
}

func (s *stages) add(o stages) {
	s.discover += o.discover
	s.load += o.load
	s.check += o.check
	s.report += o.report
	s.targets, s.files, s.entries, s.parsed, s.bytes = o.targets, o.files, o.entries, o.parsed, o.bytes
}

func (s stages) div(n int) stages {
	d := time.Duration(n)
	s.discover /= d
	s.load /= d
	s.check /= d
	s.report /= d
	return s
}

func once(paths []string) stages {
	var s stages
	t0 := time.Now()
	targets, _ := lint.Discover(paths)
	t1 := time.Now()
	files := load(targets)
	t2 := time.Now()
	findings := lint.Check(files, rules.All)
	t3 := time.Now()
	sum := report.Summary{Files: len(files)}
	for _, f := range files {
		sum.Entries += len(f.Entries)
		s.bytes += len(f.Src)
		if lint.MayHoldEntry(f.Src, nil) {
			s.parsed++
		}
	}
	sum.Count(findings)
	if err := report.JSON(io.Discard, findings, sum); err != nil {
		fatal(err)
	}
	t4 := time.Now()
	s.discover, s.load, s.check, s.report = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3)
	s.targets, s.files, s.entries = len(targets), len(files), sum.Entries
	return s
}

// load mirrors cmd/postmarklint's load and loadOne: read each target on
// all cores, skip binary files, infer or sniff the format, parse.
func load(targets []lint.Target) []*lint.File {
	files := make([]*lint.File, len(targets))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				t := targets[i]
				src, err := os.ReadFile(t.Path)
				if err != nil || bytes.IndexByte(src, 0) >= 0 {
					continue
				}
				format := lint.FormatOf(t.Path)
				if format == lint.FormatUnknown {
					format = lint.Sniff(src)
				}
				files[i] = lint.Parse(t.Path, format, src, lint.Options{})
			}
		})
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	out := files[:0]
	for _, f := range files {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}
