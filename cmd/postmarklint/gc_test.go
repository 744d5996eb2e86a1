package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},
		{1 << 20, 400},
		{8 << 20, 400},
		{16 << 20, 200},
		{32 << 20, 100},
		{1 << 30, 100},
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

// TestTuneGC: after a collection that finds a large heap live, GOGC is
// lowered; once it is let go, raised again.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tuneGC()
	gogcAfterGC := func(want int) int {
		var got int
		for range 100 {
			runtime.GC()
			time.Sleep(5 * time.Millisecond) // the finalizer runs after the collection
			if got = debug.SetGCPercent(-1); got == want {
				break
			}
			debug.SetGCPercent(got)
		}
		debug.SetGCPercent(got)
		return got
	}
	live := make([]byte, 256<<20)
	live[len(live)-1] = 1
	if got := gogcAfterGC(100); got != 100 {
		t.Errorf("GOGC with 256 MiB live = %d, want 100", got)
	}
	runtime.KeepAlive(live)
	live = nil
	if got := gogcAfterGC(400); got != 400 {
		t.Errorf("GOGC with little live = %d, want 400", got)
	}
}
