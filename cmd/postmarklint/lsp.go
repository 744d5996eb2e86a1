package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/postmarklint/postmarklint/lint/lsp"
	"github.com/postmarklint/postmarklint/lint/online"
	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/rules"
)

const lspUsage = `usage: postmarklint lsp [--stdio]

Runs the Language Server Protocol server on standard input and output,
for editors: diagnostics as you type, quick fixes, the rule's doc on hover.
With the initialization option {"online": true} it asks Postmark about
tokens on save (never while typing). Exit code 0 after shutdown and exit,
1 when the client goes away without them.
`

// runLSP serves one editor on standard input and output.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("postmarklint lsp", flag.ContinueOnError)
	flags.Usage = func() { fmt.Fprint(flags.Output(), lspUsage) }
	flags.Bool("stdio", true, "talk over standard input and output (the only way; accepted for clients that pass it)")
	if code, done := parseSubcommand(flags, args, stderr); done {
		return code
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "postmarklint: lsp takes no arguments (see postmarklint lsp -h)\n")
		return exitError
	}
	return lsp.Serve(stdin, stdout, lsp.Options{
		Rules: rules.All,
		// The base URL comes only from the environment, as for --online.
		Online: func() (postmark.Checker, error) {
			return online.New(online.Options{BaseURL: os.Getenv(online.EnvBaseURL)})
		},
		OnlineRequest: rules.OnlineRequest,
		StreamRequest: rules.StreamRequest,
		OnlineTimeout: 3 * online.DefaultTimeout,
		Log:           stderr,
	})
}
