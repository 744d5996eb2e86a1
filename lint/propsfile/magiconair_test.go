package propsfile

import (
	"regexp"
	"testing"

	"github.com/magiconair/properties"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// magiconairDiffers matches inputs where github.com/magiconair/properties
// knowingly departs from java.util.Properties (Java's side is checked by
// the table and, where a JDK is installed, by TestMatchesJava):
//
//   - a backslash before a line break or at the end of the file: it does
//     not continue keys, continues a CRLF line only over the CR, and
//     fails on a final backslash where Java drops it;
//   - an empty key ("=v", ":"), which it refuses;
//   - a leading byte order mark, which it strips and Java keeps in the key;
//   - escaped UTF-16 surrogates, which it does not pair.
var magiconairDiffers = regexp.MustCompile(`\\[\r\n]|\\$|^\x{FEFF}|(?i)\\ud[89a-f]`)

// checkMagiconair compares Read with magiconair's loader, expansion off:
// the same map (last pair per key), and an error exactly when it fails.
func checkMagiconair(t testing.TB, name string, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	if magiconairDiffers.Match(src) || emptyKey(pairs) {
		return
	}
	l := &properties.Loader{Encoding: properties.UTF8, DisableExpansion: true}
	m, err := l.LoadBytes(src)
	want := map[string]string{}
	if err == nil {
		want = m.Map()
	}
	compareLoader(t, name, "magiconair", want, err != nil, pairs, errs)
}

func emptyKey(pairs []syntax.Pair) bool {
	for _, p := range pairs {
		if p.Key() == "" {
			return true
		}
	}
	return false
}

func TestTableMatchesMagiconair(t *testing.T) {
	compared := 0
	for _, tt := range readTests {
		src := []byte(tt.src)
		pairs, errs := Read(src)
		if !magiconairDiffers.Match(src) && !emptyKey(pairs) {
			compared++
		}
		checkMagiconair(t, tt.name, src, pairs, errs)
	}
	if compared < len(readTests)/2 {
		t.Errorf("only %d of %d table inputs compared with magiconair", compared, len(readTests))
	}
}

// TestMagiconairDivergences pins the departures magiconairDiffers skips, so
// the list stays true: each input here loads differently in magiconair.
func TestMagiconairDivergences(t *testing.T) {
	for _, src := range []string{
		"ab\\\n  cd=1\n", // Java: key abcd
		"a=b\\\r\n c\n",  // Java: value bc
		"a=b\\",          // Java: value b
		"=v\n",           // Java: empty key
		"\ufeffa=b\n",    // Java: key "\ufeffa"
		`a=\uD83D\uDE00`, // Java: one supplementary character
	} {
		pairs, _ := Read([]byte(src))
		if len(pairs) != 1 {
			t.Fatalf("%q: %d pairs", src, len(pairs))
		}
		l := &properties.Loader{Encoding: properties.UTF8, DisableExpansion: true}
		m, err := l.LoadBytes([]byte(src))
		if err == nil {
			if v, ok := m.Get(pairs[0].Key()); ok && v == pairs[0].Value && m.Len() == 1 {
				t.Errorf("%q: magiconair agrees; drop it from magiconairDiffers", src)
			}
		}
		if !magiconairDiffers.Match([]byte(src)) && !emptyKey(pairs) {
			t.Errorf("%q: not skipped by magiconairDiffers", src)
		}
	}
}
