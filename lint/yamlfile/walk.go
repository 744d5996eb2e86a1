package yamlfile

import (
	"fmt"

	"github.com/postmarklint/postmarklint/lint/syntax"
	yaml "go.yaml.in/yaml/v3"
)

const (
	// maxDepth bounds how deep the walker descends (mappings, sequences
	// and alias expansions together). yaml.v3 refuses more than 10,000
	// nested levels of text, but aliases can nest further without more
	// text, and the walker recurses.
	maxDepth = 10000

	// maxAliasWork bounds the nodes visited and pairs emitted through
	// aliases and merge keys. A "billion laughs" file of 9 levels of 9
	// aliases expands to 9^9 nodes from a few hundred bytes; real
	// configuration files expand to a few hundred. Each pair costs about
	// 200 bytes with its key path, so 100,000 keeps a bomb's peak heap in
	// the tens of megabytes (TestAliasBombMemory in cmd/postmarklint).
	maxAliasWork = 100000
)

// walker turns the node trees of one stream into pairs.
type walker struct {
	src   []byte
	idx   *lineIndex
	spans map[*yaml.Node]scalarSpan

	pairs []syntax.Pair
	errs  []syntax.ParseError

	scopes    int
	inAlias   int                 // > 0 while expanding an alias or merged map
	aliasWork int                 // nodes visited while inAlias > 0
	active    map[*yaml.Node]bool // anchored collections being walked (cycle guard)
	cycleSeen bool
	stopped   bool

	nextReserve int // offset into src at which reserve next estimates
}

func newWalker(src []byte, idx *lineIndex) *walker {
	return &walker{src: src, idx: idx, spans: map[*yaml.Node]scalarSpan{}, active: map[*yaml.Node]bool{}}
}

// reserve grows the pairs slice ahead of the walk, done bytes into the
// file. The pairs array is a large file's largest live object, and
// append, growing it by a quarter at a time, allocates it about five
// times over. At 1/16, 1/8, 1/4 and 1/2 of the file the capacity is set
// to what the file needs at the density seen so far, plus an eighth.
func (w *walker) reserve(done int) {
	if w.nextReserve == 0 {
		w.nextReserve = max(len(w.src)/16, 1)
	}
	if done < w.nextReserve || w.nextReserve > len(w.src)/2 {
		return
	}
	for w.nextReserve <= done {
		w.nextReserve *= 2
	}
	n := int(int64(len(w.pairs)) * int64(len(w.src)) / int64(done))
	if n += n / 8; n > cap(w.pairs) {
		w.pairs = append(make([]syntax.Pair, 0, n), w.pairs...)
	}
}

// entry is one key/value of a mapping after merge keys are resolved.
type entry struct {
	key, val *yaml.Node
	merged   bool // came in through an alias in a merge key
}

func (w *walker) document(doc *yaml.Node) {
	if doc.Kind != yaml.DocumentNode {
		return
	}
	for _, c := range doc.Content {
		w.collection(c, nil, "", 1)
	}
}

func (w *walker) newScope() int {
	w.scopes++
	return w.scopes
}

// stop ends the walk once a bound is hit; pairs found so far are kept.
func (w *walker) stop(msg string) {
	if !w.stopped {
		w.stopped = true
		w.errs = append(w.errs, syntax.ParseError{Offset: -1, Msg: msg})
	}
}

// tick accounts for one node visit and reports whether to go on.
func (w *walker) tick(depth int) bool {
	if w.stopped {
		return false
	}
	if depth > maxDepth {
		w.stop(fmt.Sprintf("nesting deeper than %d levels; the rest of the file was not read", maxDepth))
		return false
	}
	if w.inAlias > 0 {
		w.aliasWork++
		if w.aliasWork > maxAliasWork {
			w.stop(fmt.Sprintf("aliases expand to more than %d nodes; the rest of the file was not read", maxAliasWork))
			return false
		}
	}
	return true
}

// enter guards against alias cycles: yaml.v3 builds a cyclic node graph
// for `&a [*a]` without complaint when decoding into yaml.Node. Only
// anchored nodes can be reached twice, so only they are tracked.
func (w *walker) enter(n *yaml.Node) bool {
	if n.Anchor == "" {
		return true
	}
	if w.active[n] {
		w.cycle(n)
		return false
	}
	w.active[n] = true
	return true
}

