package rules

import (
	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
)

var TokenVerified = &lint.Rule{
	ID:    "token-verified",
	Title: "Postmark accepts the token",
	Doc: `With --online: the token is alive. The finding says which kind it is and,
for a server token, the server's name and delivery type (Live or Sandbox),
so that a glance at the report shows which server each file talks to.`,
	Severity: lint.Info,
	Examples: []lint.Example{{
		File:   ".env.production",
		Bad:    "POSTMARK_SERVER_TOKEN=a5f15370-3e68-442b-b84c-db1cb53d472c\n",
		Good:   "POSTMARK_SERVER_TOKEN=${POSTMARK_SERVER_TOKEN}\n",
		Online: onlineExample(postmark.Alive, postmark.Server, "Shop Production", "Live"),
	}},
	CheckEntry: func(p *lint.Pass, e *lint.Entry) {
		r := alive(e)
		switch {
		case r == nil:
		case r.Kind == postmark.Account:
			p.Reportf(e, valueWhole(e), "Postmark accepts this account token")
		default:
			delivery := r.DeliveryType
			if delivery == "" {
				delivery = "delivery type unknown"
			}
			p.Reportf(e, valueWhole(e), "Postmark accepts this server token: server %q (ID %d, %s)", serverName(r), r.ServerID, delivery)
		}
	},
}
