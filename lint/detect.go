package lint

import (
	"encoding/base64"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// detect turns a file's pairs into Postmark token entries: by DSN, by key
// path, by config, by a postmarkapp.com sibling (docs/entries.md).
func detect(f *File, pairs []Pair, keys []string) []*Entry {
	fileMentions := namedPostmark(f.Path)
	secret := f.Format == YAML && kubernetesSecret(pairs)
	var entries []*Entry
	taken := make([]bool, len(pairs))
	for i := range pairs {
		p := &pairs[i]
		if isInboundAddress(p.Value) || slices.Contains(p.Path, "encryptedData") {
			continue // Sealed Secrets ciphertext holds no readable token
		}
		if e := dsnEntry(f, p); e != nil {
			entries = append(entries, e)
			taken[i] = true
			continue
		}
		switch {
		case (fileMentions || pathMentionsPostmark(p.Path)) && isTokenKey(p.Path):
			e := newEntry(f, p, ByKey)
			if secret && (p.Path[0] == "data" || p.Path[0] == "binaryData") {
				decodeSecret(e)
			}
			entries = append(entries, e)
			taken[i] = true
		case namedByConfig(p, keys):
			entries = append(entries, newEntry(f, p, ByConfig))
			taken[i] = true
		}
	}
	// A credential next to a postmarkapp.com host or base URL.
	hosts := map[int][]*Pair{}
	for i := range pairs {
		if isPostmarkHost(pairs[i].Value) {
			hosts[pairs[i].Scope] = append(hosts[pairs[i].Scope], &pairs[i])
		}
	}
	if len(hosts) > 0 {
		for i := range pairs {
			p := &pairs[i]
			if taken[i] || isInboundAddress(p.Value) {
				continue
			}
			for _, h := range hosts[p.Scope] {
				if siblingCredential(p.Path, h.Path) {
					entries = append(entries, newEntry(f, p, BySibling))
					break
				}
			}
		}
	}
	return entries
}

// kubernetesSecret reports a YAML file holding a Kubernetes Secret, whose
// data: values are base64.
func kubernetesSecret(pairs []Pair) bool {
	for i := range pairs {
		if len(pairs[i].Path) == 1 && pairs[i].Path[0] == "kind" && pairs[i].Value == "Secret" {
			return true
		}
	}
	return false
}

// decodeSecret makes a Kubernetes Secret's base64 value the effective
// value, which is what the pod sees: "echo token | base64" hides a line
// feed that Postmark will reject.
func decodeSecret(e *Entry) {
	if e.Ref {
		return
	}
	if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(e.Value)); err == nil && utf8.Valid(dec) {
		e.Value = string(dec)
	}
}

func newEntry(f *File, p *Pair, how Detection) *Entry {
	ff, _ := LookupFormat(f.Format)
	e := &Entry{
		File:      f,
		Key:       displayKey(p.Path, ff.KeySep),
		Pair:      p,
		Raw:       p.Raw,
		Inner:     p.Inner,
		Quote:     p.Quote,
		Value:     p.Value,
		Detection: how,
	}
	raw := string(f.Src[p.Inner.Start:p.Inner.End])
	expands := f.ExpandsPlaceholders()
	if expands {
		// The loader expands placeholders in the value it has read:
		// "\${X}" in a .properties file is "${X}" to Spring.
		raw = p.Value
	}
	e.Ref, e.RefName = reference(raw, p.Tag)
	switch {
	case namesVariables(f.Path):
		e.Ref, e.RefName = true, p.Value
	case e.Ref && expands:
		useDefault(e)
	}
	return e
}

// namesVariables reports a file whose values are the names of environment
// variables: node-config's custom-environment-variables.json.
func namesVariables(p string) bool {
	return strings.EqualFold(pathBase(p), "custom-environment-variables.json")
}

// useDefault makes the default of a placeholder the entry's value: the
// application uses it whenever the variable is unset, so a token there is
// a token in the file. A placeholder within the default is followed; an
// empty default ("${POSTMARK_API_TOKEN:}", the usual way to make the
// variable optional) or one that is itself a reference leaves the entry a
// reference. The entry's span becomes the default's as written, escapes
// and continued lines included.
func useDefault(e *Entry) {
	v, span, ok := e.File.Default(e.Pair)
	if !ok || v == "" {
		return
	}
	if ref, _ := reference(v, ""); ref {
		return
	}
	e.Ref, e.Value = false, v
	if span != e.Pair.Inner {
		e.Inner, e.Raw, e.Quote = span, span, Unquoted
	}
}