func (w *walker) leave(n *yaml.Node) {
	if n.Anchor != "" {
		delete(w.active, n)
	}
}

func (w *walker) cycle(n *yaml.Node) {
	if w.cycleSeen {
		return
	}
	w.cycleSeen = true
	w.errs = append(w.errs, syntax.ParseError{
		Offset: w.idx.offset(n.Line, n.Column),
		Msg:    "an alias refers to a node that contains it; that expansion was skipped",
	})
}

// deref calls fn with n, or with the node an alias n refers to, counting
// the expansion against the alias budget.
func (w *walker) deref(n *yaml.Node, depth int, fn func(*yaml.Node)) {
	if n.Kind != yaml.AliasNode {
		fn(n)
		return
	}
	if n.Alias == nil {
		return
	}
	w.inAlias++
	if w.tick(depth) {
		fn(n.Alias)
	}
	w.inAlias--
}

// collection walks a mapping or sequence (through an alias) at path.
func (w *walker) collection(n *yaml.Node, path *keyPath, hint string, depth int) {
	w.deref(n, depth, func(t *yaml.Node) {
		switch t.Kind {
		case yaml.MappingNode:
			w.mapping(t, path, hint, depth)
		case yaml.SequenceNode:
			w.sequence(t, path, hint, depth)
		}
	})
}

func (w *walker) mapping(m *yaml.Node, path *keyPath, hint string, depth int) {
	if !w.tick(depth) || !w.enter(m) {
		return
	}
	defer w.leave(m)
	entries := w.entries(m, depth)
	scope := w.newScope()
	if h, ok := envHint(entries); ok {
		hint = h
	}
	w.mapEntries(entries, path, scope, hint, depth)
}

// mapEntries walks the entries of one mapping (or, in a chunked decode,
// of one chunk of it) whose scope and hint are already known.
func (w *walker) mapEntries(entries []entry, path *keyPath, scope int, hint string, depth int) {
	for _, e := range entries {
		if w.stopped {
			return
		}
		k := scalarOf(e.key)
		if k == nil {
			continue // complex keys carry no name to report
		}
		p := path.child(k.Value)
		if e.merged {
			w.inAlias++
		}
		w.deref(e.val, depth+1, func(v *yaml.Node) {
			if v.Kind == yaml.ScalarNode {
				w.emit(p, w.keySpan(e.key), v, e.key, scope, hint)
				return
			}
			w.collection(v, p, hint, depth+1)
		})
		if e.merged {
			w.inAlias--
		}
	}
}

func (w *walker) sequence(s *yaml.Node, path *keyPath, hint string, depth int) {
	if !w.tick(depth) || !w.enter(s) {
		return
	}
	defer w.leave(s)
	w.items(s.Content, 0, path, w.listScope(), hint, depth)
}

// listScope returns the scope of one list's KEY=VALUE and Kubernetes
// name/value items, which are siblings like the keys of a mapping. The
// number is taken when first needed, so lists without such items use none.
func (w *walker) listScope() func() int {
	n := 0
	return func() int {
		if n == 0 {
			n = w.newScope()
		}
		return n
	}
}

// items walks the items of one sequence (or, in a chunked decode, of one
// chunk of it); first is the index of items[0] in the whole sequence.
func (w *walker) items(items []*yaml.Node, first int, path *keyPath, scope func() int, hint string, depth int) {
	for j, item := range items {
		if w.stopped {
			return
		}
		i := first + j
		w.deref(item, depth+1, func(t *yaml.Node) {
			switch t.Kind {
			case yaml.ScalarNode:
				w.envItem(t, path, scope, hint)
			case yaml.MappingNode:
				if !w.k8sItem(t, path, scope, hint) {
					w.mapping(t, path.child(syntax.Index(i)), hint, depth+1)
				}
			case yaml.SequenceNode:
				w.sequence(t, path.child(syntax.Index(i)), hint, depth+1)
			}
		})
	}
}

