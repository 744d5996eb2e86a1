package driver

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
)

// ReadFile checks the mode before it opens anything: a FIFO would block
// the open (and the read) forever, and /dev/zero would never end.
func TestReadFileRefusesSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.env")
	if err := makeFIFO(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for path, kind := range map[string]string{fifo: "named pipe", "/dev/zero": "device", dir: "folder"} {
		_, err := ReadFile(path, 0) // no limit: only the mode check stands between us and a hang
		var nr *NotRegularError
		if !errors.As(err, &nr) || err.Error() != "not a regular file ("+kind+")" {
			t.Errorf("ReadFile(%s) = %v, want not a regular file (%s)", path, err, kind)
		}
	}
}

func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(p, make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if src, err := ReadFile(p, 100); err != nil || len(src) != 100 {
		t.Errorf("at the limit: %d bytes, %v", len(src), err)
	}
	_, err := ReadFile(p, 99)
	var big *TooLargeError
	if !errors.As(err, &big) || big.Size != 100 || big.Limit != 99 {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(filepath.Join(p, "x"), 0); err == nil {
		t.Errorf("a path through a file read without error")
	}
}

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		"config/.env.production": "config/.env.production",
		"ünïcode/.env":           "ünïcode/.env",
		"two\nlines.env":         `"two\nlines.env"`,
		"cr\r.env":               `"cr\r.env"`,
		"bad\xff.env":            `"bad\xff.env"`,
		"esc\x1b[31m.env":        `"esc\x1b[31m.env"`,
	} {
		if got := lint.QuotePath(in); got != want {
			t.Errorf("lint.QuotePath(%q) = %s, want %s", in, got, want)
		}
	}
}