// Default returns the default of the placeholder that is a pair's whole
// value, the value the application uses when the variable is unset
// (followed through nested placeholders), and its span as written: the
// pair's own where the format cannot locate it (a YAML escape). ok is
// false where the file's loader expands no placeholders or the value is
// not one placeholder with a default.
func (f *File) Default(p *Pair) (string, Span, bool) {
	defaultOf := defaultOf(f)
	if defaultOf == nil {
		return "", Span{}, false
	}
	v, at := placeholderDefault(defaultOf, p.Value)
	if at == 0 {
		return "", Span{}, false
	}
	if span, ok := f.ValueSpan(p.Inner, p.Value, at, at+len(v)); ok {
		return v, span, true
	}
	return v, p.Inner, true
}

// placeholderDefault is innermostDefault of a value that blanks may
// surround: "${POSTMARK_API_TOKEN:token} " uses the token, and the blank
// after it is the blank's own finding.
func placeholderDefault(defaultOf func(string) (string, int, bool), v string) (string, int) {
	t := strings.TrimLeftFunc(v, IsInvisible)
	lead := len(v) - len(t)
	def, at := innermostDefault(defaultOf, strings.TrimRightFunc(t, IsInvisible))
	if at == 0 {
		return v, 0
	}
	return def, lead + at
}

// innermostDefault follows the defaults of nested placeholders
// ("${A:${B:x}}" gives "x") and returns the last one with its offset in
// v; v itself, at 0, where v is not a placeholder with a default.
func innermostDefault(defaultOf func(string) (string, int, bool), v string) (string, int) {
	at := 0
	for {
		def, off, ok := defaultOf(v)
		if !ok {
			return v, at
		}
		v, at = def, at+off
	}
}

// ValueSpan maps the bytes [i, j) of value, which the bytes of the source
// in inner read as, to the source: directly where the value is written as
// it reads, through the format's Locate where escapes or continued lines
// lie between. ok is false where neither can say.
func (f *File) ValueSpan(inner Span, value string, i, j int) (Span, bool) {
	written := f.Src[inner.Start:inner.End]
	if string(written) == value {
		return Span{Start: inner.Start + i, End: inner.Start + j}, true
	}
	ff, _ := LookupFormat(f.Format)
	if ff.Locate == nil {
		return Span{}, false
	}
	start, end, ok := ff.Locate(written, value, i, j)
	return Span{Start: inner.Start + start, End: inner.Start + end}, ok
}

// displayKey joins a key path with sep ("." when empty) and sequence
// items with their index only: jobs.deploy.steps[2].env.POSTMARK_SERVER_TOKEN,
// Postmark:ServerToken.
func displayKey(segs []string, sep string) string {
	if sep == "" {
		sep = "."
	}
	var b strings.Builder
	for i, s := range segs {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteString(sep)
		}
		b.WriteString(s)
	}
	return b.String()
}

