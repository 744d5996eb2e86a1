package jsonfile

import (
	"strings"
	"testing"
)

// FuzzJSON checks that Read never panics, that its output holds the
// invariants, and that it agrees with encoding/json once the comments and
// trailing commas it accepted are blanked.
func FuzzJSON(f *testing.F) {
	for _, tc := range readCases {
		if len(tc.src) < 1000 {
			f.Add([]byte(tc.src))
		}
	}
	for _, s := range []string{
		benchConfig,
		`{"a": "\u`,
		`{"a": "\ud83d\`,
		"{\"a\": \"x\\\n\"}",
		"{\"a\": [1,,2]}",
		"[1,]",
		"{\"a\":1,}",
		"{\"a\": /* x */ }",
		"{\"a\" // x\n: 1}",
		strings.Repeat("{\"a\":", 50),
		strings.Repeat("[", 50),
		"{\"a\": 1e}",
		"{\"a\": -0.0E-0}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		checkDifferential(t, src)
		checkPlain(t, src)
	})
}
