package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var SandboxInProduction = &lint.Rule{
	ID:    "sandbox-in-production",
	Title: "production token belongs to a Sandbox server",
	Doc: `With --online: the server token of a production entry belongs to a Postmark
server in Sandbox mode, which accepts every message, shows it as sent, and
delivers none. Use the token of the Live server.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=d2e06b36-b9ea-43d4-86f4-f14cc599fac7\n",
		Good:   "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Online: onlineExample(postmark.Alive, postmark.Server, "Shop Production", "Sandbox"),
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		if r := alive(e); r != nil && r.Kind == postmark.Server && r.DeliveryType == "Sandbox" && e.Env == lint.EnvProduction {
			p.Reportf(e, valueWhole(e), "production token belongs to Sandbox server %q (ID %d): Postmark accepts mail there and delivers none", serverName(r), r.ServerID)
		}
	},
}