// fileStem is the file name without its extension: "postmark" for
// config/postmark.yml, which counts as the first key segment.
func fileStem(p string) string {
	base := path.Base(p)
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// namedPostmark reports a file named after Postmark: postmark.yml,
// postmark-production.toml; not .postmarklint.yaml.
func namedPostmark(p string) bool {
	if !mentionsPostmark(p) {
		return false // most files of a tree: no need to split the name into words
	}
	for _, w := range Words(fileStem(p)) {
		if w == "postmark" || w == "postmarkapp" {
			return true
		}
	}
	return false
}

func mentionsPostmark(s string) bool { return hasFold(s, "postmark") }

func pathMentionsPostmark(segs []string) bool {
	for _, s := range segs {
		if mentionsPostmark(s) {
			return true
		}
	}
	return false
}

// credentialWords mark a key segment that holds a secret.
var credentialWords = map[string]bool{
	"token": true, "key": true, "secret": true, "password": true, "passwd": true,
	"pwd": true, "apitoken": true, "apikey": true, "servertoken": true,
	"accounttoken": true, "credential": true, "credentials": true,
}

// notAPIWords mark Postmark credentials that are not API tokens: webhook
// and inbound credentials.
var notAPIWords = map[string]bool{
	"webhook": true, "webhooks": true, "hook": true, "hooks": true, "inbound": true,
	"signing": true, "signature": true,
}

// isTokenKey reports whether the last key segment is credential-like and
// not a webhook or inbound credential. A segment of credential words only
// (token, api_key) is judged with its parent: webhooks.token is a webhook's.
func isTokenKey(segs []string) bool {
	segs = namedSegments(segs)
	if len(segs) == 0 {
		return false
	}
	last := Words(segs[len(segs)-1])
	if !endsInCredential(last) || anyWord(last, notAPIWords) || anyWord(last, pointerWords) {
		return false
	}
	// POSTMARK_SERVICE_API_KEY: a project's own "postmark service", not
	// Postmark's API.
	for i := 0; i+1 < len(last); i++ {
		if last[i] == "postmark" && last[i+1] == "service" {
			return false
		}
	}
	if len(segs) > 1 && onlyGeneric(last) {
		return !anyWord(Words(segs[len(segs)-2]), notAPIWords)
	}
	return true
}

// qualifierWords may follow the credential word without changing what the
// key holds: POSTMARK_API_KEY_BULK, POSTMARK_TOKEN_PRODUCTION.
var qualifierWords = map[string]bool{
	"bulk": true, "broadcast": true, "broadcasts": true, "transactional": true,
	"outbound": true, "marketing": true, "primary": true, "secondary": true,
	"default": true, "main": true, "backup": true, "old": true, "new": true, "value": true,
}

// pointerWords mark a key that names where a token is kept rather than
// holding it: a Helm chart's existingSecret, a secretRef.
var pointerWords = map[string]bool{"existing": true, "ref": true, "secretref": true}

// endsInCredential reports whether a key segment's last word, past any
// qualifiers and environment words, is a credential word: POSTMARK_TOKEN
// and POSTMARK_API_KEY_BULK are, POSTMARK_TOKEN_EXPIRY, POSTMARK_KEY_ID,
// POSTMARK_SERVER_TOKEN_FILE and apiTokenFile are not.
func endsInCredential(words []string) bool {
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if credentialWords[w] {
			return true
		}
		if _, env := envWords[w]; !qualifierWords[w] && !env {
			return false
		}
	}
	return false
}

// namedSegments drops sequence indexes ("[2]") from a key path, and a
// last "value" or "__name" segment, which holds the value of the key
// before it (Heroku's app.json: "env": {"POSTMARK_API_TOKEN": {"value":
// "…"}}; node-config's custom-environment-variables.json: "serverToken":
// {"__name": "POSTMARK_SERVER_TOKEN", "__format": "string"}).
func namedSegments(segs []string) []string {
	out := segs[:0:0]
	for _, s := range segs {
		if !strings.HasPrefix(s, "[") {
			out = append(out, s)
		}
	}
	if n := len(out); n > 1 && (strings.EqualFold(out[n-1], "value") || out[n-1] == "__name") {
		out = out[:n-1]
	}
	return out
}

var genericWords = map[string]bool{
	"api": true, "server": true, "account": true, "auth": true, "authorization": true,
	"access": true, "postmark": true, "postmarkapp": true, "x": true,
}

func onlyGeneric(words []string) bool {
	for _, w := range words {
		if !genericWords[w] && !credentialWords[w] {
			return false
		}
	}
	return true
}

func anyWord(words []string, set map[string]bool) bool {
	for _, w := range words {
		if set[w] {
			return true
		}
	}
	return false
}

