package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is how far the heap may grow past what is live before the
// next collection, while that is less than 4 times what is live.
//
// Nearly all a run allocates is dead at once (files read, searched for
// Postmark and let go): while the live heap is small, collecting when
// the heap has grown fivefold (GOGC=400) saves a tenth of a walk's CPU.
// Once the live heap is large (a 300,000-file tree, a tree whose every
// file holds entries, one 50 MB YAML file), that fivefold growth made
// peak memory 5 times what the run needs; from there the heap may grow by
// the headroom, and at least doubles (Go's own default, GOGC=100) so that
// collections do not follow each other. Measured in bench/RESULTS.md.
const gcHeadroom = 32 << 20

// gcPercent is the GOGC for a live heap of the given size.
func gcPercent(live uint64) int {
	if live == 0 {
		return 400
	}
	return int(max(100, min(400, 100*gcHeadroom/live)))
}

// tuneGC sets GOGC from the live heap after each collection, from now
// until the process ends. GOGC set in the environment wins.
func tuneGC() {
	debug.SetGCPercent(gcPercent(0))
	runtime.SetFinalizer(&gcCycle{}, afterGC)
}

// gcCycle is garbage as soon as it is made: its finalizer runs after
// the next collection and makes another.
type gcCycle struct{ _ *int }

func afterGC(*gcCycle) {
	debug.SetGCPercent(gcPercent(liveHeap()))
	runtime.SetFinalizer(&gcCycle{}, afterGC)
}

// liveHeap is the heap the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
