//go:build !linux

package main

import "errors"

func exchangeNames(a, b string) error { return errors.ErrUnsupported }
