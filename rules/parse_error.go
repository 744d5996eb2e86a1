package rules

import (
	"fmt"

	"github.com/postmarklint/postmarklint/lint"
)

var ParseError = &lint.Rule{
	ID:    "parse-error",
	Title: "file that mentions Postmark cannot be parsed by its loader",
	Doc: `The application's own loader refuses this file (godotenv for .env, the YAML or
TOML decoder), so it starts without the Postmark token or does not start at
all. Common causes: a byte order mark before the first .env key, a line with
no "=", an unterminated quote, a tab in YAML indentation, a duplicate TOML
table. A byte order mark before the first key of a .properties file is
reported too: Java does not refuse the file, but reads the mark as part of
the key, so the application never finds that key. postmarklint still scans the rest of the file line by line, so the
token rules keep working.

A UTF-16 file (what Windows PowerShell 5 writes with > or Out-File) is
reported at its start and not checked further: save it as UTF-8.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=\"d6442260-559d-4e79-82c8-9680e98c5884\nMAIL_FROM=hello@example.com\n",
		Good: "POSTMARK_SERVER_TOKEN=\"d6442260-559d-4e79-82c8-9680e98c5884\"\nMAIL_FROM=hello@example.com\n",
	}, {
		File: "config/production.toml",
		Bad:  "[postmark]\ntoken = \"d6442260-559d-4e79-82c8-9680e98c5884\"\n[postmark]\nfrom = \"hello@example.com\"\n",
		Good: "[postmark]\ntoken = \"d6442260-559d-4e79-82c8-9680e98c5884\"\nfrom = \"hello@example.com\"\n",
	}},
	CheckFile: checkParse,
}

// checkParse reports where the loader first refuses the file: the loader
// stops there, so later problems are of no use to the application.
func checkParse(p *lint.Pass) {
	f := p.File
	if len(f.ParseErrors) == 0 {
		return
	}
	pe := f.ParseErrors[0]
	off := pe.Offset
	if off < 0 {
		off = f.LineStart(pe.Line)
	}
	more := ""
	if n := len(f.ParseErrors) - 1; n > 0 {
		more = fmt.Sprintf(" (and %d more below)", n)
	}
	what := "cannot parse"
	if ff, ok := lint.LookupFormat(f.Format); ok {
		what += " as " + ff.Name
	}
	p.Reportf(nil, lint.Span{Start: off, End: min(off+1, len(f.Src))}, "%s: %s%s", what, lint.RedactText(pe.Msg), more)
}
