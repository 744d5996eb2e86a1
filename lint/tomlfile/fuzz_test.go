package tomlfile

import (
	"strings"
	"testing"
)

// FuzzTOML checks that Read never panics and that its output always holds
// the invariants, whatever the input.
func FuzzTOML(f *testing.F) {
	for _, tc := range readCases {
		f.Add([]byte(tc.src))
	}
	for _, s := range []string{
		"a = \"\x00\"\n",
		"a = 'x\xff'\n\xff = 1\n",
		"\xef\xbb\xbf\xef\xbb\xbfa = 1\n",
		"a = {b = [{c = '''\n'''}]}\n",
		"[[a]]\n[a.b]\n[[a]]\n[[a.b]]\n",
		"a = \"\"\"\\\n",
		"a.\"b\\u00\" = 1\n",
		"x = [\n{y = 1},\n\"z\" = 2\n",
		benchConfig,
		strings.Repeat("a = \"\n", 50),
		strings.Repeat("a = {\n", 50),
		strings.Repeat("[[a.b]]\nx=1\n", 10),
		"a = [{b=[{c=1}]}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, errs)
		if len(errs) == 0 {
			checkAgainstLoader(t, src, pairs)
		}
	})
}
