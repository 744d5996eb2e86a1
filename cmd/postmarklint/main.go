// Command postmarklint finds Postmark API tokens in .env, YAML and TOML
// files and reports what would make Postmark answer "Invalid API Token".
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
