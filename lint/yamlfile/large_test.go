package yamlfile

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// largeShapes are the shapes of large YAML files: many top-level
// sections, a Kubernetes List (one `items:` key), an OpenAPI document
// (one `paths:` key) and a multi-document stream.
var largeShapes = []string{"sections", "items", "paths", "documents"}

// largeYAML generates a file of the shape of about size bytes. One value
// holds a fake Postmark token.
func largeYAML(shape string, size int) []byte {
	var b bytes.Buffer
	switch shape {
	case "items":
		b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
	case "paths":
		b.WriteString("openapi: 3.0.0\ninfo:\n  title: API\n  version: '1'\npaths:\n")
	case "sections":
		b.WriteString("postmark:\n  server_token: \"00000000-0000-4000-8000-000000000000\"\n")
	}
	for i := 0; b.Len() < size; i++ {
		switch shape {
		case "sections":
			fmt.Fprintf(&b, "service_%d:\n  host: host-%d.example.com\n  port: %d\n  enabled: true\n  tags:\n    - alpha\n    - \"beta %d\"\n  env:\n    NAME: svc%d\n    LEVEL: info\n", i, i, 1000+i%5000, i, i)
		case "items":
			fmt.Fprintf(&b, "  - kind: Deployment\n    metadata:\n      name: app-%d\n      labels: {app: app-%d, tier: web}\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: API_TOKEN\n              value: \"%d\"\n            - name: LOG_LEVEL\n              value: info\n", i, i, i)
		case "paths":
			fmt.Fprintf(&b, "  /v1/things/%d/{id}:\n    get:\n      operationId: getThing%d\n      parameters:\n        - name: id\n          in: path\n          schema: {type: string}\n      responses:\n        '200':\n          description: ok\n", i, i)
		case "documents":
			fmt.Fprintf(&b, "---\nkind: Secret\nmetadata:\n  name: s-%d\nstringData:\n  API_TOKEN: \"%d\"\n  OTHER: value-%d\n", i, i, i)
		}
	}
	return b.Bytes()
}

// peakHeap runs fn and returns the highest HeapInuse seen, sampled every
// millisecond, above what was in use before.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	<-stopped
	return peak.Load() - min(base, peak.Load())
}

// TestLargeFileHeap: reading a large file keeps the heap within a small
// multiple of its size, whatever its shape. Decoded whole, a document's
// node tree alone is about 20 bytes per byte of input, and a stream's
// documents were all kept until walked: 45 to 80 times the input. What
// must stay is the pairs (about 190 bytes each, 4 to 6 per byte of
// input) and the source.
func TestLargeFileHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 2 MB files")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const size = 2 << 20
	for _, shape := range largeShapes {
		src := largeYAML(shape, size)
		var n int
		peak := peakHeap(func() {
			pairs, errs := Read(src)
			if len(errs) > 0 {
				t.Errorf("%s: %+v", shape, errs)
			}
			n = len(pairs)
		})
		t.Logf("%s: %d bytes, %d pairs, peak heap %.1f MB (%.1f per byte)", shape, len(src), n, float64(peak)/(1<<20), float64(peak)/float64(len(src)))
		if peak > 30*uint64(len(src)) {
			t.Errorf("%s: peak heap %.1f MB reading %.1f MB, want under 30 times the file", shape, float64(peak)/(1<<20), float64(len(src))/(1<<20))
		}
	}
}

func BenchmarkReadLarge(b *testing.B) {
	for _, shape := range largeShapes {
		src := largeYAML(shape, 4<<20)
		b.Run(shape, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				Read(src)
			}
		})
	}
}
