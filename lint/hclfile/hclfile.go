// Package hclfile reads Terraform configuration (*.tf) and variable
// (*.tfvars) files with hclsyntax, the parser Terraform itself uses, which
// gives exact byte ranges for every attribute and expression.
//
// Pairs: every attribute whose value is a string, number or bool literal
// (a variable block's default named by the variable alone: variable.x; an
// empty default, which makes the variable optional, is no value),
// with the block type and labels before the attribute name in its Path
// (`provider "postmark" { api_token = "…" }` is provider.postmark.api_token).
// Object constructors add their keys and tuple constructors "[i]" segments;
// an object holding `name = "X"` and `value = …` (an ECS or Kubernetes
// environment list item) is one pair named X with the value's spans, as the
// YAML reader does for Kubernetes env lists, and so is the value of a
// block holding both (a Kubernetes env block, an aws_ssm_parameter; also
// key/value and secret_name/plaintext_value blocks: namedValues).
//
// Quoting: a quoted string is DoubleQuoted (Inner between the quotes, Value
// with HCL's escapes decoded: \n \t \" \\ \uXXXX \UXXXXXXXX, $${ and %%{,
// and in Unicode normal form C as hclsyntax leaves every literal); a
// heredoc is LiteralBlock (Raw from "<<" to the closing marker, Inner the
// body lines with their final line break, Value the body as HCL reads it:
// no backslash escapes, a flush heredoc's indentation removed); a number or
// bool is Unquoted with its text as Value. syntax has no Quote kind for a
// heredoc; LiteralBlock is the nearest (a block of lines that keeps its
// final line break), but a fix that rewrites one must write an HCL string.
//
// References: a template with an interpolation ("${var.x}", "a${b}") is a
// pair whose Value is its text as written, so the engine's reference
// detection, which reads the bytes between the quotes, sees "${" and
// treats it as a reference. Every other expression (var.x, local.x,
// data.…, function calls, conditionals, templates with only %{ }
// directives, null) is skipped, except the arguments of the functions that
// only encode or convert data (jsonencode, tomap, merge, sensitive...),
// which are read as the attribute's value: the engine would read their bare text as a
// value, and none of them holds a value in the file. A literal written with
// the $${ escape holds "${" in its bytes, so the engine takes it for a
// reference too.
//
// Against Terraform: hclsyntax is Terraform's own parser, so Read accepts
// and rejects the syntax Terraform does (UTF-8 only, a byte order mark
// allowed, CRLF line ends, # // and /* */ comments). Read does not apply
// Terraform's schema (unknown blocks, missing arguments, duplicate
// variable blocks are accepted) and does not evaluate expressions.
// ReadVars, for .tfvars files, adds what Terraform's variables loader
// refuses: blocks, and expressions that need variables or functions. Both
// refuse files nested more than maxDepth levels, and files with a heredoc
// or string of more lines or escapes than hclsyntax joins in about a second
// (maxMeld), which Terraform reads.
// .tf.json and .tfvars.json files are JSON and not read here.
package hclfile

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/postmarklint/postmarklint/lint/syntax"
	"github.com/zclconf/go-cty/cty"
)

// fileName is the name given to the parser. Ranges that hclsyntax prints
// into a diagnostic's detail carry it, which is how Read knows to drop
// such a detail: messages hold no positions.
const fileName = "\x00hcl"

// Read reads a Terraform configuration file (*.tf): the literal attributes
// of its blocks and the errors hclsyntax reports. On an error the pairs are
// those of the partial body the parser still returns.
func Read(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	return read(src, false)
}

// ReadVars reads a Terraform variables file (*.tfvars), which Terraform
// loads as attributes only, each a constant: besides Read's errors, a
// block is an error (Terraform reports the first one), and so is any
// expression that needs a variable or a function ("${var.x}", var.x,
// upper("x")), whose pair is then dropped, not kept as a reference.
func ReadVars(src []byte) ([]syntax.Pair, []syntax.ParseError) {
	return read(src, true)
}

