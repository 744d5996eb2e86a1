// Package syntax holds what the three readers produce: key/value pairs with
// exact byte ranges, and the places where a loader refuses a file.
package syntax

import (
	"strconv"
	"strings"
)

// Format is a configuration file format.
type Format uint8

const (
	FormatUnknown Format = iota
	Dotenv
	YAML
	TOML
	JSON          // plain JSON: no comments, no trailing commas
	JSONC         // JSON with comments and trailing commas
	DotnetJSON    // .NET configuration JSON (appsettings.json): keys joined with ":", any case
	Properties    // Java .properties (Spring)
	Terraform     // Terraform configuration (.tf)
	TerraformVars // Terraform variables (.tfvars)
)

func (f Format) String() string {
	switch f {
	case Dotenv:
		return "dotenv"
	case YAML:
		return "yaml"
	case TOML:
		return "toml"
	case JSON:
		return "json"
	case JSONC:
		return "jsonc"
	case DotnetJSON:
		return "dotnet-json"
	case Properties:
		return "properties"
	case Terraform:
		return "terraform"
	case TerraformVars:
		return "tfvars"
	}
	return "unknown"
}

// Quote says how a value was written.
type Quote uint8

const (
	Unquoted         Quote = iota // plain scalar or bare .env value
	SingleQuoted                  // 'v'
	DoubleQuoted                  // "v"
	Backtick                      // `v` (.env; godotenv keeps the back-ticks)
	LiteralBlock                  // YAML |
	FoldedBlock                   // YAML >
	MultilineBasic                // TOML """v"""
	MultilineLiteral              // TOML '''v'''
)

func (q Quote) String() string {
	return [...]string{"unquoted", "single", "double", "backtick", "literal-block", "folded-block", "multiline-basic", "multiline-literal"}[q]
}

// Span is a half-open range of byte offsets into a file's source.
type Span struct{ Start, End int }

func (s Span) Len() int { return s.End - s.Start }

// Pair is one scalar key/value assignment found by a reader, before
// detection decides whether it holds a Postmark token. Readers emit every
// scalar assignment they see: detection needs the siblings of a token (a
// host or base URL) as much as the token itself.
type Pair struct {
	// Path holds the key path segments as written. Sequence items are
	// written "[i]"; a docker-compose "KEY=VALUE" list item or a Kubernetes
	// name/value pair contributes its variable name as the last segment.
	Path    []string
	KeySpan Span // the last key segment as written (for a KEY=VALUE item, KEY)

	// Raw is the value as written: quotes, block indicators and the body
	// of a block scalar included. Inner is the part between the quotes (for
	// unquoted values, the same as Raw), except that an unquoted .env
	// value's Raw runs over the blanks around it that godotenv trims while
	// its Inner is what godotenv keeps.
	Raw   Span
	Inner Span
	Quote Quote

	// Value is the effective value: what the format's own loader yields
	// (godotenv for .env, the YAML and TOML decoders for the others).
	Value string

	// Scope identifies the mapping the pair sits in: pairs with equal
	// Scope are siblings (one .env file; one YAML mapping; one TOML table).
	Scope int

	// Tag is the YAML tag written on the value ("!ENV"), if any.
	Tag string

	// EnvHint is the value of the nearest enclosing "environment:" key (a
	// GitHub Actions job's environment), if any.
	EnvHint string
}

// Index returns the path segment of the i-th item of a sequence: "[i]".
func Index(i int) string {
	if i < len(indexes) {
		return indexes[i]
	}
	return "[" + strconv.Itoa(i) + "]"
}

// indexes are the common segments, made once: a walk writes them for
// every item of every list.
var indexes = func() (s [32]string) {
	for i := range s {
		s[i] = "[" + strconv.Itoa(i) + "]"
	}
	return s
}()

// Key returns the key path joined with ".".
func (p *Pair) Key() string { return strings.Join(p.Path, ".") }

// ParseError is a place where a format's loader refuses the file.
type ParseError struct {
	Offset int    // byte offset of the problem, -1 when the parser gave none
	Line   int    // 1-based line when the parser gave only a line, else 0
	Msg    string // without file name or position; redacted by the engine
}

// Reader turns a file's bytes into pairs. A reader never fails: where the
// loader refuses the file it reports parse errors and still returns the
// pairs it can recover, scanning the rest of the file line by line.
type Reader func(src []byte) ([]Pair, []ParseError)
