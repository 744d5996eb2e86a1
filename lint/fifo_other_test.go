//go:build !unix

package lint

import "errors"

func makeFIFO(string) error { return errors.New("no named pipes on this system") }
