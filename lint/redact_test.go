package lint

import (
	"strings"
	"testing"
)

// A token-shaped run is cut however few letters it holds; FuzzLint found
// 00000000-0000-0000-0000-000000000001 quoted whole in a text excerpt
// (testdata/fuzz/FuzzLint/835e08f5d131c482).
func TestRedactTextTokenShapes(t *testing.T) {
	for _, tok := range []string{
		"00000000-0000-0000-0000-000000000001",
		"12345678-9012-3456-7890-123456789012",
		"ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEFAB",
	} {
		for _, in := range []string{tok, "x: " + tok + "$A000: 1", "postmark+api://" + tok + "@default"} {
			if got := RedactText(in); strings.Contains(got, tok[:9]) || strings.Contains(got, tok[len(tok)-9:]) {
				t.Errorf("RedactText(%q) = %q, keeps the token", in, got)
			}
		}
	}
	// Long numbers and words are not tokens.
	for _, in := range []string{"1234567890123456", "mapping-values-are-not-allowed"} {
		if got := RedactText(in); got != in {
			t.Errorf("RedactText(%q) = %q, want it unchanged", in, got)
		}
	}
}