func read(src []byte, vars bool) ([]syntax.Pair, []syntax.ParseError) {
	if off, deep := tooDeep(src); deep {
		return nil, []syntax.ParseError{{Offset: off, Msg: deepMessage}}
	}
	if off, long := tooLong(src); long {
		return nil, []syntax.ParseError{{Offset: off, Msg: longMessage}}
	}
	text, errs := src, []syntax.ParseError(nil)
	var file *hcl.File
	var diags hcl.Diagnostics
	// A quoted string left open at the end of its line takes the rest of
	// the file for strings and names (the lexer's quotes pair up wrongly
	// from there on), so what follows it is lost to Terraform but not to
	// a reader that steps over the line: its bytes become spaces, so every
	// offset holds, and the file is read again. The errors are the
	// readings' errors up to each such line, then the last reading's.
	for from, repairs := 0, 0; ; repairs++ {
		file, diags = hclsyntax.ParseConfig(text, fileName, hcl.InitialPos)
		start, end, open := openString(text, diags)
		if !open || repairs == maxRepairs {
			errs = append(errs, parseErrors(diags, len(src), from, len(src))...)
			break
		}
		errs = append(errs, parseErrors(diags, len(src), from, end+1)...)
		if repairs == 0 {
			text = append([]byte(nil), src...)
		}
		for i := start; i < end; i++ {
			text[i] = ' '
		}
		from = end + 1
	}
	r := reader{src: text}
	if file != nil {
		if body, ok := file.Body.(*hclsyntax.Body); ok && body != nil {
			r.body(body, nil)
			if vars && len(errs) == 0 {
				errs = parseErrors(constants(body), len(src), 0, len(src))
			}
		}
	}
	sort.SliceStable(r.pairs, func(i, j int) bool { return r.pairs[i].Raw.Start < r.pairs[j].Raw.Start })
	return refused(r.pairs, errs), errs
}

// maxRepairs bounds the lines with an open string that read steps over.
const maxRepairs = 8

// openString returns the line, up to its line break, of the first quoted
// string that a line break ends, as the lexer reports it.
func openString(text []byte, diags hcl.Diagnostics) (start, end int, ok bool) {
	end = len(text) + 1
	for _, d := range diags {
		if d.Summary == quotedNewline && d.Subject != nil && 0 <= d.Subject.Start.Byte && d.Subject.Start.Byte < end {
			end = d.Subject.Start.Byte
		}
	}
	if end > len(text) {
		return 0, 0, false
	}
	return bytes.LastIndexByte(text[:end], '\n') + 1, end, true
}

const quotedNewline = "Invalid multi-line string"

// parseErrors returns the errors among diags at offsets in [from, to),
// and those without an offset when to is the end of the file.
func parseErrors(diags hcl.Diagnostics, n, from, to int) []syntax.ParseError {
	var errs []syntax.ParseError
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := parseError(d, n)
		if e.Offset < 0 && to == n || from <= e.Offset && e.Offset < to || e.Offset == n && to == n {
			errs = append(errs, e)
		}
	}
	return errs
}

// maxDepth bounds the nesting of brackets, braces, parentheses and
// template sequences that Read hands to the parser. hclsyntax's time grows
// with the square of the nesting when the openers are not closed (20,000
// unclosed "[" take over a minute), while real Terraform files nest a
// handful of levels.
const maxDepth = 100

var deepMessage = "nested more than " + strconv.Itoa(maxDepth) + " levels deep; the file was not read"

// tooDeep reports whether src nests more than maxDepth levels, and where.
// A count of the bytes [ { ( against ] } ) comes first, which bounds the
// depth unless strings or comments hold closing characters; only past
// maxDepth are the tokens lexed (in linear time) to count real openers.
func tooDeep(src []byte) (int, bool) {
	depth, most := 0, 0
	for _, c := range src {
		switch c {
		case '[', '{', '(':
			depth++
			most = max(most, depth)
		case ']', '}', ')':
			depth = max(depth-1, 0)
		}
	}
	if most <= maxDepth {
		return 0, false
	}
	toks, _ := hclsyntax.LexConfig(src, fileName, hcl.InitialPos)
	depth = 0
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > maxDepth {
				return t.Range.Start.Byte, true
			}
		case hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		}
	}
	return 0, false
}

// maxMeld bounds the work hclsyntax does to join the literal parts of each
// string and heredoc (meldConsecutiveStringLiterals): for every part after
// the first it copies the text joined so far and moves the parts after it,
// so its time grows with the square of the parts. A heredoc's every line is
// a part, and so is every "$${" or "%%{" escape in a string: 40,000 lines
// of one heredoc take seconds, the 5 million of a 10 MB file hours. The
// bound, about a second, lets through heredocs of thousands of lines.
const maxMeld = 4 << 30

var longMessage = "a heredoc or string of too many lines or escapes for the parser; the file was not read"

