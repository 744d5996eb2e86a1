package lint

import (
	"path"
	"strings"
)

// Env is the environment an entry belongs to.
type Env uint8

const (
	EnvUnknown Env = iota
	EnvProduction
	EnvStaging
	EnvDevelopment
	EnvTest
	EnvExample
)

func (e Env) String() string {
	return [...]string{"unknown", "production", "staging", "development", "test", "example"}[e]
}

// Lower is the severity of a finding of a rule that follows the
// environment: as listed in production, staging and unknown environments,
// an error is a warning and anything else silent in development and test,
// and nothing is reported in example files. Fake values are normal where
// no mail is sent.
func (e Env) Lower(s Severity) Severity {
	switch e {
	case EnvDevelopment, EnvTest:
		if s == Error {
			return Warning
		}
		return Silent
	case EnvExample:
		return Silent
	}
	return s
}

// envWords maps each word that names an environment to it.
var envWords = map[string]Env{
	"production": EnvProduction, "prod": EnvProduction, "prd": EnvProduction, "live": EnvProduction,
	"staging": EnvStaging, "stage": EnvStaging, "stg": EnvStaging, "preprod": EnvStaging, "uat": EnvStaging,
	"development": EnvDevelopment, "dev": EnvDevelopment, "local": EnvDevelopment,
	"test": EnvTest, "testing": EnvTest, "ci": EnvTest,
	"example": EnvExample, "sample": EnvExample, "dist": EnvExample, "template": EnvExample, "tpl": EnvExample,
}

// envOfWords returns the environment the words of a name say, or
// EnvUnknown. Template words never count here: a key named
// POSTMARK_TEMPLATE_ID is not an example file. In a file name the first
// environment word wins, except "local", which only says development when
// nothing else does: .env.production.local and .env.local.prod are
// production's local override, .env.local alone is development. Elsewhere
// a name that says two environments says none (a GitHub Actions
// environment written as "main && 'production' || 'staging'").
func envOfWords(words []string, firstWins bool) Env {
	found := EnvUnknown
	for _, w := range words {
		if firstWins && w == "local" {
			found = EnvDevelopment
			continue
		}
		if e, ok := envWords[w]; ok && e != EnvExample && e != found {
			if firstWins {
				return e
			}
			if found != EnvUnknown {
				return EnvUnknown
			}
			found = e
		}
	}
	return found
}

// EnvOfName returns the environment that a key, section or secret name
// claims: PROD_POSTMARK_TOKEN, POSTMARK_STAGING_TOKEN, [env.production].
func EnvOfName(name string) Env { return envOfWords(Words(name), false) }

// EnvOfPath infers a file's environment from its name, then from the
// folders it sits in (docs/entries.md, Environments, steps 5 and 6).
func EnvOfPath(p string) Env {
	p = strings.ReplaceAll(p, `\`, "/")
	base := path.Base(p)
	if e := envOfFileName(base); e != EnvUnknown {
		return e
	}
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		// A folder counts only when its whole name is one environment
		// word: prod/, staging/, overlays/stage/; not testdata/ or test-utils/.
		name := strings.ToLower(strings.TrimLeft(path.Base(dir), "."))
		if e, ok := envWords[name]; ok && e != EnvExample {
			return e
		}
		dir = path.Dir(dir)
	}
	return EnvUnknown
}

func envOfFileName(base string) Env {
	lower := strings.ToLower(base)
	words := Words(lower)
	// Templates first: .env.production.example is an example.
	if hasWord(words, "example", "sample", "dist", "template", "tpl") {
		return EnvExample
	}
	// The format's own extension is not an environment word, but the rest
	// of the name is: values-prod.yaml, config.staging.toml, .env.local.
	return envOfWords(words, true)
}

func hasWord(words []string, want ...string) bool {
	for _, w := range words {
		for _, x := range want {
			if w == x {
				return true
			}
		}
	}
	return false
}

// Words splits a name into lower-case words at punctuation, digits and
// camelCase humps: "POSTMARK_API_TOKEN", "postmark.serverToken",
// "X-Postmark-Server-Token", "values-prod.yaml".
func Words(s string) []string {
	var words []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(s[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isLower, isUpper := 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z'
		switch {
		case isUpper:
			// A hump: serverToken -> server|Token; but APIToken -> API|Token.
			if start >= 0 && i > 0 {
				prev := s[i-1]
				nextLower := i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z'
				if 'a' <= prev && prev <= 'z' || ('A' <= prev && prev <= 'Z' && nextLower) {
					flush(i)
				}
			}
			if start < 0 {
				start = i
			}
		case isLower:
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(s))
	return words
}

// FamilyKey removes the environment words from a file name, keeping its
// separators' positions: ".env.production" and ".env.staging" both give
// ".env"; "values-prod.yaml" and "values-staging.yaml" give "values.yaml".
func FamilyKey(base string) string {
	var kept []string
	for _, part := range strings.FieldsFunc(strings.ToLower(base), func(r rune) bool {
		return r == '.' || r == '-' || r == '_'
	}) {
		if e, ok := envWords[part]; !ok || e == EnvExample {
			kept = append(kept, part)
		}
	}
	key := strings.Join(kept, ".")
	if strings.HasPrefix(base, ".") {
		key = "." + key
	}
	return key
}
