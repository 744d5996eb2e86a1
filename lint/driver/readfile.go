package driver

import (
	"os"
)

// ReadListed is ReadFile for a path that a walk has just seen to be a
// regular file: it saves the first look, and still refuses whatever the
// open finds there that is not a regular file under the limit.
func ReadListed(path string, limit int64) ([]byte, error) {
	return ReadListedInto(nil, path, limit)
}

// readSized reads a regular file of the given size through read, which
// returns 0 and no error at its end, into buf when it is large enough;
// more than limit bytes (a file that grew) is a TooLargeError.
func readSized(buf []byte, path string, size, limit int64, read func([]byte) (int, error)) ([]byte, error) {
	if limit > 0 && size > limit {
		return nil, &TooLargeError{Size: size, Limit: limit}
	}
	max := limit
	if max <= 0 {
		max = 1<<63 - 1
	}
	// A buffer of the file's size plus one byte to see it end: most files
	// take one read call, not a buffer grown from 512 bytes.
	if need := min(size, max) + 1; int64(cap(buf)) < need {
		buf = make([]byte, 0, need)
	}
	buf = buf[:0]
	for {
		n, err := read(buf[len(buf):cap(buf)])
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &TooLargeError{Size: int64(len(buf)), Limit: limit}
		}
		if n == 0 {
			return buf, nil
		}
		if len(buf) == cap(buf) { // it grew while being read
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