// tooLong reports whether joining the literal parts of src's strings and
// heredocs costs more than maxMeld, and where the string that goes over
// starts. Newlines and braces bound the parts, so most files are not
// lexed; only past that bound are the tokens lexed (in linear time).
func tooLong(src []byte) (int, bool) {
	bound := 2*(bytes.Count(src, []byte{'\n'})+bytes.Count(src, []byte{'{'})) + 1
	if meldCost(bound, len(src)) <= maxMeld {
		return 0, false
	}
	toks, _ := hclsyntax.LexConfig(src, fileName, hcl.InitialPos)
	total, parts, size, start := 0, 0, 0, 0
	for _, t := range toks {
		if t.Type == hclsyntax.TokenQuotedLit || t.Type == hclsyntax.TokenStringLit {
			if parts == 0 {
				start = t.Range.Start.Byte
			}
			parts, size = parts+1, size+len(t.Bytes)
			continue
		}
		if total += meldCost(parts, size); total > maxMeld {
			return start, true
		}
		parts, size = 0, 0
	}
	return 0, false
}

// meldCost estimates the bytes meldConsecutiveStringLiterals moves to join
// parts literal parts of size bytes in all: each part copies the text
// joined so far and moves the parts after it (16 bytes each).
func meldCost(parts, size int) int {
	if parts < 2 {
		return 0
	}
	return min(parts*(16*parts+size), maxMeld+1)
}

// constants checks a variables file as Terraform loads it: attributes
// only, each evaluated without variables or functions.
func constants(body *hclsyntax.Body) hcl.Diagnostics {
	attrs, diags := body.JustAttributes()
	list := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		list = append(list, a)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Range.Start.Byte < list[j].Range.Start.Byte })
	for _, a := range list {
		_, d := a.Expr.Value(nil)
		diags = append(diags, d...)
	}
	return diags
}

// refused drops the pairs whose value holds an error or is cut short by
// one: the parser's partial reading of a value it rejects (an invalid
// escape, the 0 of 0x10) is not what Terraform would use.
func refused(pairs []syntax.Pair, errs []syntax.ParseError) []syntax.Pair {
	if len(errs) == 0 {
		return pairs
	}
	kept := pairs[:0]
	for _, p := range pairs {
		bad := false
		for _, e := range errs {
			if p.Raw.Start <= e.Offset && e.Offset <= p.Raw.End {
				bad = true
				break
			}
		}
		if !bad {
			kept = append(kept, p)
		}
	}
	return kept
}

// parseError turns a diagnostic into a ParseError. The summary is a fixed
// phrase; the detail is kept only when it quotes nothing from the file and
// names no position.
func parseError(d *hcl.Diagnostic, n int) syntax.ParseError {
	e := syntax.ParseError{Offset: -1, Msg: unquote(d.Summary)}
	if d.Subject != nil && 0 <= d.Subject.Start.Byte && d.Subject.Start.Byte <= n {
		e.Offset = d.Subject.Start.Byte
	}
	detail := d.Detail
	for _, ld := range lexerDetails {
		if strings.HasPrefix(detail, ld.prefix) {
			detail = ld.text
		}
	}
	if detail != "" && !strings.ContainsAny(detail, "\"\x00") {
		if len(detail) > 1 && 'A' <= detail[0] && detail[0] <= 'Z' && 'a' <= detail[1] && detail[1] <= 'z' {
			detail = strings.ToLower(detail[:1]) + detail[1:]
		}
		e.Msg += ": " + strings.TrimSuffix(detail, ".")
	}
	e.Msg = strings.ToLower(e.Msg[:1]) + e.Msg[1:]
	return e
}

// lexerDetails are hclsyntax's fixed details about characters pasted
// in place of Terraform's quotes, which quote the characters (never the
// file) and would be dropped with those that do: what each says.
var lexerDetails = []struct{ prefix, text string }{
	{"Single quotes are not valid.", "single quotes are not valid; use double quotes"},
	{"\"Curly quotes\" are not valid", "typographic quotes are not valid; use straight double quotes"},
	{"The \"`\" character is not valid.", "back-ticks are not valid; use double quotes or a heredoc"},
	{"Quoted strings may not be split", "a quoted string cannot span lines; close the quote or use a heredoc"},
}

// unquote removes the quoted parts of a summary ("Unexpected \"x\" block"
// is "Unexpected block"): they are the file's text.
func unquote(s string) string {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			return strings.TrimSpace(s[:i])
		}
		s = strings.TrimRight(s[:i], " ") + s[i+1+j+1:]
	}
}

type reader struct {
	src    []byte
	pairs  []syntax.Pair
	scopes int
}

func (r *reader) newScope() int {
	r.scopes++
	return r.scopes
}

