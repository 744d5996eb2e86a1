package yamlfile

import (
	"strings"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

// envAssign is a `KEY=VALUE` or `export KEY=VALUE` string, as found in
// docker-compose `environment:` lists and Travis `env:` lists. Offsets
// are into the string.
type envAssign struct {
	keyStart, keyEnd int
	rawStart         int // VALUE, quotes included
	innerStart       int // VALUE without one pair of matching quotes
	innerEnd         int
	quote            syntax.Quote
}

// parseEnvAssign recognises KEY=VALUE where KEY matches
// [A-Za-z_][A-Za-z0-9_.]*, optionally after "export ".
func parseEnvAssign(s string) (envAssign, bool) {
	i := 0
	if strings.HasPrefix(s, "export") && len(s) > 6 && (s[6] == ' ' || s[6] == '\t') {
		i = 6
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	a := envAssign{keyStart: i}
	if i >= len(s) || !(isLetter(s[i]) || s[i] == '_') {
		return a, false
	}
	for i++; i < len(s) && (isLetter(s[i]) || isDigit(s[i]) || s[i] == '_' || s[i] == '.'); i++ {
	}
	if i >= len(s) || s[i] != '=' {
		return a, false
	}
	a.keyEnd = i
	a.rawStart, a.innerStart, a.innerEnd = i+1, i+1, len(s)
	if v := s[i+1:]; len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		a.innerStart++
		a.innerEnd--
		a.quote = syntax.DoubleQuoted
		if v[0] == '\'' {
			a.quote = syntax.SingleQuoted
		}
	}
	return a, true
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }

// isStringScalar excludes scalars the decoder reads as numbers, booleans,
// nulls and the like; custom tags (`!ENV`) still hold strings.
func isStringScalar(n *yaml.Node) bool {
	tag := n.ShortTag()
	return tag == "!!str" || !strings.HasPrefix(tag, "!!")
}

// envItem turns a KEY=VALUE list item into a pair named after KEY.
func (w *walker) envItem(t *yaml.Node, path *keyPath, scope func() int, hint string) {
	if !isStringScalar(t) {
		return
	}
	a, ok := parseEnvAssign(t.Value)
	if !ok || !w.tick(0) {
		return
	}
	sp := w.span(t)
	p := syntax.Pair{
		Path:    path.child(t.Value[a.keyStart:a.keyEnd]).segments(),
		Value:   t.Value[a.innerStart:a.innerEnd],
		Quote:   a.quote,
		Scope:   scope(),
		Tag:     sp.tag,
		EnvHint: hint,
	}
	if string(w.src[sp.inner.Start:sp.inner.End]) == t.Value {
		// The scalar's bytes are its value (plain, or quoted without
		// escapes or folding): offsets into the value are offsets into
		// the file.
		b := sp.inner.Start
		p.KeySpan = syntax.Span{Start: b + a.keyStart, End: b + a.keyEnd}
		p.Raw = syntax.Span{Start: b + a.rawStart, End: sp.inner.End}
		p.Inner = syntax.Span{Start: b + a.innerStart, End: b + a.innerEnd}
	} else {
		// Escapes or folding shift offsets: fall back to the whole
		// scalar, whose quoting Quote then describes.
		p.KeySpan, p.Raw, p.Inner, p.Quote = sp.inner, sp.raw, sp.inner, quoteOf(t)
	}
	w.pairs = append(w.pairs, p)
}

// k8sItem handles a Kubernetes env list item `{name: X, value: Y}`: one
// pair named X with Y's value. An item with `valueFrom:` and no `value:`
// holds no value in the file and yields nothing. It reports whether the
// item was handled; other mappings are walked normally.
func (w *walker) k8sItem(m *yaml.Node, path *keyPath, scope func() int, hint string) bool {
	var name, value, valueKey *yaml.Node
	hasValue, hasValueFrom := false, false
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := scalarOf(m.Content[i])
		if k == nil {
			continue
		}
		switch k.Value {
		case "name":
			name = scalarOf(m.Content[i+1])
		case "value":
			hasValue = true
			valueKey, value = m.Content[i], scalarOf(m.Content[i+1])
		case "valueFrom":
			hasValueFrom = true
		}
	}
	switch {
	case name == nil:
		return false
	case value != nil:
		w.emit(path.child(name.Value), w.span(name).inner, value, valueKey, scope(), hint)
		return true
	case hasValueFrom && !hasValue:
		return true
	}
	return false
}
