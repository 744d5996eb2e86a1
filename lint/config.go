package lint

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// ConfigName is the configuration file looked for from the working
// directory up to the repository root.
const ConfigName = ".postmarklint.yaml"

// Config is a .postmarklint.yaml. It tunes rules, environments, extra key
// names and ignored paths; nothing in it can change where tokens are sent.
type Config struct {
	Path   string              // the file it was read from
	Rules  map[string]Severity // Silent turns a rule off
	Envs   []EnvGlob
	Keys   []string
	Ignore []string

	dir string // globs are relative to the config file's folder
	wd  string // the working directory that relative paths start from
}

// EnvGlob assigns an environment to the paths a glob matches.
type EnvGlob struct {
	Glob string
	Env  Env
}

// ParseConfig reads and checks a configuration file's bytes. file is the
// file as messages show it, dir its folder and wd the working directory
// (globs are relative to dir; linted paths to wd), both absolute.
// knownRule says which rule ids exist. Errors name the file, line and
// column.
func ParseConfig(file string, src []byte, dir, wd string, knownRule func(string) bool) (*Config, error) {
	c := &Config{Path: file, Rules: map[string]Severity{}, dir: dir, wd: wd}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, configSyntaxError(file, src, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, configError(file, root, "the config file must be a mapping with rules, environments, keys or ignore")
	}
	if err := noDuplicateKeys(file, root, "key"); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "rules":
			err = c.readRules(v, knownRule)
		case "environments":
			err = c.readEnvs(v)
		case "keys":
			c.Keys, err = c.strings(v, "keys")
		case "ignore":
			c.Ignore, err = c.strings(v, "ignore")
			for _, g := range c.Ignore {
				if err == nil && !validGlob(g) {
					err = configError(file, v, fmt.Sprintf("bad glob %q in ignore", g))
				}
			}
		default:
			err = configError(file, k, fmt.Sprintf("unknown key %q (want rules, environments, keys or ignore)", k.Value))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// yamlLine is the "yaml: line N: " that yaml.v3 starts a syntax error with.
var yamlLine = regexp.MustCompile(`^yaml: (line [0-9]+: )?`)

// configSyntaxError places a decoder error at a line and column. yaml.v3
// names only a line, and for some errors the line before the one at fault
// or the line where the enclosing mapping starts; the line at fault is the
// first one that the decoder, reading the file only up to it, fails at
// with the same error. The column is where that line's text starts (a tab
// there, which YAML refuses as indentation, included).
func configSyntaxError(file string, src []byte, err error) error {
	f := &File{Src: src}
	at := len(src)
	if lines := lineStarts(src); len(lines) <= maxConfigLines {
		for _, end := range append(lines[1:], len(src)) {
			var doc yaml.Node
			if e := yaml.Unmarshal(src[:end], &doc); e != nil && e.Error() == err.Error() {
				at = f.LineStart(f.Pos(max(0, end-1)).Line)
				break
			}
		}
	}
	for at < len(src) && src[at] == ' ' {
		at++
	}
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	// A flow mapping or sequence that is never closed: yaml.v3 names the
	// line where it gave up; the bracket that is not closed is the place
	// to fix.
	for _, closer := range []byte("}]") {
		if strings.HasSuffix(msg, "expected ',' or '"+string(closer)+"'") {
			end := at + bytes.IndexByte(append(src[at:len(src):len(src)], '\n'), '\n')
			if open := unclosedBracket(src[:end], closer); open >= 0 {
				at = open
				msg = fmt.Sprintf("'%c' is not closed: %s", src[open], msg)
			}
		}
	}
	pos := f.Pos(at)
	return fmt.Errorf("%s:%d:%d: %s", file, pos.Line, pos.Column, RedactText(msg))
}

// unclosedBracket returns the offset of the last flow bracket in src that
// is still open at its end, if it is the one that closer would close; or
// -1. Quoted strings and comments are skipped, roughly as YAML reads them.
func unclosedBracket(src []byte, closer byte) int {
	var open []int
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '{', '[':
			open = append(open, i)
		case '}', ']':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case '\'', '"':
			// To the closing quote ('' is a quote inside single quotes,
			// and the next one closes nothing: the scan just goes on).
			for i++; i < len(src) && src[i] != c; i++ {
				if c == '"' && src[i] == '\\' {
					i++
				}
			}
		case '#':
			if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		}
	}
	if len(open) == 0 {
		return -1
	}
	last := open[len(open)-1]
	if src[last] == '{' && closer == '}' || src[last] == '[' && closer == ']' {
		return last
	}
	return -1
}

// maxConfigLines bounds the re-reading that configSyntaxError does: a
// configuration file is a few dozen lines.
const maxConfigLines = 2000

