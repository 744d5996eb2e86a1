package propsfile

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// javaOracle is a running testdata/PropsOracle.java: java.util.Properties
// itself, when a JDK (11 or later, for single-file programs) is installed.
type javaOracle struct {
	mu  sync.Mutex
	in  io.WriteCloser
	out *bufio.Reader
}

var (
	oracleOnce sync.Once
	oracle     *javaOracle
	oracleErr  error
)

// startJava starts the oracle once per process; it skips the test when no
// JDK is available. The process ends with the test binary.
func startJava(t testing.TB) *javaOracle {
	t.Helper()
	oracleOnce.Do(func() {
		cmd, err := oracleCommand()
		if err != nil {
			oracleErr = err
			return
		}
		in, err := cmd.StdinPipe()
		if err != nil {
			oracleErr = err
			return
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			oracleErr = err
			return
		}
		if err := cmd.Start(); err != nil {
			oracleErr = err
			return
		}
		oracle = &javaOracle{in: in, out: bufio.NewReader(out)}
	})
	if oracle == nil {
		t.Skipf("java.util.Properties not available: %v", oracleErr)
	}
	return oracle
}

// oracleCommand runs PropsOracle compiled once into a shared temporary
// folder (a JVM compiling the source on every start is too slow for fuzz
// workers), or from source where javac is missing.
func oracleCommand() (*exec.Cmd, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, err
	}
	const source = "testdata/PropsOracle.java"
	javac, err := exec.LookPath("javac")
	if err != nil {
		return exec.Command(java, source), nil
	}
	text, err := os.ReadFile(source)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(text)
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("postmarklint-propsoracle-%x", sum[:6]))
	if _, err := os.Stat(filepath.Join(dir, "PropsOracle.class")); err != nil {
		tmp, err := os.MkdirTemp(os.TempDir(), "propsoracle-build-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if out, err := exec.Command(javac, "-d", tmp, source).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("javac: %v: %s", err, out)
		}
		// A fuzz worker that loses the race to rename finds the winner's.
		if err := os.Rename(tmp, dir); err != nil {
			if _, statErr := os.Stat(filepath.Join(dir, "PropsOracle.class")); statErr != nil {
				return nil, err
			}
		}
	}
	return exec.Command(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", dir, "PropsOracle"), nil
}

// load returns what Properties.load makes of src, or its exception message.
func (o *javaOracle) load(src []byte) (map[string]string, string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(src)))
	if _, err := o.in.Write(append(n[:], src...)); err != nil {
		return nil, "", err
	}
	head, err := o.out.ReadString('\n')
	if err != nil {
		return nil, "", err
	}
	head = strings.TrimSuffix(head, "\n")
	if msg, ok := strings.CutPrefix(head, "ERR "); ok {
		return nil, msg, nil
	}
	count, err := strconv.Atoi(strings.TrimPrefix(head, "OK "))
	if err != nil {
		return nil, "", fmt.Errorf("oracle said %q", head)
	}
	m := make(map[string]string, count)
	for range count {
		line, err := o.out.ReadString('\n')
		if err != nil {
			return nil, "", err
		}
		k, v, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		kb, err1 := hex.DecodeString(strings.TrimPrefix(k, "K"))
		vb, err2 := hex.DecodeString(strings.TrimPrefix(v, "V"))
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("oracle line %q", line)
		}
		m[string(kb)] = string(vb)
	}
	return m, "", nil
}

// checkJava compares Read with java.util.Properties: the same map (last
// pair per key) when Java loads the file, at least one parse error when it
// throws. Invalid UTF-8 is left out: Java's decoder folds some truncated
// sequences into one U+FFFD where Read writes one per byte.
func checkJava(t testing.TB, o *javaOracle, name string, src []byte, pairs []syntax.Pair, errs []syntax.ParseError) {
	t.Helper()
	if !utf8.Valid(src) {
		return
	}
	want, exc, err := o.load(src)
	if err != nil {
		t.Fatalf("java oracle: %v", err)
	}
	compareLoader(t, name, "Java", want, exc != "", pairs, errs)
}

func TestTableMatchesJava(t *testing.T) {
	o := startJava(t)
	for _, tt := range readTests {
		src := []byte(tt.src)
		pairs, errs := Read(src)
		checkJava(t, o, tt.name, src, pairs, errs)
	}
}

func TestCorpusMatchesJava(t *testing.T) {
	files := corpusFiles(t)
	o := startJava(t)
	for name, src := range files {
		pairs, errs := Read(src)
		checkJava(t, o, name, src, pairs, errs)
	}
}

// tokens are the pieces Properties.load reacts to; random sequences of
// them reach corners that byte-level fuzzing finds only slowly.
var tokens = []string{
	"a", "b.c", "=", ":", " ", "\t", "\f", "\v", "\r", "\n", "\r\n", "#", "!", "\\", "\\\\", "\\\n", "\\\r\n",
	"\\u", "\\u0041", "\\u00e9", "\\uD83D", "\\uDE00", "\\uzz", "0", "f", "\\t", "\\ ", "\\=", "${", "}",
	"\ufeff", "\u00a0", "é", "\x00",
}

// TestRandomTokensMatchJava cross-checks Read with Java on pseudo-random
// token sequences (deterministic, so failures reproduce).
func TestRandomTokensMatchJava(t *testing.T) {
	o := startJava(t)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b []byte
	for i := 0; i < n && !t.Failed(); i++ {
		b = b[:0]
		for k := rng.IntN(12); k >= 0; k-- {
			b = append(b, tokens[rng.IntN(len(tokens))]...)
		}
		pairs, errs := Read(b)
		name := fmt.Sprintf("tokens %q", b) // generated, not secret
		checkInvariants(t, name, b, pairs, errs)
		checkJava(t, o, name, b, pairs, errs)
	}
}

// FuzzJava compares Read with java.util.Properties on fuzzed input; it
// skips without a JDK.
func FuzzJava(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(tt.src))
	}
	// Compile the oracle here, before the workers start, so that none of
	// them spends its first input compiling.
	oracleCommand()
	f.Fuzz(func(t *testing.T, src []byte) {
		o := startJava(t)
		pairs, errs := Read(src)
		checkInvariants(t, "fuzz", src, pairs, errs)
		checkJava(t, o, "fuzz", src, pairs, errs)
	})
}
