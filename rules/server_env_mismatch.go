package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var ServerEnvMismatch = &lint.Rule{
	ID:    "server-env-mismatch",
	Title: "Postmark server serves another environment",
	Doc: `With --online: the Postmark server a token belongs to is named for another
environment than the entry's ("Shop Staging" behind .env.production), or
one server serves two environments. Each environment should send through a
server of its own, so that test mail never reaches customers and
production statistics stay clean.`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=c8fd442e-c563-49d2-931f-0231deef4351\n",
		Good:   "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Online: onlineExample(postmark.Alive, postmark.Server, "Shop Staging", "Live"),
	}},
	CheckEntry: checkServerName,
	CheckRun:   checkSharedServers,
}

func checkServerName(p *lint.Pass, e *lint.Entry) {
	r := alive(e)
	if r == nil || r.Kind != postmark.Server || e.Env == lint.EnvUnknown || e.Env == lint.EnvExample {
		return
	}
	if named := lint.EnvOfName(r.ServerName); named != lint.EnvUnknown && named != e.Env {
		p.Reportf(e, valueWhole(e), "token belongs to Postmark server %q, named for %s, but the entry is in %s (by %s)", serverName(r), named, e.Env, e.EnvFrom)
	}
}

// checkSharedServers reports one Postmark server behind entries of two
// environments, on each entry of the environment that sorts first.
func checkSharedServers(p *lint.Pass, files []*lint.File) {
	byServer := map[int][]*lint.Entry{}
	for _, f := range files {
		for _, e := range f.Entries {
			if r := alive(e); r != nil && r.Kind == postmark.Server && r.ServerID != 0 && e.Env != lint.EnvUnknown && e.Env != lint.EnvExample {
				byServer[r.ServerID] = append(byServer[r.ServerID], e)
			}
		}
	}
	for id, entries := range byServer {
		envs := map[lint.Env]*lint.Entry{}
		for _, e := range entries {
			if _, ok := envs[e.Env]; !ok {
				envs[e.Env] = e
			}
		}
		if len(envs) < 2 {
			continue
		}
		var names []string
		for env, e := range envs {
			names = append(names, fmt.Sprintf("%s (%s:%d)", env, lint.QuotePath(e.File.Path), e.File.Pos(e.Inner.Start).Line))
		}
		slices.Sort(names)
		for _, e := range entries {
			if e.Env == lint.EnvProduction || e.Env == lint.EnvStaging {
				p.Reportf(e, valueWhole(e), "Postmark server %q (ID %d) serves %d environments: %s", serverName(e.Online), id, len(names), strings.Join(names, ", "))
			}
		}
	}
}
