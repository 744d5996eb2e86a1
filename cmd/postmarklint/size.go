package main

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/postmarklint/postmarklint/lint/driver"
)

// byteSize is the value of --max-file-size: a number of bytes, written as
// a plain number or with a unit (10MB, 512KB, 1GiB; units are powers of
// 1024). The zero value means the default, driver.DefaultMaxFileSize.
type byteSize int64

var sizeUnits = []struct {
	suffix string
	n      int64
}{
	{"gib", 1 << 30}, {"gb", 1 << 30}, {"g", 1 << 30},
	{"mib", 1 << 20}, {"mb", 1 << 20}, {"m", 1 << 20},
	{"kib", 1 << 10}, {"kb", 1 << 10}, {"k", 1 << 10},
	{"b", 1},
}

func (b *byteSize) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

func (b *byteSize) String() string { return driver.FormatSize(b.bytes()) }

// bytes is the limit in bytes.
func (b *byteSize) bytes() int64 {
	if b == nil || *b == 0 {
		return driver.DefaultMaxFileSize
	}
	return int64(*b)
}

func parseSize(s string) (int64, error) {
	num, mult := strings.ToLower(strings.TrimSpace(s)), int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	switch {
	case err != nil:
		// The flag package already quotes the value; do not echo it twice.
		return 0, errors.New("not a size (want bytes, or a number with KB, MB or GB)")
	case n <= 0:
		return 0, errors.New("must be positive")
	case n > math.MaxInt64/mult:
		return 0, errors.New("too large")
	}
	return n * mult, nil
}
