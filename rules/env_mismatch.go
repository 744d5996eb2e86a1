package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var EnvMismatch = &lint.Rule{
	ID:    "env-mismatch",
	Title: "Postmark token crosses environments",
	Doc: `Each environment should send through its own Postmark server, with its own
token. The rule fires when the same token value sits in two environments,
one of them production or staging (the staging token in production, one
token for both), and when an entry's key or the secret it refers to names
another environment than the one it sits in: POSTMARK_STAGING_TOKEN in
.env.production, ${{ secrets.POSTMARK_STAGING_TOKEN }} in a production job.
A shared token is reported on every linted entry that holds it, each pointing
at the other. Sibling files of the same family (.env.staging next to
.env.production) are read for the comparison even when only one of them is
linted.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=${POSTMARK_STAGING_TOKEN}\n",
		Good: "POSTMARK_SERVER_TOKEN=${POSTMARK_PRODUCTION_TOKEN}\n",
	}, {
		File: "wrangler.toml",
		Bad:  "[env.staging.vars]\nPOSTMARK_TOKEN = \"2e012631-9a72-480d-908a-3e291dd257d5\"\n[env.production.vars]\nPOSTMARK_TOKEN = \"2e012631-9a72-480d-908a-3e291dd257d5\"\n",
		Good: "[env.staging.vars]\nPOSTMARK_TOKEN = \"2e012631-9a72-480d-908a-3e291dd257d5\"\n[env.production.vars]\nPOSTMARK_TOKEN = \"cc31d7b9-0ff1-41f0-bed5-ce26af1ac6da\"\n",
	}},
	CheckEntry: checkClaim,
	CheckRun:   checkSharedTokens,
}

// checkClaim reports an entry whose key or referenced secret names another
// environment than the one it sits in.
func checkClaim(p *lint.Pass, e *lint.Entry) {
	if e.Claim == lint.EnvUnknown || e.Env == lint.EnvUnknown || e.Env == lint.EnvExample || e.Claim == e.Env {
		return
	}
	what := "key " + e.Key
	if name := claimName(e); name != "" {
		what = "referenced secret " + name
	}
	p.Reportf(e, valueWhole(e), "%s names %s, but the entry is in %s (by %s)", what, e.Claim, e.Env, e.EnvFrom)
}

// claimName is the referenced secret's name when it, not the key, makes
// the claim.
func claimName(e *lint.Entry) string {
	if lint.EnvOfName(lastKey(e)) == lint.EnvUnknown && e.RefName != "" {
		return e.RefName
	}
	return ""
}

func lastKey(e *lint.Entry) string {
	segs := e.Pair.Path
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] != "" && segs[i][0] != '[' {
			return segs[i]
		}
	}
	return ""
}

// checkSharedTokens reports a token value that entries of two environments
// share, one of them production or staging: on every entry involved, each
// pointing at an entry of another environment, so that a hook that stages
// only .env.staging still sees that it now holds the production token.
func checkSharedTokens(p *lint.Pass, files []*lint.File) {
	byValue := map[string][]*lint.Entry{}
	for _, f := range files {
		for _, e := range f.Entries {
			c := core(e.Value)
			if !checked(e) || e.Env == lint.EnvUnknown || e.Env == lint.EnvExample || c == TestToken || !tokenShaped(c) {
				continue
			}
			byValue[strings.ToLower(c)] = append(byValue[strings.ToLower(c)], e) // Postmark reads a token in either case
		}
	}
	for _, entries := range byValue {
		if !slices.ContainsFunc(entries, isDeployed) {
			continue
		}
		// A YAML anchor merged into two sections is one place reached
		// twice: report it once, from its most telling environment.
		slices.SortFunc(entries, byTelling)
		reported := map[placeKey]bool{}
		for _, e := range entries {
			other := otherEnv(e, entries)
			if other == nil || reported[place(e)] {
				continue
			}
			reported[place(e)] = true
			p.Reportf(e, valueWhole(e), "same token as %s: each environment needs its own Postmark token", where(e, other))
		}
	}
}

type placeKey struct {
	file  *lint.File
	inner lint.Span
}

func place(e *lint.Entry) placeKey { return placeKey{e.File, e.Inner} }

func isDeployed(e *lint.Entry) bool {
	return e.Env == lint.EnvProduction || e.Env == lint.EnvStaging
}

// byTelling orders entries production first, then staging, then by place.
func byTelling(a, b *lint.Entry) int {
	return cmp.Or(cmp.Compare(a.Env, b.Env), cmp.Compare(a.File.Path, b.File.Path), cmp.Compare(a.Inner.Start, b.Inner.Start))
}

// otherEnv returns the most telling entry of another environment than
// e's, or nil; entries are sorted by byTelling.
func otherEnv(e *lint.Entry, entries []*lint.Entry) *lint.Entry {
	for _, o := range entries {
		if o.Env != e.Env {
			return o
		}
	}
	return nil
}

// where names another entry by place, or by key where a YAML anchor puts
// both at the same place.
func where(e, other *lint.Entry) string {
	if other.File == e.File && other.Inner == e.Inner {
		return other.Key + " (" + other.Env.String() + "), through a YAML anchor"
	}
	return fmt.Sprintf("%s:%d (%s)", lint.QuotePath(other.File.Path), other.File.Pos(other.Inner.Start).Line, other.Env)
}
