// Package lint is postmarklint's core: it turns the bytes of configuration
// files into Postmark token entries, and entries into findings. It is pure:
// it does no file or process I/O and prints nothing. Reading files, asking
// git and Postmark, loading the configuration and writing fixes belong to
// the driver, which hands this package bytes and facts.
//
// # Model
//
// A File holds its bytes (Src), every scalar assignment its reader found
// (Pairs) and the Postmark token Entries among them. Positions are byte
// Spans into Src; File.Pos turns an offset into a line and a column. A
// Finding is a rule's verdict on a span, with an optional Fix: byte Edits
// against the original bytes.
//
// # Readers and formats
//
// Each format has a reader package (lint/envfile, lint/yamlfile,
// lint/tomlfile) that turns bytes into pairs and never fails: where the
// application's loader would refuse the file it returns ParseErrors and
// still recovers what it can. The format table (Formats, LookupFormat)
// holds one row per format: its name, the file names it claims (FormatOf),
// its reader and its comment marker. Sniff guesses the format of a file
// whose name says nothing. Parse reads a file and detects its entries; a
// format without a row is a parse error, never read as another format.
//
// # Detection and environments
//
// An entry is found by its key, by a Postmark DSN, by a credential next to
// a postmarkapp.com host, or by a key the configuration names; a value that
// refers to a secret (${VAR}, !ENV, ...) is a reference, not a token. Each
// entry gets one environment, from the configuration, an enclosing
// section, the file name, a folder or its own key, in that order.
// docs/entries.md in the repository spells out both.
//
// # Rules engine
//
// A Rule is a value with checks per entry, per file and per run; package
// rules lists them. Check runs the checks, each through a Pass to which the
// rule reports Finding values (Pass.Report lowers the severity of a rule
// that follows the environment, Env.Lower), then applies the
// configuration's severities and the ignore comments, drops findings in
// context files, and sorts and deduplicates.
//
// # Suppressions
//
// "postmarklint:ignore RULE[,RULE] -- reason", in a comment of the file's
// format, covers the line it is on or, alone on its line, the line below.
// A comment without a reason, naming an unknown rule or covering nothing is
// reported by the rule marked Suppressions.
//
// # Redaction
//
// No whole token leaves the package: RedactValue shows at most a token's
// last four characters, RedactText hides token-shaped runs in any text (a
// parser's message), and Fingerprint hashes the value.
//
// # Fix planning
//
// SelectFixes chooses the fixes of a file that apply together, ApplyEdits
// applies them to bytes, and FixKeepsValues reloads the result with the
// format's reader to prove that only the fixed value changed. Rules offer a
// fix only when that holds.
package lint
