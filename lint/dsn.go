package lint

import (
	"net/url"
	"strings"
)

// dsn is a mailer DSN or a URL, its parts located in the value.
type dsn struct {
	scheme                 string // lower case
	user, pass, host, port part
	hasUser, hasPass       bool
	params                 []param // the query: message_stream=…
}

// part is a piece of a value: text, found at byte at.
type part struct {
	at   int
	text string
}

func (p part) end() int { return p.at + len(p.text) }

type param struct {
	key   string
	value part
}

// parseDSN reads scheme://user:pass@host:port/path?query; ok is false
// without "://".
func parseDSN(v string) (dsn, bool) {
	i := strings.Index(v, "://")
	if i <= 0 {
		return dsn{}, false
	}
	d := dsn{scheme: strings.ToLower(v[:i])}
	start := i + 3
	end := strings.IndexAny(v[start:], "/?#")
	if end < 0 {
		end = len(v)
	} else {
		end += start
	}
	authority, at := v[start:end], start
	if k := strings.LastIndexByte(authority, '@'); k >= 0 {
		info := authority[:k]
		d.hasUser, d.user = true, part{start, info}
		if j := strings.IndexByte(info, ':'); j >= 0 {
			d.user, d.hasPass, d.pass = part{start, info[:j]}, true, part{start + j + 1, info[j+1:]}
		}
		authority, at = authority[k+1:], start+k+1
	}
	d.host = part{at, authority}
	if j := strings.LastIndexByte(authority, ':'); j >= 0 {
		d.host, d.port = part{at, authority[:j]}, part{at + j + 1, authority[j+1:]}
	}
	q := strings.IndexByte(v[end:], '?')
	if q < 0 {
		return d, true
	}
	off := end + q + 1
	query := v[off:]
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query = query[:h]
	}
	for _, kv := range strings.Split(query, "&") {
		k, val, _ := strings.Cut(kv, "=")
		d.params = append(d.params, param{k, part{off + len(k) + 1, val}})
		off += len(kv) + 1
	}
	return d, true
}

// postmark reports a Postmark DSN (postmark://, postmark+api://,
// postmark+smtp://) or an SMTP URL whose host is on postmarkapp.com.
func (d dsn) postmark() bool {
	return d.scheme == "postmark" || strings.HasPrefix(d.scheme, "postmark+") ||
		strings.HasPrefix(d.scheme, "smtp") && IsPostmarkHostName(d.host.text)
}

// smtp reports a DSN that sends by SMTP.
func (d dsn) smtp() bool {
	return d.scheme == "postmark+smtp" || strings.HasPrefix(d.scheme, "smtp")
}

// unescape is a DSN part as the mailer reads it.
func unescape(s string) string {
	if dec, err := url.PathUnescape(s); err == nil {
		return dec
	}
	return s
}
