package driver

import (
	"strings"
	"testing"
)

// TestStageEntry: git ls-files --stage entries give a mode and a path; an
// untracked file's entry (its path alone) is not taken for one.
func TestStageEntry(t *testing.T) {
	sha := "5257a532f08f7f851c312ae9a2580debb7d2aca6"
	for _, tc := range []struct{ in, mode, path string }{
		{"100644 " + sha + " 0\t.env.production", "100644", ".env.production"},
		{"160000 " + sha + " 0\tlibs/deep", "160000", "libs/deep"},
		{"100644 " + sha + sha[:24] + " 2\tdir/a b\tc.yaml", "100644", "dir/a b\tc.yaml"}, // SHA-256, a conflict stage
		{".env.production", "", ""},
		{"100644 " + sha + " 0", "", ""},
		{"10064x " + sha + " 0\tx", "", ""},
		{"100644 " + strings.ToUpper(sha) + " 0\tx", "", ""},
		{"100644 " + sha + " 4\tx", "", ""},
		{"a\tb.env", "", ""},
	} {
		mode, p, ok := stageEntry([]byte(tc.in))
		if ok != (tc.mode != "") || string(mode) != tc.mode || string(p) != tc.path {
			t.Errorf("stageEntry(%q) = %q, %q, %v; want %q, %q", tc.in, mode, p, ok, tc.mode, tc.path)
		}
	}
}
