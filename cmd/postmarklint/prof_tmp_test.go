package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestProfHistory(t *testing.T) {
	dir := os.Getenv("PML_PROF_REPO")
	if dir == "" {
		t.Skip()
	}
	t.Chdir(dir)
	var out, errb bytes.Buffer
	run([]string{"history", "--format", "json"}, strings.NewReader(""), &out, &errb)
	t.Log(errb.String())
}
