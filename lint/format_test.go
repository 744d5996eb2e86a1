package lint

import (
	"bytes"
	"strings"
	"testing"
)

// TestIndexFold checks the case-insensitive search against a plain one on
// lower-cased text, at every position and in every case mix.
func TestIndexFold(t *testing.T) {
	needle := []byte("postmark")
	hays := []string{
		"", "p", "postmar", "postmark", "xPOSTMARK", "PostMark_api", "pppppostmark",
		"postmarpostmark", "a.postmarkapp.com", "POSTMARK_API_TEST", "posTmArk",
		"pOsTmArKpostmark", strings.Repeat("k", 100) + "postmark", "postmarK" + strings.Repeat("x", 50),
		"ostmark", "postmak", "poStmarx postmark",
	}
	for _, h := range hays {
		want := bytes.Index(bytes.ToLower([]byte(h)), needle)
		if got := postmarkBytes.index([]byte(h)); got != want {
			t.Errorf("index(%q) = %d, want %d", h, got, want)
		}
	}
}

func BenchmarkMayHoldEntry(b *testing.B) {
	// A typical configuration file that does not mention Postmark: many
	// p's (port, password, path, postgres) and k's (key, token).
	src := []byte(strings.Repeat("DATABASE_PASSWORD=postgres\nAPP_PORT=8080\nAPI_KEY=abc\nTOKEN_PATH=/var/lib/app\nPUBLIC_PATH=/p\n", 25))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if MayHoldEntry(src, nil) {
			b.Fatal("false positive")
		}
	}
}
