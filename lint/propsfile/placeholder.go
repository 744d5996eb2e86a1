package propsfile

// Default returns the default of a Spring placeholder that is the whole
// value, "${NAME:default}": the value Spring uses when NAME is not set.
// off is the byte offset of def in value. The default runs from the first
// colon to the closing brace; braces nest as Spring's
// PropertyPlaceholderHelper counts them, so a nested placeholder
// ("${A:${B:x}}") is returned as written and Default applies to it again.
// ok is false when value is not exactly one placeholder with a default
// (text around it, no colon, an unclosed brace).
func Default(value string) (def string, off int, ok bool) {
	if len(value) < 3 || value[0] != '$' || value[1] != '{' {
		return "", 0, false
	}
	depth, colon := 0, -1
	for i := 2; i < len(value); i++ {
		switch value[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
				continue
			}
			if i != len(value)-1 || colon < 0 {
				return "", 0, false
			}
			return value[colon+1 : i], colon + 1, true
		case ':':
			if depth == 0 && colon < 0 {
				colon = i
			}
		}
	}
	return "", 0, false
}
