package lint

import (
	"net/url"
	"slices"
	"strings"
)

// Kind says what an entry holds. Token entries are the secrets: every
// token rule, the git facts, redaction and the online check are about
// them, and they are File.Entries. The other kinds are the configuration
// around a token, File.Settings: detection finds them beside one
// (docs/entries.md), and a rule names the kinds it checks (Rule.Kinds).
type Kind uint8

const (
	Token        Kind = iota // a Postmark server or account token
	Stream                   // the message stream mail is sent through
	SMTPHost                 // smtp.postmarkapp.com or smtp-broadcasts.postmarkapp.com
	SMTPPort                 // the port of a Postmark SMTP host
	SMTPUser                 // the user name of a Postmark SMTP login
	SMTPPassword             // the password of a Postmark SMTP login
	Sender                   // the From address of a Postmark configuration
)

func (k Kind) String() string {
	return [...]string{"token", "stream", "SMTP host", "SMTP port", "SMTP user name", "SMTP password", "sender"}[k]
}

// Mailer is one place that configures sending through Postmark: the
// entries of one scope (a .env file, a YAML mapping, a TOML table, the
// .properties keys of one parent, a JSON object) or of one DSN. Rules
// read an entry's neighbours through it: a stream's server token, an SMTP
// password's user name, the host a stream is sent to.
type Mailer struct {
	Tokens []*Entry // its token entries, in file order

	// The first of each setting; nil where the mailer has none.
	Host, Port, User, Password *Entry

	// SMTP says the mailer sends by SMTP: it names a Postmark SMTP host,
	// or it is a postmark+smtp:// DSN.
	SMTP bool
}

// findSettings adds to a file the entries around its tokens and groups
// both into mailers (docs/entries.md): first the DSNs and Postmark SMTP
// hosts, then what each scope holds beside them. A login whose halves are
// an SMTP Token's access and secret key holds no server token: its token
// entries are dropped.
func (f *File) findSettings(pairs []Pair) {
	s := &settingsScan{f: f, mailers: map[int]*Mailer{}, dsns: map[*Pair]*Mailer{},
		hosts: map[int][]*Pair{}, hostMailer: map[*Pair]*Mailer{}, hostWords: map[*Pair][]string{}, selects: map[int]bool{},
		named: namedPostmark(f.Path)}
	for i := range pairs {
		s.dsnOrHost(&pairs[i])
	}
	for _, e := range f.Entries {
		m := s.dsns[e.Pair]
		if m == nil || e.Detection != ByDSN {
			m = s.scope(e.Pair)
		}
		e.Mailer, m.Tokens = m, append(m.Tokens, e)
	}
	for i := range pairs {
		s.beside(&pairs[i])
	}
	s.joinLogins()
}

// settingsScan is findSettings' state: the mailers so far and what each
// scope says.
type settingsScan struct {
	f          *File
	mailers    map[int]*Mailer    // by scope
	dsns       map[*Pair]*Mailer  // each DSN's own
	hosts      map[int][]*Pair    // by scope: the pairs that name a Postmark SMTP host
	hostMailer map[*Pair]*Mailer  // a host's: its scope's for the first, its own for others
	hostWords  map[*Pair][]string // the words of a host's key
	selects    map[int]bool       // by scope: a value picks Postmark to send mail
	named      bool               // the file is named after Postmark
}

func (s *settingsScan) scope(p *Pair) *Mailer {
	m := s.mailers[p.Scope]
	if m == nil {
		m = &Mailer{}
		s.mailers[p.Scope] = m
	}
	return m
}

// dsnOrHost reads a pair that is a Postmark DSN or names a Postmark SMTP
// host (and perhaps its port), and notes a value that picks Postmark.
func (s *settingsScan) dsnOrHost(p *Pair) {
	// A credential's value names nothing: "development-postmark-token".
	if selectsPostmark(p.Value) && !endsInCredential(Words(lastNamed(p.Path))) {
		s.selects[p.Scope] = true
	}
	if d, ok := parseDSN(p.Value); ok && d.postmark() && (d.hasUser || d.scheme != "smtp" && d.scheme != "smtps") {
		s.dsns[p] = s.f.dsnSettings(p, d)
		return
	}
	v, at := s.f.used(p)
	host, port, ok := smtpHostIn(v)
	if !ok {
		return
	}
	m := &Mailer{}
	if len(s.hosts[p.Scope]) == 0 {
		m = s.scope(p)
	}
	s.hosts[p.Scope] = append(s.hosts[p.Scope], p)
	s.hostMailer[p], s.hostWords[p] = m, Words(lastNamed(p.Path))
	m.SMTP = true
	m.Host = s.f.addSetting(m, p, SMTPHost, at+host.at, at+host.end())
	if port.text != "" {
		m.Port = s.f.addSetting(m, p, SMTPPort, at+port.at, at+port.end())
	}
}

