package rules

import "github.com/postmarklint/postmarklint/lint"

var TestTokenInProduction = &lint.Rule{
	ID:    "test-token-in-production",
	Title: "Postmark's test token POSTMARK_API_TEST is used in production",
	Doc: `POSTMARK_API_TEST is Postmark's public test token: the API accepts it and
answers as if the message was sent, but nothing is ever delivered. In a
production entry (by section, file name, folder or the configuration) it
means production mail silently goes nowhere.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST\n",
		Good: "POSTMARK_SERVER_TOKEN=3d0d125a-162d-45c6-a293-d03e9e6024cd\n",
	}, {
		File: "config/settings.yml",
		Bad:  "defaults: &defaults\n  postmark_api_token: POSTMARK_API_TEST\nproduction:\n  <<: *defaults\n",
		Good: "defaults: &defaults\n  postmark_api_token: POSTMARK_API_TEST\ntest:\n  <<: *defaults\n",
	}},
	CheckEntry: checkTestToken,
}

func checkTestToken(p *lint.Pass, e *lint.Entry) {
	if checked(e) && e.Env == lint.EnvProduction && core(e.Value) == TestToken {
		p.Reportf(e, valueWhole(e), "Postmark's test token POSTMARK_API_TEST in a production entry (production by %s): nothing will be delivered", e.EnvFrom)
	}
}
