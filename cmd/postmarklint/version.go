package main

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// A release build stamps these with -ldflags "-X main.version=..."
// (.goreleaser.yaml and the Dockerfile do); date is the commit's date, so
// that two builds of one commit say the same. A plain go build leaves
// them empty, and the module's build info speaks instead.
var (
	version string
	commit  string
	date    string
)

// writeVersion prints what postmarklint version prints: "postmarklint
// VERSION" on the first line, for scripts, then where the binary came
// from, one "name: value" per line.
func writeVersion(w io.Writer, bi *debug.BuildInfo) {
	v, c, d := version, commit, date
	var module string
	if v == "" && bi != nil {
		// go install ...@v1.2.3 records the module's version; go build in
		// a checkout says (devel) and records the commit instead.
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		module = bi.Main.Path + " " + cmp.Or(bi.Main.Version, "(devel)")
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		c, d = settings["vcs.revision"], settings["vcs.time"]
		if c != "" && settings["vcs.modified"] == "true" {
			c += " (modified)"
		}
	}
	fmt.Fprintf(w, "postmarklint %s\n", cmp.Or(v, "devel"))
	if module != "" {
		fmt.Fprintf(w, "module: %s\n", module)
	}
	if c != "" {
		fmt.Fprintf(w, "commit: %s\n", c)
	}
	if d != "" {
		fmt.Fprintf(w, "date: %s\n", d)
	}
	fmt.Fprintf(w, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