// beside reads a pair as a setting beside the tokens and hosts of its
// scope: a stream or a sender where the scope is Postmark's, a port or a
// login of a host.
func (s *settingsScan) beside(p *Pair) {
	if s.dsns[p] != nil || s.hostMailer[p] != nil || isInboundAddress(p.Value) {
		return
	}
	f, m, hosts := s.f, s.mailers[p.Scope], s.hosts[p.Scope]
	key := lastNamed(p.Path)
	postmark := s.named || pathMentionsPostmark(p.Path) || s.selects[p.Scope]
	header := strings.EqualFold(key, "X-PM-Message-Stream")
	tokens := m != nil && len(m.Tokens) > 0
	// Most pairs of a file are nothing of Postmark's; the words of a key
	// are read only where it may name a setting.
	stream := (postmark || header || tokens) && hasFold(key, "stream")
	sender := postmark && (hasFold(key, "from") || hasFold(key, "sender"))
	login := len(hosts) > 0 && (hasFold(key, "port") || hasFold(key, "user") || hasFold(key, "login") || hasFold(key, "pass") || hasFold(key, "pwd"))
	if !stream && !sender && !login {
		return
	}
	words := Words(key)
	switch {
	case stream && streamKey(words, postmark):
		sm := s.scope(p)
		if len(hosts) == 0 {
			// A header map's stream is its mailer's: smtp.headers
			// beside smtp.address.
			if h := enclosingHost(p, s.hostMailer); h != nil {
				sm = s.hostMailer[h]
			}
		}
		f.addSetting(sm, p, Stream, -1, -1)
		return
	case sender && senderKey(words):
		f.addSetting(s.scope(p), p, Sender, -1, -1)
		return
	}
	for _, h := range hosts {
		hm, hw := s.hostMailer[h], s.hostWords[h]
		switch {
		case hm.Port == nil && ofHost(words, hw, portWord):
			hm.Port = f.addSetting(hm, p, SMTPPort, -1, -1)
		case hm.User == nil && ofHost(words, hw, userWord):
			hm.User = f.addSetting(hm, p, SMTPUser, -1, -1)
		case hm.Password == nil && ofHost(words, hw, passwordWord):
			hm.Password = f.addSetting(hm, p, SMTPPassword, -1, -1)
		default:
			continue
		}
		return
	}
}

// joinLogins moves the token entries of each host's login into the
// host's mailer, and drops them where the login is an SMTP Token's key
// pair.
func (s *settingsScan) joinLogins() {
	tokenOf := map[*Pair]*Entry{}
	for _, e := range s.f.Entries {
		if e.Detection != ByDSN {
			tokenOf[e.Pair] = e
		}
	}
	drop := map[*Entry]bool{}
	for _, m := range s.hostMailer {
		for _, login := range []*Entry{m.User, m.Password} {
			e := tokenOf[pairOf(login)]
			if e == nil {
				continue
			}
			if e.Mailer != m {
				e.Mailer.Tokens = slices.DeleteFunc(e.Mailer.Tokens, func(t *Entry) bool { return t == e })
				e.Mailer, m.Tokens = m, append(m.Tokens, e)
			}
			if smtpTokenPair(m) {
				drop[e] = true
				m.Tokens = slices.DeleteFunc(m.Tokens, func(t *Entry) bool { return t == e })
			}
		}
	}
	if len(drop) > 0 {
		s.f.Entries = slices.DeleteFunc(s.f.Entries, func(e *Entry) bool { return drop[e] })
	}
}

func pairOf(e *Entry) *Pair {
	if e == nil {
		return nil
	}
	return e.Pair
}

// enclosingHost returns the Postmark SMTP host of the nearest mapping
// that encloses p's, if any.
func enclosingHost(p *Pair, hosts map[*Pair]*Mailer) *Pair {
	var best *Pair
	for h := range hosts {
		parent := h.Path[:len(h.Path)-1]
		if len(parent) >= len(p.Path)-1 || !slices.Equal(parent, p.Path[:len(parent)]) {
			continue
		}
		if best == nil || len(h.Path) > len(best.Path) || len(h.Path) == len(best.Path) && h.KeySpan.Start < best.KeySpan.Start {
			best = h
		}
	}
	return best
}

