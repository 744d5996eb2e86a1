package lint

import "strings"

// reference reports whether a value as written refers to a secret instead
// of holding it, and the name it refers to where one can be read:
// ${VAR}, $VAR, ${{ secrets.X }}, #{X}#, {{ ... }}, <%= ENV['X'] %>, %env(X)%,
// env(X), !ENV, ENC[...] (sops), and secret manager addresses such as
// op://vault/item/field.
func reference(raw, tag string) (bool, string) {
	if tag == "!ENV" {
		return true, refName(raw)
	}
	switch {
	case strings.Contains(raw, "${{"):
		return true, refName(between(raw, "${{", "}}"))
	case strings.Contains(raw, "#{"):
		// Release pipelines' token replacement (#{PostmarkToken}#) and
		// Ruby's interpolation ("#{ENV['X']}").
		return true, refName(between(raw, "#{", "}"))
	case strings.Contains(raw, "{{") || strings.Contains(raw, "{%"):
		return true, refName(between(raw, "{{", "}}"))
	case strings.Contains(raw, "<%"):
		return true, refName(between(raw, "<%", "%>"))
	case strings.Contains(raw, "%env("):
		return true, refName(between(raw, "%env(", ")%"))
	case strings.HasPrefix(raw, "env("):
		return true, refName(between(raw, "env(", ")"))
	case strings.HasPrefix(raw, "ENC["):
		return true, ""
	}
	// Secret managers: 1Password, Vault, AWS, Google, Azure.
	for _, prefix := range secretManagers {
		if rest, ok := strings.CutPrefix(raw, prefix); ok {
			return true, rest
		}
	}
	if i := strings.IndexByte(raw, '$'); i >= 0 && i+1 < len(raw) {
		rest := raw[i+1:]
		if rest[0] == '{' {
			// The name ends at a colon: ${X:-default}, ${X:?message} in
			// shells and compose, ${X:default} in Spring.
			name, _, _ := strings.Cut(between(rest, "{", "}"), ":")
			return true, refName(name)
		}
		if isNameStart(rest[0]) {
			return true, refName(rest)
		}
	}
	return false, ""
}

var secretManagers = []string{
	"op://", "vault:", "arn:aws:secretsmanager:", "arn:aws:ssm:", "sm://", "gcp-secret://",
	"@Microsoft.KeyVault(",
}

// between returns the text after open up to close (or the end).
func between(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return s
	}
	s = s[i+len(open):]
	if j := strings.Index(s, close); j >= 0 {
		s = s[:j]
	}
	return s
}

// refName picks the variable name out of a reference's inside: the last
// identifier-like run that looks like a name, so "secrets.POSTMARK_TOKEN",
// "ENV['POSTMARK_API_KEY']", "ENV.fetch(\"X\")", "resolve:X" and
// "X:-default" all give their variable.
func refName(s string) string {
	if i := strings.Index(s, ":-"); i >= 0 {
		s = s[:i]
	}
	best := ""
	for i := 0; i < len(s); {
		if !isNameStart(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && (isNameStart(s[j]) || '0' <= s[j] && s[j] <= '9') {
			j++
		}
		switch w := s[i:j]; w {
		case "secrets", "vars", "env", "ENV", "fetch", "resolve", "inputs", "getenv", "os", "environ":
		default:
			best = w
		}
		i = j
	}
	return best
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
