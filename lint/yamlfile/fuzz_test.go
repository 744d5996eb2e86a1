package yamlfile

import "testing"

func FuzzYAML(f *testing.F) {
	for _, tc := range readCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("k: [é, {a: b}]\nl: |2-\n   x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		pairs, errs := Read(src)
		checkInvariants(t, src, pairs, len(errs) == 0)
	})
}
