package yamlfile

import yaml "go.yaml.in/yaml/v3"

// entries lists a mapping's key/value pairs with merge keys (`<<: *a`,
// `<<: [*a, *b]`) resolved the way the yaml.v3 decoder resolves them:
// only the last valid merge key counts, the mapping's own keys win over
// merged ones, and among merged maps the earlier one wins. Merged entries
// take the place of the merge key so pairs stay roughly in source order.
// A merge key whose value is not a map (or list of maps) is kept as an
// ordinary key: the decoder would refuse the file, but its value may
// still be a token worth reporting.
func (w *walker) entries(m *yaml.Node, depth int) []entry {
	mergeAt := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMergeKey(m.Content[i]) && isMergeable(m.Content[i+1]) {
			mergeAt = i
		}
	}
	out := make([]entry, 0, len(m.Content)/2)
	if mergeAt < 0 {
		for i := 0; i+1 < len(m.Content); i += 2 {
			out = append(out, entry{key: m.Content[i], val: m.Content[i+1]})
		}
		return out
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if isMergeKey(k) && isMergeable(v) {
			continue
		}
		if id, ok := keyID(k); ok {
			seen[id] = true
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if isMergeKey(k) && isMergeable(v) {
			if i == mergeAt {
				out = w.merge(out, seen, v, depth+1)
			}
			continue
		}
		out = append(out, entry{key: k, val: v})
	}
	return out
}

// merge appends the entries of the map(s) named by a merge value.
func (w *walker) merge(out []entry, seen map[string]bool, v *yaml.Node, depth int) []entry {
	switch v.Kind {
	case yaml.SequenceNode:
		for _, it := range v.Content {
			out = w.merge(out, seen, it, depth)
		}
	case yaml.AliasNode:
		t := v.Alias
		if t == nil {
			return out
		}
		if w.active[t] {
			w.cycle(v)
			return out
		}
		w.active[t] = true
		w.inAlias++
		out = w.mergeMap(out, seen, t, true, depth)
		w.inAlias--
		delete(w.active, t)
	case yaml.MappingNode:
		out = w.mergeMap(out, seen, v, false, depth)
	}
	return out
}

func (w *walker) mergeMap(out []entry, seen map[string]bool, m *yaml.Node, viaAlias bool, depth int) []entry {
	if !w.tick(depth) {
		return out
	}
	for _, e := range w.entries(m, depth) {
		if !w.tick(depth) {
			return out
		}
		if id, ok := keyID(e.key); ok {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		e.merged = e.merged || viaAlias
		out = append(out, e)
	}
	return out
}

// isMergeKey matches the decoder: a plain `<<` (resolved to !!merge).
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge"
}

// isMergeable reports a map, an alias of a map, or a list of those.
func isMergeable(v *yaml.Node) bool {
	switch v.Kind {
	case yaml.MappingNode:
		return true
	case yaml.AliasNode:
		return v.Alias != nil && v.Alias.Kind == yaml.MappingNode
	case yaml.SequenceNode:
		for _, it := range v.Content {
			if it.Kind != yaml.MappingNode && (it.Kind != yaml.AliasNode || it.Alias == nil || it.Alias.Kind != yaml.MappingNode) {
				return false
			}
		}
		return true
	}
	return false
}

// keyID identifies a scalar key the way the decoder compares keys, close
// enough: by resolved tag and text (all nulls are equal).
func keyID(k *yaml.Node) (string, bool) {
	s := scalarOf(k)
	if s == nil {
		return "", false
	}
	tag := s.ShortTag()
	if tag == "!!null" {
		return tag, true
	}
	return tag + "\x00" + s.Value, true
}