// span returns a range's bytes as a Span, or false when the range does
// not lie within the file (a partial AST after an error).
func (r *reader) span(rg hcl.Range) (syntax.Span, bool) {
	s := syntax.Span{Start: rg.Start.Byte, End: rg.End.Byte}
	return s, 0 <= s.Start && s.Start <= s.End && s.End <= len(r.src)
}

// body reads a file's or block's attributes and nested blocks.
func (r *reader) body(b *hclsyntax.Body, path []string) {
	scope := 0
	if path != nil {
		scope = r.newScope()
	}
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	// A block holding name = "X" and value = … (see namedValues) names
	// its value X, as a name/value object does.
	var nv struct{ name, value string }
	name, nameKey, named := "", syntax.Span{}, false
	for _, nv = range namedValues {
		if n, v := b.Attributes[nv.name], b.Attributes[nv.value]; n != nil && v != nil {
			name, nameKey, named = r.itemName(n.Expr)
			break
		}
	}
	for _, a := range attrs {
		key, ok := r.span(a.NameRange)
		if !ok || a.Name == "" {
			continue
		}
		switch {
		case isVariable(path) && a.Name == "default":
			// A variable's default is the variable's value: named by the
			// variable, as a .tfvars assignment of it is. An empty one,
			// like null or none, makes the variable optional: it holds
			// no value, the value is set elsewhere.
			if !emptyString(a.Expr) {
				r.value(path, key, a.Expr, scope)
			}
		case named && a.Name == nv.value:
			r.value(child(path, name), nameKey, a.Expr, scope)
		case named && a.Name == nv.name:
		default:
			r.value(child(path, a.Name), key, a.Expr, scope)
		}
	}
	for _, blk := range b.Blocks {
		if blk == nil || blk.Body == nil {
			continue
		}
		p := child(path, blk.Type)
		p = append(p, blk.Labels...)
		r.body(blk.Body, p)
	}
}

// namedValues are the attributes by which a block names the value beside
// the name: Kubernetes env blocks, helm_release set blocks,
// aws_ssm_parameter, azurerm_key_vault_secret (name, value); Vercel's and
// Netlify's environment variables, tag blocks (key, value); GitHub
// Actions, Codespaces and Dependabot secrets (secret_name,
// plaintext_value).
var namedValues = []struct{ name, value string }{
	{"name", "value"}, {"key", "value"}, {"secret_name", "plaintext_value"},
}

// isVariable reports the path of a top-level variable block:
// variable "postmark_server_token" { default = "…" }.
func isVariable(path []string) bool { return len(path) == 2 && path[0] == "variable" }

// emptyString reports the literal "".
func emptyString(e hclsyntax.Expression) bool {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return false
	}
	s, ok := stringOf(t.Parts[0])
	return ok && s == ""
}

// child returns path with seg appended, never sharing path's array.
func child(path []string, seg string) []string {
	return append(path[:len(path):len(path)], seg)
}

// value reads the expression assigned to the key at path.
func (r *reader) value(path []string, key syntax.Span, expr hclsyntax.Expression, scope int) {
	raw, ok := r.span(expr.Range())
	if !ok {
		return
	}
	p := syntax.Pair{Path: path, KeySpan: key, Raw: raw, Inner: raw, Scope: scope}
	switch x := expr.(type) {
	case *hclsyntax.TemplateExpr:
		if !r.quoted(&p) {
			return
		}
		if x.IsStringLiteral() {
			s, ok := stringOf(x.Parts[0])
			if !ok {
				return
			}
			p.Value = s
		} else {
			p.Value = string(r.src[p.Inner.Start:p.Inner.End])
			if !strings.Contains(p.Value, "${") {
				return
			}
		}
	case *hclsyntax.TemplateWrapExpr:
		if !r.quoted(&p) {
			return
		}
		p.Value = string(r.src[p.Inner.Start:p.Inner.End])
	case *hclsyntax.LiteralValueExpr:
		v := x.Val
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number && v.Type() != cty.Bool {
			return
		}
		p.Value = string(r.src[raw.Start:raw.End])
	case *hclsyntax.TupleConsExpr:
		inner := r.newScope()
		for i, item := range x.Exprs {
			r.value(child(path, syntax.Index(i)), key, item, inner)
		}
		return
	case *hclsyntax.ObjectConsExpr:
		r.object(path, key, x)
		return
	case *hclsyntax.FunctionCallExpr:
		if dataFunctions[x.Name] {
			for _, arg := range x.Args {
				r.value(path, key, arg, scope)
			}
		}
		return
	default:
		return
	}
	r.pairs = append(r.pairs, p)
}

