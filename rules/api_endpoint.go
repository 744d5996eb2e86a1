package rules

import (
	"net/url"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var APIEndpoint = &lint.Rule{
	ID:    "api-endpoint",
	Title: "Postmark API URL or SMTP host is wrong or not encrypted",
	Doc: `Postmark's API is https://api.postmarkapp.com and its SMTP hosts are
smtp.postmarkapp.com and smtp-broadcasts.postmarkapp.com. A look-alike such
as api.postmark.com or a typo of postmarkapp.com sends the token to a host
that is not Postmark's (or to nowhere), and a plain http:// API URL sends it
in clear text.`,
	Severity: lint.Error,
	Examples: []lint.Example{{
		File: "configuration/production.yaml",
		Bad:  "email_client:\n  base_url: https://api.postmark.com\n",
		Good: "email_client:\n  base_url: https://api.postmarkapp.com\n",
	}, {
		File: "configuration/production.toml",
		Bad:  "[email_client]\nbase_url = \"http://api.postmarkapp.com\"\n",
		Good: "[email_client]\nbase_url = \"https://api.postmarkapp.com\"\n",
	}},
	CheckFile: checkEndpoints,
}

// postmarkHosts are the hosts a Postmark token may be sent to.
var postmarkHosts = []string{"api.postmarkapp.com", "smtp.postmarkapp.com", "smtp-broadcasts.postmarkapp.com"}

func checkEndpoints(p *lint.Pass) {
	for i := range p.File.Pairs {
		pair := &p.File.Pairs[i]
		// Spring's ${POSTMARK_API_URL:https://…} is used as its default.
		value, span := pair.Value, pair.Inner
		if def, at, ok := p.File.Default(pair); ok {
			value, span = def, at
		}
		scheme, host, ok := endpoint(value)
		if !ok {
			continue
		}
		if j := strings.Index(value, host); j >= 0 {
			if at, ok := p.File.ValueSpan(span, value, j, j+len(host)); ok {
				span = at
			}
		}
		switch {
		case host == "api.postmarkapp.com" && scheme == "http":
			p.Reportf(nil, span, "Postmark API URL uses plain http: the token would travel in clear text; use https://api.postmarkapp.com")
		case lint.IsPostmarkHostName(host):
		case lookalike(host) != "":
			p.Reportf(nil, span, "%s is not a Postmark host; did you mean %s?", host, lookalike(host))
		}
	}
}

// endpoint reads a URL or a bare host name out of a value.
func endpoint(v string) (scheme, host string, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n@") && !strings.Contains(v, "://") {
		return "", "", false
	}
	if strings.Contains(v, "://") {
		u, err := url.Parse(v)
		if err != nil || u.Hostname() == "" {
			return "", "", false
		}
		return strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), true
	}
	host = v
	if i := strings.IndexAny(host, ":/"); i >= 0 {
		host = host[:i]
	}
	if !strings.Contains(host, ".") {
		return "", "", false
	}
	return "", strings.ToLower(host), true
}

// lookalike returns the Postmark host that h was probably meant to be, or
// "": api.postmark.com, smtp.postmarkap.com, api.postmarkapp.co.
func lookalike(h string) string {
	if !strings.Contains(h, "postmark") && !strings.Contains(h, "postmak") && !strings.Contains(h, "posmark") {
		return ""
	}
	best, bestDist := "", 3
	for _, want := range postmarkHosts {
		if d := distance(h, want); d < bestDist {
			best, bestDist = want, d
		}
	}
	if best != "" {
		return best
	}
	// Postmark's old name for its own domain: api.postmark.com. Other hosts
	// that merely mention Postmark (a local mock, a proxy) are someone's
	// own on purpose.
	switch h {
	case "api.postmark.com":
		return "api.postmarkapp.com"
	case "smtp.postmark.com":
		return "smtp.postmarkapp.com"
	}
	return ""
}

// distance is the Levenshtein distance between two short ASCII strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