// siblingCredential reports whether a key next to a postmarkapp.com host
// key holds that host's credential: EMAIL_HOST_PASSWORD next to
// EMAIL_HOST, authorization_token next to base_url. In a flat scope (a
// .env file, a compose environment map) any other word of the credential's
// name must also be in the host key's name, so DATABASE_PASSWORD next to
// MAIL_HOST stays silent. A user name is a credential too: with Postmark's
// SMTP hosts the server token is the user name as well as the password.
func siblingCredential(cred, host []string) bool {
	cred, host = namedSegments(cred), namedSegments(host)
	if len(cred) == 0 || len(host) == 0 {
		return false
	}
	words := Words(cred[len(cred)-1])
	if anyWord(words, notAPIWords) {
		return false
	}
	// The last word, past qualifiers, says what the key holds: MAIL_PASSWORD
	// does, MAIL_PASSWORD_FILE does not.
	last := len(words) - 1
	for last >= 0 && qualifierWords[words[last]] {
		last--
	}
	if last < 0 {
		return false
	}
	switch w := words[last]; w {
	case "token", "password", "passwd", "pwd", "pass", "user", "username", "apitoken", "apikey":
	case "name":
		// Rails' smtp_settings user_name.
		if last == 0 || words[last-1] != "user" {
			return false
		}
	case "key":
		if last == 0 || words[last-1] != "api" && words[last-1] != "server" && words[last-1] != "account" {
			return false
		}
	default:
		return false
	}
	hostWords := Words(host[len(host)-1])
	for _, w := range words {
		if genericWords[w] || credentialWords[w] {
			continue
		}
		switch w {
		case "pass", "user", "username", "name":
			continue
		}
		if !hasWord(hostWords, w) {
			return false
		}
	}
	return true
}

// isPostmarkHost reports whether a value is a host name or URL on
// postmarkapp.com (not an e-mail address there).
func isPostmarkHost(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n") {
		return false
	}
	host := v
	if i := strings.Index(v, "://"); i >= 0 {
		u, err := url.Parse(v)
		if err != nil {
			return false
		}
		host = u.Hostname()
	} else {
		if strings.Contains(v, "@") {
			return false
		}
		if i := strings.IndexAny(host, ":/"); i >= 0 {
			host = host[:i]
		}
	}
	return IsPostmarkHostName(host)
}

// IsPostmarkHostName reports postmarkapp.com or a host under it.
func IsPostmarkHostName(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return host == "postmarkapp.com" || strings.HasSuffix(host, ".postmarkapp.com")
}

// isInboundAddress reports a Postmark inbound address, which is not a token
// even though it sits under keys named key or token.
func isInboundAddress(v string) bool {
	const inbound = "@inbound.postmarkapp.com"
	v = strings.TrimSpace(v)
	return len(v) >= len(inbound) && equalFoldASCII(v[len(v)-len(inbound):], inbound)
}

func namedByConfig(p *Pair, keys []string) bool {
	if len(keys) == 0 {
		return false
	}
	full, colons, last := displayKey(p.Path, ""), displayKey(p.Path, ":"), p.Path[len(p.Path)-1]
	for _, k := range keys {
		if strings.EqualFold(k, full) || strings.EqualFold(k, colons) || strings.EqualFold(k, last) {
			return true
		}
	}
	return false
}

// dsnEntry returns the entry for a Postmark DSN (postmark+api://TOKEN@default)
// or an SMTP URL on postmarkapp.com; the token is the userinfo and the
// entry's span is the userinfo's, where the raw text allows it. The server
// token is both SMTP user name and password: of a user:password whose
// halves differ, the half that holds a token is the entry (smtp-login
// reports the other), and two halves without one are an SMTP Token's
// access and secret key, no server token at all.
func dsnEntry(f *File, p *Pair) *Entry {
	d, ok := parseDSN(p.Value)
	if !ok || !d.postmark() || !d.hasUser {
		return nil
	}
	tok := d.user
	if d.hasPass && d.user.text != d.pass.text {
		switch {
		case holdsToken(d.user.text):
		case holdsToken(d.pass.text):
			tok = d.pass
		default:
			return nil
		}
	}
	if tok.text == "" {
		return nil
	}
	e := newEntry(f, p, ByDSN)
	e.Value = unescape(tok.text)
	e.Quote = Unquoted
	// Point at the userinfo when the raw bytes are the value itself.
	if raw := f.Src[p.Inner.Start:p.Inner.End]; string(raw) == p.Value {
		e.Inner = Span{Start: p.Inner.Start + tok.at, End: p.Inner.Start + tok.end()}
		e.Raw = e.Inner
	}
	e.Ref, e.RefName = reference(tok.text, p.Tag)
	return e
}