// dsnSettings adds the settings a Postmark DSN or SMTP URL spells out and
// returns its mailer: an SMTP URL's host, port and login, a
// postmark+smtp:// DSN's port, the message_stream parameter.
func (f *File) dsnSettings(p *Pair, d dsn) *Mailer {
	m := &Mailer{SMTP: d.smtp()}
	add := func(kind Kind, pt part) *Entry {
		if pt.text == "" {
			return nil
		}
		return f.addSetting(m, p, kind, pt.at, pt.end())
	}
	if isSMTPHost(d.host.text) {
		m.Host = add(SMTPHost, d.host)
	}
	if m.SMTP {
		m.Port = add(SMTPPort, d.port)
	}
	if m.Host != nil && d.hasUser {
		m.User = add(SMTPUser, d.user)
		if d.hasPass {
			m.Password = add(SMTPPassword, d.pass)
		}
	}
	for _, q := range d.params {
		if strings.EqualFold(q.key, "message_stream") {
			// The mailer reads the query decoded (Symfony: parse_str):
			// message_stream=my%2Dstream is my-stream.
			if e := add(Stream, q.value); e != nil && !e.Ref {
				if dec, err := url.QueryUnescape(e.Value); err == nil {
					e.Value = dec
				}
			}
		}
	}
	return m
}

// addSetting adds a settings entry of a kind for a pair to a mailer: the
// whole value (i < 0), or the bytes [i, j) of the value its loader uses.
func (f *File) addSetting(m *Mailer, p *Pair, kind Kind, i, j int) *Entry {
	how := BySibling
	if pathMentionsPostmark(p.Path) {
		how = ByKey
	}
	e := newEntry(f, p, how)
	e.Kind, e.Mailer = kind, m
	if i >= 0 {
		e.Detection = ByDSN
		e.Value = p.Value[i:j]
		e.Quote = Unquoted
		e.Inner = p.Inner
		if s, ok := f.ValueSpan(p.Inner, p.Value, i, j); ok {
			e.Inner = s
		}
		e.Raw = e.Inner
		e.Ref, e.RefName = reference(e.Value, p.Tag)
	}
	f.Settings = append(f.Settings, e)
	return e
}

// smtpTokenPair reports a login of two different values neither of which
// holds a server token: an SMTP Token's access key and secret key.
func smtpTokenPair(m *Mailer) bool {
	u, p := m.User, m.Password
	if u == nil || p == nil || u.Ref || p.Ref || u.Detection == ByDSN {
		return false
	}
	uv, pv := strings.TrimFunc(u.Value, IsBlank), strings.TrimFunc(p.Value, IsBlank)
	return uv != pv && !holdsToken(uv) && !holdsToken(pv)
}

// holdsToken reports a value with a server token in it, or the test token.
func holdsToken(v string) bool {
	return len(TokenRuns(v)) > 0 || strings.Contains(strings.ToUpper(v), "POSTMARK_API_TEST")
}

// used is the value a pair's loader uses, and its offset in the pair's
// value: the default of a Spring placeholder, or the value itself.
func (f *File) used(p *Pair) (string, int) {
	if d := defaultOf(f); d != nil {
		if v, at := placeholderDefault(d, p.Value); at > 0 {
			return v, at
		}
	}
	return p.Value, 0
}

// smtpHosts are Postmark's SMTP hosts: transactional, then broadcast.
var smtpHosts = []string{"smtp.postmarkapp.com", "smtp-broadcasts.postmarkapp.com"}

func isSMTPHost(h string) bool {
	h = strings.TrimSuffix(h, ".")
	return strings.EqualFold(h, smtpHosts[0]) || strings.EqualFold(h, smtpHosts[1])
}

// IsBroadcastHost reports Postmark's SMTP host for broadcast streams.
func IsBroadcastHost(h string) bool {
	return strings.EqualFold(strings.TrimSuffix(h, "."), smtpHosts[1])
}

// smtpHostIn finds a Postmark SMTP host in a value that is one, with a
// port or not: smtp.postmarkapp.com, smtp.postmarkapp.com:2525,
// smtp://smtp-broadcasts.postmarkapp.com:587.
func smtpHostIn(v string) (host, port part, ok bool) {
	t := strings.TrimSpace(v)
	at := strings.Index(v, t)
	if i := strings.Index(t, "://"); i >= 0 {
		if !strings.HasPrefix(strings.ToLower(t), "smtp") {
			return part{}, part{}, false
		}
		at, t = at+i+3, t[i+3:]
	}
	t = strings.TrimSuffix(t, "/")
	host = part{at, t}
	if j := strings.LastIndexByte(t, ':'); j >= 0 {
		host, port = part{at, t[:j]}, part{at + j + 1, t[j+1:]}
	}
	return host, port, isSMTPHost(host.text)
}

