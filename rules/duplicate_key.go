package rules

import "github.com/postmarklint/postmarklint/lint"

var DuplicateKey = &lint.Rule{
	ID:    "duplicate-key",
	Title: "Postmark key is assigned twice in one scope",
	Doc: `When a Postmark key is assigned twice in one .env file or one YAML mapping,
loaders disagree on which value wins, and whoever edits the first one is
editing a value that is never used. godotenv, docker compose and shells use
the last .env assignment; Go's yaml.v3 refuses a YAML mapping with a
duplicate key while Ruby's Psych and PyYAML use the last. (A duplicate TOML
key is a parse error.)`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=70faf36f-b78e-4a4f-aa39-4aba6a42ed19\nPOSTMARK_SERVER_TOKEN=0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\n",
		Good: "POSTMARK_SERVER_TOKEN=0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\n",
	}},
	CheckFile: checkDuplicates,
}

func checkDuplicates(p *lint.Pass) {
	if p.File.Format == lint.TOML {
		return // the loader refuses the file: parse-error says so
	}
	type scopedKey struct {
		scope int
		key   string
	}
	first := map[scopedKey]*lint.Entry{}
	for _, e := range p.File.Entries {
		k := scopedKey{e.Pair.Scope, e.Key}
		prev, seen := first[k]
		if !seen {
			first[k] = e
			continue
		}
		if prev.Pair.KeySpan == e.Pair.KeySpan {
			continue // one assignment reached twice through a YAML alias
		}
		p.Reportf(e, e.Pair.KeySpan, "%s is assigned twice (first on line %d); %s", e.Key, p.File.Pos(prev.Pair.KeySpan.Start).Line, whichWins(p.File, e))
	}
}

func whichWins(f *lint.File, e *lint.Entry) string {
	switch {
	case f.Format == lint.YAML && e.Pair.KeySpan.End < len(f.Src) && f.Src[e.Pair.KeySpan.End] == '=':
		// A KEY=VALUE item of a docker-compose environment list.
		return "docker compose uses this one"
	case f.Format == lint.YAML:
		return "Ruby and PyYAML use this one, Go's yaml.v3 refuses the file"
	}
	return "godotenv, docker compose and shells use this one"
}
