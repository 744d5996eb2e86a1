package hclfile

import (
	"strings"
	"testing"
)

// FuzzHCL checks that Read and ReadVars never panic and that its output always holds
// the invariants, whatever the input. Seeds: the table cases, the corpus
// in testdata/fuzz/FuzzHCL and the shapes below.
func FuzzHCL(f *testing.F) {
	for _, tc := range readCases {
		f.Add([]byte(tc.src))
	}
	for _, s := range []string{
		benchConfig,
		"a = \"\\u00\"\n",
		"a = \"\\U0010FFFF\\uD800\"\n",
		"a = <<EOT\n",
		"a = <<-EOT\n\tx\n  EOT\n",
		"a = {\n",
		"a = [{name = \"X\", value = [1, {b = \"c\"}]}]\n",
		"a = { name = \"\", value = \"v\" }\n",
		"a = { \"name\" = \"X\", \"value\" = \"v\" }\n",
		"b \"x\" { c = \"${\" }\n",
		"\xff = \"\xff\"\n",
		strings.Repeat("a = [\n", 50),
		strings.Repeat("b {\n", 50),
		strings.Repeat("a = \"", 20),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		vpairs, verrs := ReadVars(src)
		checkInvariants(t, src, vpairs, verrs)
		if len(verrs) < len(errs) || len(vpairs) > len(pairs) {
			t.Errorf("ReadVars: %d pairs and %d errors, Read: %d and %d", len(vpairs), len(verrs), len(pairs), len(errs))
		}
	})
}