// selectsPostmark reports a value that picks Postmark to send mail: a
// mailer or backend name (postmark, anymail.backends.postmark.EmailBackend),
// a Postmark URL or host, a Postmark DSN; not a reference, an address at
// postmarkapp.com or the test token.
func selectsPostmark(v string) bool {
	if !hasFold(v, "postmark") {
		return false
	}
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n") || strings.Contains(v, "@") && !strings.Contains(v, "://") ||
		strings.EqualFold(v, "POSTMARK_API_TEST") {
		return false
	}
	if ref, _ := reference(v, ""); ref {
		return false
	}
	words := Words(v)
	return hasWord(words, "postmark", "postmarkapp")
}

// Role words of the settings beside a host.
const (
	portWord     = "port"
	userWord     = "user"
	passwordWord = "password"
)

// ofHost reports whether a key in a Postmark SMTP host's scope names the
// setting role of that host, by the words of both keys' last segments:
// the key's last word is the role's (port; user, username, user_name,
// login; password, passwd, pwd, pass) and its other words are all in the
// host key's: EMAIL_PORT and EMAIL_HOST_USER beside EMAIL_HOST, port
// beside Rails' address; not DB_PORT beside MAIL_HOST.
func ofHost(words, hostWords []string, role string) bool {
	n := len(words)
	for n > 0 && qualifierWords[words[n-1]] {
		n--
	}
	if n == 0 {
		return false
	}
	switch w := words[n-1]; {
	case role == portWord && w == "port":
	case role == userWord && (w == "user" || w == "username" || w == "login"):
	case role == userWord && w == "name" && n > 1 && words[n-2] == "user":
		n--
	case role == passwordWord && (w == "password" || w == "passwd" || w == "pwd" || w == "pass"):
	default:
		return false
	}
	for _, w := range words[:n-1] {
		if !genericWords[w] && w != "smtp" && !hasWord(hostWords, w) {
			return false
		}
	}
	return true
}

// streamKey reports a key, by the words of its last segment, that names
// the message stream mail is sent through: POSTMARK_MESSAGE_STREAM,
// message_stream_id, MessageStream, Postmark:MessageStream, the
// X-PM-Message-Stream header; under a key that mentions Postmark also
// stream and stream_id. An inbound stream is not one mail is sent through.
func streamKey(words []string, postmark bool) bool {
	if anyWord(words, notAPIWords) {
		return false
	}
	n := len(words)
	for n > 0 && (qualifierWords[words[n-1]] || isEnvWord(words[n-1]) || words[n-1] == "id") {
		n--
	}
	if n == 0 || words[n-1] != "stream" {
		return false
	}
	return n > 1 && words[n-2] == "message" || postmark
}

// senderKey reports a key, by the words of its last segment, that names
// the From address of mail: POSTMARK_FROM_EMAIL, MAIL_FROM_ADDRESS,
// DEFAULT_FROM_EMAIL, sender_email, from; not MAIL_FROM_NAME or REPLY_TO.
func senderKey(words []string) bool {
	n := len(words)
	for n > 0 && (qualifierWords[words[n-1]] || isEnvWord(words[n-1])) {
		n--
	}
	if n == 0 || !hasWord(words[:n], "from", "sender") {
		return false
	}
	switch words[n-1] {
	case "from", "sender", "email", "address", "addr", "mail":
		return true
	}
	return false
}

func isEnvWord(w string) bool {
	_, ok := envWords[w]
	return ok
}

// lastNamed is the last segment of a key path that names something, as
// namedSegments sees it, without building the path: sequence indexes and
// a last value or __name segment do not.
func lastNamed(segs []string) string {
	named := 0
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		if strings.HasPrefix(s, "[") {
			continue
		}
		named++
		if named == 1 && (strings.EqualFold(s, "value") || s == "__name") && hasNamedBefore(segs[:i]) {
			continue
		}
		return s
	}
	return ""
}

func hasNamedBefore(segs []string) bool {
	for _, s := range segs {
		if !strings.HasPrefix(s, "[") {
			return true
		}
	}
	return false
}

// hasFold reports whether s holds sub, a lower-case ASCII word, in any
// case; it allocates nothing, since every key and value of a file is asked.
func hasFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if equalFoldASCII(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func equalFoldASCII(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		if lowerASCII(s[i]) != lower[i] {
			return false
		}
	}
	return true
}