// emit records one pair whose value is the scalar v. key is the key node
// as written (maybe an alias), used to place an empty value.
func (w *walker) emit(path *keyPath, keySpan syntax.Span, v, key *yaml.Node, scope int, hint string) {
	if !w.tick(0) {
		return
	}
	sp := w.span(v)
	if sp.empty {
		at := w.afterColon(key)
		sp.raw = syntax.Span{Start: at, End: at}
		sp.inner = sp.raw
	}
	w.pairs = append(w.pairs, syntax.Pair{
		Path:    path.segments(),
		KeySpan: keySpan,
		Raw:     sp.raw,
		Inner:   sp.inner,
		Quote:   quoteOf(v),
		Value:   effectiveValue(v),
		Scope:   scope,
		Tag:     sp.tag,
		EnvHint: hint,
	})
}

// effectiveValue is what the decoder yields for a scalar, as a string: a
// null (`~`, `null`, nothing) is "".
func effectiveValue(v *yaml.Node) string {
	if v.ShortTag() == "!!null" {
		return ""
	}
	return v.Value
}

// span returns (and remembers) where a scalar node's bytes are.
func (w *walker) span(n *yaml.Node) scalarSpan {
	if sp, ok := w.spans[n]; ok {
		return sp
	}
	sp := scanScalar(w.src, w.idx.offset(n.Line, n.Column), n)
	if n.Anchor != "" || w.inAlias > 0 {
		// Only nodes reached through aliases are scanned again; keeping
		// every scalar here would keep the whole node tree alive.
		w.spans[n] = sp
	}
	return sp
}

// keySpan is the span of a key's text, without quotes for quoted keys.
// An aliased key's span is its anchor's.
func (w *walker) keySpan(key *yaml.Node) syntax.Span {
	k := scalarOf(key)
	if k == nil {
		return syntax.Span{}
	}
	return w.span(k).inner
}

// afterColon returns the offset just after the ':' that follows key, the
// place of an empty value. yaml.v3's mark for an empty value is not
// reliable (in a flow mapping it points at the next ','). Without a colon
// (`{a, b}`, `? a`), it is the end of the key.
func (w *walker) afterColon(key *yaml.Node) int {
	end := w.idx.offset(key.Line, key.Column)
	switch key.Kind {
	case yaml.AliasNode:
		end = min(end+1+len(key.Value), len(w.src))
	case yaml.ScalarNode:
		end = w.span(key).raw.End
	}
	q := skipSpaceAndComments(w.src, end)
	if q < len(w.src) && w.src[q] == ':' {
		return q + 1
	}
	return end
}

// scalarOf resolves an alias and returns the scalar it names, or nil.
func scalarOf(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	return n
}

// keyPath is a key path as a linked list from the leaf up: descending a
// level costs O(1) however deep the file nests, and a pair's []string is
// built only when the pair is emitted.
type keyPath struct {
	parent *keyPath
	seg    string
	n      int // number of segments
}

func (p *keyPath) child(seg string) *keyPath {
	n := 1
	if p != nil {
		n = p.n + 1
	}
	return &keyPath{parent: p, seg: seg, n: n}
}

// segments returns the path as a new slice (pairs never share one).
func (p *keyPath) segments() []string {
	if p == nil {
		return []string{}
	}
	out := make([]string, p.n)
	for q := p; q != nil; q = q.parent {
		out[q.n-1] = q.seg
	}
	return out
}

// envHint finds a GitHub Actions style `environment: production` or
// `environment: {name: production}` among a mapping's entries.
func envHint(entries []entry) (string, bool) {
	for _, e := range entries {
		k := scalarOf(e.key)
		if k == nil || k.Value != "environment" {
			continue
		}
		v := e.val
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		if v == nil {
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			if s := effectiveValue(v); s != "" {
				return s, true
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(v.Content); i += 2 {
				if nk := scalarOf(v.Content[i]); nk != nil && nk.Value == "name" {
					if nv := scalarOf(v.Content[i+1]); nv != nil && effectiveValue(nv) != "" {
						return effectiveValue(nv), true
					}
				}
			}
		}
	}
	return "", false
}