// dataFunctions are the functions whose arguments are the attribute's data:
// container_definitions = jsonencode([{ environment = [...] }]) holds its
// values in the file. Other calls (file("path"), lookup(...)) compute a
// value the file does not hold, and are skipped.
var dataFunctions = map[string]bool{
	"jsonencode": true, "yamlencode": true, "tomap": true, "tolist": true, "toset": true,
	"merge": true, "concat": true, "sensitive": true, "nonsensitive": true, "tostring": true,
}

// quoted sets a template's quoting and Inner from its bytes: a quoted
// string or a heredoc. It reports false for anything else.
func (r *reader) quoted(p *syntax.Pair) bool {
	text := r.src[p.Raw.Start:p.Raw.End]
	switch {
	case len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"':
		if escaped(text[1 : len(text)-1]) {
			return false // `"\"` after an error: the last quote is escaped
		}
		p.Quote = syntax.DoubleQuoted
		p.Inner = syntax.Span{Start: p.Raw.Start + 1, End: p.Raw.End - 1}
	case len(text) > 2 && text[0] == '<' && text[1] == '<':
		// The body runs from the line after "<<EOT" to the start of the
		// closing marker's line.
		open := strings.IndexByte(string(text), '\n')
		close := strings.LastIndexByte(string(text), '\n')
		if open < 0 {
			return false
		}
		p.Quote = syntax.LiteralBlock
		p.Inner = syntax.Span{Start: p.Raw.Start + open + 1, End: p.Raw.Start + close + 1}
	default:
		return false
	}
	return true
}

// escaped reports whether s ends in an odd run of backslashes, which
// escape the quote after it.
func escaped(s []byte) bool {
	n := 0
	for n < len(s) && s[len(s)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// stringOf returns a string literal's decoded value.
func stringOf(e hclsyntax.Expression) (string, bool) {
	lit, ok := e.(*hclsyntax.LiteralValueExpr)
	if !ok || !lit.Val.IsKnown() || lit.Val.IsNull() || lit.Val.Type() != cty.String {
		return "", false
	}
	return lit.Val.AsString(), true
}

// object reads an object constructor: one pair per literal member under
// its key, or a single pair named after `name` for a name/value item.
func (r *reader) object(path []string, key syntax.Span, o *hclsyntax.ObjectConsExpr) {
	scope := r.newScope()
	type member struct {
		name string
		key  syntax.Span
		val  hclsyntax.Expression
	}
	var members []member
	name, value := -1, -1
	hasValueFrom := false
	for _, it := range o.Items {
		k, ks, ok := r.objectKey(it.KeyExpr)
		if !ok {
			continue
		}
		switch k {
		case "name":
			name = len(members)
		case "value":
			value = len(members)
		case "valueFrom":
			hasValueFrom = true
		}
		members = append(members, member{k, ks, it.ValueExpr})
	}
	if name >= 0 {
		if s, nk, ok := r.itemName(members[name].val); ok {
			switch {
			case value >= 0:
				r.value(child(path, s), nk, members[value].val, scope)
				return
			case hasValueFrom:
				return // the value is kept elsewhere
			}
		}
	}
	for _, m := range members {
		r.value(child(path, m.name), m.key, m.val, scope)
	}
}

// itemName returns the name an item's name member or attribute gives its
// value, a non-empty quoted string literal, and the span between its
// quotes.
func (r *reader) itemName(e hclsyntax.Expression) (string, syntax.Span, bool) {
	n, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || !n.IsStringLiteral() {
		return "", syntax.Span{}, false
	}
	s, ok1 := stringOf(n.Parts[0])
	nk, ok2 := r.span(n.Range())
	p := syntax.Pair{Raw: nk}
	if !ok1 || !ok2 || s == "" || !r.quoted(&p) {
		return "", syntax.Span{}, false
	}
	return s, p.Inner, true
}

// objectKey returns an object member's key: a bare name or a quoted
// string literal. Expressions as keys ((var.x) = …) yield false.
func (r *reader) objectKey(e hclsyntax.Expression) (string, syntax.Span, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if k.ForceNonLiteral {
			return "", syntax.Span{}, false
		}
		e = k.Wrapped
	}
	sp, ok := r.span(e.Range())
	if !ok || sp.Len() == 0 {
		return "", sp, false
	}
	if name := hcl.ExprAsKeyword(e); name != "" {
		return name, sp, true
	}
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return "", sp, false
	}
	s, ok := stringOf(t.Parts[0])
	p := syntax.Pair{Raw: sp}
	if !ok || s == "" || !r.quoted(&p) || p.Quote != syntax.DoubleQuoted || p.Inner.Len() == 0 {
		return "", sp, false
	}
	return s, p.Inner, true
}
