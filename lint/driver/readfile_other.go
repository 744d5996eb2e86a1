//go:build !unix

package driver

import (
	"errors"
	"io"
	"os"
)

// ReadListedInto is ReadListed reading into buf when it is large enough.
// Without Unix system calls, it reads through os.File.
func ReadListedInto(buf []byte, path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Mode: info.Mode().Type()}
	}
	return readSized(buf, path, info.Size(), limit, func(p []byte) (int, error) {
		n, err := f.Read(p)
		if errors.Is(err, io.EOF) {
			err = nil
		}
		return n, err
	})
}
