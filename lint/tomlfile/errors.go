package tomlfile

import (
	"bytes"
	"errors"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/postmarklint/postmarklint/lint/syntax"
)

// load runs go-toml's loader on the document that starts at start and
// returns where and why it refuses it, or nil when it accepts it. The
// unstable parser used for pairs skips the loader's semantic checks
// (duplicate keys and tables, redefinitions, dates, number ranges).
// Decoding into a generic map takes go-toml's fastest path; decoding into
// struct{} would skip the value checks.
func load(src []byte, start int) (perr *syntax.ParseError) {
	doc := src[start:]
	defer func() {
		// The loader is third-party code: a panic in it must not take the
		// linter down. The input is refused, without a position.
		if recover() != nil {
			perr = &syntax.ParseError{Offset: -1, Msg: "the toml loader failed on this file"}
		}
	}()
	var m map[string]any
	err := toml.Unmarshal(doc, &m)
	if err == nil {
		return nil
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &syntax.ParseError{Offset: -1, Msg: safeMessage(err.Error())}
	}
	line, col := de.Position()
	off := offsetAt(doc, line, col)
	if off >= 0 {
		off += start
	}
	return &syntax.ParseError{Offset: off, Msg: safeMessage(de.Error())}
}

// offsetAt turns go-toml's 1-based line and byte column into an offset in
// doc, or -1 when they do not fit.
func offsetAt(doc []byte, line, col int) int {
	if line < 1 || col < 1 {
		return -1
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(doc[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	off += col - 1
	if off > len(doc) {
		return -1
	}
	return off
}

// safeMessage maps a go-toml error message to a fixed message of ours.
// go-toml quotes the source in many messages (key names, the offending
// character, the number it failed to parse), and these files hold secrets,
// so the result is always one of the constants below, never the input.
func safeMessage(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if m := trackerMessage(msg); m != "" {
		return m
	}
	for _, s := range staticMessages {
		if msg == s {
			return s
		}
	}
	for _, pm := range prefixMessages {
		if strings.HasPrefix(msg, pm.prefix) {
			return pm.msg
		}
	}
	return "invalid toml"
}

// trackerMessage classifies the duplicate and redefinition errors of
// go-toml's key tracker, which embed the key as written.
func trackerMessage(msg string) string {
	switch {
	case strings.HasPrefix(msg, "key ") && strings.HasSuffix(msg, " is already defined"):
		return "duplicate key"
	case strings.HasPrefix(msg, "table ") && strings.HasSuffix(msg, " already exists as defined by a dotted key"):
		return "table already defined by a dotted key"
	case strings.HasPrefix(msg, "table ") && strings.HasSuffix(msg, " already exists as an array of tables"):
		return "table already defined as an array of tables"
	case strings.HasPrefix(msg, "table ") && strings.HasSuffix(msg, " already exists"):
		return "duplicate table"
	case strings.HasPrefix(msg, "key ") && strings.HasSuffix(msg, " already exists as a value"):
		return "key already holds a value"
	case strings.HasPrefix(msg, "key ") && strings.HasSuffix(msg, ", but should be an array table"):
		return "array of tables redefines an existing key"
	case strings.HasPrefix(msg, "key ") && strings.Contains(msg, " should be a table, not a "):
		return "key redefined as a table"
	}
	return ""
}

// staticMessages are go-toml messages without arguments: safe as they are.
var staticMessages = []string{
	"array is incomplete",
	"basic strings cannot have control characters",
	"basic strings cannot have new lines",
	"binary number is too large to fit in a 64-bit signed integer",
	"carriage returns are not allowed in comments",
	"carriage returns must be followed by a newline character",
	"control characters are not allowed in comments",
	"date-time is missing timezone",
	"dates are expected to have the format YYYY-MM-DD",
	"datetime separator is expected to be T or a space",
	"decimal number is too large to fit in a 64-bit signed integer",
	"decimal point must be followed by a digit",
	"escape sequence is not a valid unicode code point",
	"expected ',' or ']' after array value",
	"expected ',' or '}' after inline table key-value",
	"expected '=' after key",
	"expected ']' to close table name",
	"expected ']]' to close array table name",
	"expected a : separator",
	"expected digit (0-9)",
	"expected key but reached end of input",
	"expected number after sign",
	"expected value, not end of input",
	"expecting colon between hours and minutes",
	"exponent must contain at least one digit",
	"extra bytes at the end of the timezone",
	"extra characters at the end of a local date time",
	"extra characters at the end of a local time",
	"hexadecimal number is too large to fit in a 64-bit signed integer",
	"hour cannot be greater 23",
	"impossible date",
	"incomplete seconds",
	"inline table is incomplete",
	"integers cannot have leading zeroes",
	"invalid UTF-8 character in basic string",
	"invalid UTF-8 character in comment",
	"invalid UTF-8 character in literal string",
	"invalid UTF-8 character in multiline basic string",
	"invalid UTF-8 character in multiline literal string",
	"invalid date-time timezone",
	"invalid hexadecimal digit in unicode escape sequence",
	"invalid timezone offset character",
	"invalid timezone offset hours",
	"invalid timezone offset minutes",
	"literal strings cannot have control characters",
	"literal strings cannot have new lines",
	"local datetimes are expected to have the format YYYY-MM-DDTHH:MM[:SS[.NNNNNNNNN]]",
	"minutes cannot be greater 59",
	"multiline basic strings cannot have control characters",
	"multiline literal string not terminated by '''",
	`multiline basic string not terminated by """`,
	"multiline literal strings cannot have control characters",
	"need at least one digit after fraction point",
	`need a character after \`,
	"number must have at least one digit between underscores",
	"octal number is too large to fit in a 64-bit signed integer",
	"radix prefix must be followed by at least one digit",
	"seconds cannot be greater than 59",
	"sign is not allowed on numbers with a radix prefix",
	"strings must be quoted",
	"times are expected to have the format HH:MM[:SS[.NNNNNN]]",
	"too many quotes at the end of a multiline basic string",
	"too many quotes at the end of a multiline literal string",
	"unexpected comma in inline table",
	"unicode escape sequence is too short",
	"unterminated basic string",
	"unterminated literal string",
}

// prefixMessages are go-toml messages with arguments (source characters or
// numbers): the static start selects a message that leaves them out.
var prefixMessages = []struct{ prefix, msg string }{
	{"unexpected character ", "unexpected character at start of value"},
	{"expected newline but got ", "expected newline"},
	{"expected value but got ", "expected value"},
	{"expected digit but got ", "expected digit"},
	{"expected keyword ", "invalid keyword (want true or false)"},
	{`expected "`, "expected inf or nan"},
	{"invalid character at start of key", "invalid character at start of key"},
	{"invalid escape character ", "invalid escape character"},
	{"unable to parse float", "invalid float"},
	{"arrays and inline tables are nested more than ", "arrays and inline tables nested too deeply"},
	{"unsupported ", "unsupported toml construct"},
}