func configError(file string, n *yaml.Node, msg string) error {
	return fmt.Errorf("%s:%d:%d: %s", file, n.Line, n.Column, msg)
}

// noDuplicateKeys refuses a mapping that sets one key twice, at the second:
// yaml.v3 keeps both in a node, and which one counts would be a guess.
func noDuplicateKeys(file string, n *yaml.Node, what string) error {
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if f, ok := first[k.Value]; ok {
			return configError(file, k, fmt.Sprintf("duplicate %s %q (first at %d:%d)", what, k.Value, f.Line, f.Column))
		}
		first[k.Value] = k
	}
	return nil
}

func (c *Config) readRules(n *yaml.Node, knownRule func(string) bool) error {
	if n.Kind != yaml.MappingNode {
		return configError(c.Path, n, "rules must map rule ids to error, warning, info or off")
	}
	if err := noDuplicateKeys(c.Path, n, "rule"); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !knownRule(k.Value) {
			return configError(c.Path, k, fmt.Sprintf("unknown rule %q (postmarklint rules lists them)", k.Value))
		}
		// YAML 1.1 readers take a bare off for false; accept both spellings.
		val := v.Value
		if v.Tag == "!!bool" && (val == "false" || val == "off") {
			val = "off"
		}
		sev, err := ParseSeverity(val)
		if err != nil || v.Kind != yaml.ScalarNode {
			return configError(c.Path, v, fmt.Sprintf("rule %s: want error, warning, info or off", k.Value))
		}
		c.Rules[k.Value] = sev
	}
	return nil
}

func (c *Config) readEnvs(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return configError(c.Path, n, "environments must map globs to production, staging, development, test or example")
	}
	if err := noDuplicateKeys(c.Path, n, "glob"); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !validGlob(k.Value) {
			return configError(c.Path, k, fmt.Sprintf("bad glob %q", k.Value))
		}
		env, ok := parseEnv(v.Value)
		if !ok || v.Kind != yaml.ScalarNode {
			return configError(c.Path, v, fmt.Sprintf("unknown environment %q (want production, staging, development, test or example, or a name such as prod, stage, dev or ci)", v.Value))
		}
		c.Envs = append(c.Envs, EnvGlob{Glob: k.Value, Env: env})
	}
	return nil
}

// parseEnv reads an environment by any name that file names know it by
// (prod, stage, dev, ci, sample...), in any case.
func parseEnv(s string) (Env, bool) {
	e, ok := envWords[strings.ToLower(s)]
	return e, ok
}

func (c *Config) strings(n *yaml.Node, what string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, configError(c.Path, n, what+" must be a list of strings")
	}
	var out []string
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			return nil, configError(c.Path, item, what+" must be a list of strings")
		}
		out = append(out, item.Value)
	}
	return out, nil
}

// Ignored reports whether a path matches one of the ignore globs.
func (c *Config) Ignored(p string) bool {
	if len(c.Ignore) == 0 {
		return false
	}
	rel := c.rel(p)
	for _, g := range c.Ignore {
		if matchGlob(g, rel) {
			return true
		}
	}
	return false
}

// EnvFor returns the environment of the first environments glob that
// matches the path.
func (c *Config) EnvFor(p string) (Env, bool) {
	if len(c.Envs) == 0 {
		return EnvUnknown, false
	}
	rel := c.rel(p)
	for _, g := range c.Envs {
		if matchGlob(g.Glob, rel) {
			return g.Env, true
		}
	}
	return EnvUnknown, false
}

// rel makes a path relative to the config file's folder, slash-separated.
func (c *Config) rel(p string) string {
	abs := filepath.FromSlash(p)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(c.wd, abs)
	}
	if rel, err := filepath.Rel(c.dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// matchGlob matches a slash-separated path against a glob whose segments
// are path.Match patterns and where "**" matches any number of folders. A
// glob without a slash matches the file name in any folder.
func matchGlob(glob, p string) bool {
	if !strings.Contains(glob, "/") {
		ok, _ := path.Match(glob, path.Base(p))
		return ok
	}
	return matchSegments(strings.Split(strings.TrimPrefix(glob, "/"), "/"), strings.Split(p, "/"))
}

func matchSegments(glob, segs []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(glob[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], segs[0]); !ok {
			return false
		}
		glob, segs = glob[1:], segs[1:]
	}
	return len(segs) == 0
}

func validGlob(g string) bool {
	if g == "" {
		return false
	}
	for seg := range strings.SplitSeq(g, "/") {
		if _, err := path.Match(seg, ""); errors.Is(err, path.ErrBadPattern) {
			return false
		}
	}
	return true
}
