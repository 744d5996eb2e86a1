// Command postmarklint finds Postmark API tokens in .env, YAML, TOML,
// JSON, .properties and Terraform files and reports what would make Postmark answer "Invalid API Token".
package main

import "os"

func main() {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		tuneGC()
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
