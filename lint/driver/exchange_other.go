//go:build !linux

package driver

import "errors"

func exchangeNames(a, b string) error { return errors.ErrUnsupported }
