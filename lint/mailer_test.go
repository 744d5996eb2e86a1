package lint

import (
	"fmt"
	"slices"
	"testing"
)

// setting is what TestSettings compares of a settings entry: its key, its
// kind, its value and the text its span covers.
type setting struct{ key, kind, value, at string }

func (s setting) String() string { return fmt.Sprintf("%s %s=%q at %q", s.kind, s.key, s.value, s.at) }

func settingsOf(name, src string) []setting {
	f := Parse(name, FormatOf(name), []byte(src), Options{})
	var out []setting
	for _, e := range f.Settings {
		out = append(out, setting{e.Key, e.Kind.String(), e.Value, string(f.Src[e.Inner.Start:e.Inner.End])})
	}
	return out
}

// TestSettings: the entries around a token are found where a mailer
// configuration puts them, in every format, and not elsewhere.
func TestSettings(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	s := func(key string, kind Kind, value string) setting { return setting{key, kind.String(), value, value} }
	for _, tc := range []struct {
		name, file, src string
		want            []setting
	}{
		{"laravel smtp", ".env.production",
			"MAIL_MAILER=smtp\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=2525\nMAIL_USERNAME=" + tok + "\nMAIL_PASSWORD=" + tok + "\nMAIL_FROM_ADDRESS=a@b.test\nMAIL_FROM_NAME=A\nDB_PORT=5432\nREDIS_PASSWORD=x\n",
			[]setting{s("MAIL_HOST", SMTPHost, "smtp.postmarkapp.com"), s("MAIL_PORT", SMTPPort, "2525"), s("MAIL_USERNAME", SMTPUser, tok),
				s("MAIL_PASSWORD", SMTPPassword, tok), s("MAIL_FROM_ADDRESS", Sender, "a@b.test")}},
		{"django", "prod/.env", "EMAIL_HOST=smtp-broadcasts.postmarkapp.com\nEMAIL_PORT=587\nEMAIL_HOST_USER=u\nEMAIL_HOST_PASSWORD=u\nDEFAULT_FROM_EMAIL=a@b.test\n",
			[]setting{s("EMAIL_HOST", SMTPHost, "smtp-broadcasts.postmarkapp.com"), s("EMAIL_PORT", SMTPPort, "587"), s("EMAIL_HOST_USER", SMTPUser, "u"),
				s("EMAIL_HOST_PASSWORD", SMTPPassword, "u"), s("DEFAULT_FROM_EMAIL", Sender, "a@b.test")}},
		{"rails smtp_settings", "config/credentials.yml", "smtp:\n  address: smtp.postmarkapp.com\n  port: 465\n  user_name: u\n  password: u\n  domain: b.test\n",
			[]setting{s("smtp.address", SMTPHost, "smtp.postmarkapp.com"), s("smtp.port", SMTPPort, "465"), s("smtp.user_name", SMTPUser, "u"), s("smtp.password", SMTPPassword, "u")}},
		{"host and port in one value", "config/app.yaml", "mail:\n  smtp: smtp-broadcasts.postmarkapp.com:465\n",
			[]setting{s("mail.smtp", SMTPHost, "smtp-broadcasts.postmarkapp.com"), s("mail.smtp", SMTPPort, "465")}},
		{"smtp url without login", "config/app.toml", "[mail]\nurl = \"smtp://smtp.postmarkapp.com:25\"\nusername = \"u\"\npassword = \"u\"\n",
			[]setting{s("mail.url", SMTPHost, "smtp.postmarkapp.com"), s("mail.url", SMTPPort, "25"), s("mail.username", SMTPUser, "u"), s("mail.password", SMTPPassword, "u")}},
		{"symfony smtp dsn", ".env", "MAILER_DSN=smtp://" + tok + ":x@smtp.postmarkapp.com:2587\n",
			[]setting{s("MAILER_DSN", SMTPHost, "smtp.postmarkapp.com"), s("MAILER_DSN", SMTPPort, "2587"), s("MAILER_DSN", SMTPUser, tok), s("MAILER_DSN", SMTPPassword, "x")}},
		{"symfony postmark dsns", ".env", "MAILER_DSN=postmark+api://" + tok + "@default?message_stream=broadcast\nSMTP_DSN=postmark+smtp://" + tok + "@default:465\n",
			[]setting{s("MAILER_DSN", Stream, "broadcast"), s("SMTP_DSN", SMTPPort, "465")}},
		{"spring", "application-prod.properties", "spring.mail.host=smtp.postmarkapp.com\nspring.mail.port=${MAIL_PORT:465}\nspring.mail.username=u\nspring.mail.password=u\nspring.datasource.port=5432\n",
			[]setting{s("spring.mail.host", SMTPHost, "smtp.postmarkapp.com"), s("spring.mail.port", SMTPPort, "465"), s("spring.mail.username", SMTPUser, "u"), s("spring.mail.password", SMTPPassword, "u")}},
		{"terraform", "main.tf", "locals {\n  smtp_host = \"smtp.postmarkapp.com\"\n  smtp_port = 587\n  db_port = 5432\n}\n",
			[]setting{s("locals.smtp_host", SMTPHost, "smtp.postmarkapp.com"), s("locals.smtp_port", SMTPPort, "587")}},
		{"streams", ".env", "POSTMARK_MESSAGE_STREAM=outbound\nPOSTMARK_BROADCAST_MESSAGE_STREAM_ID=news\nPOSTMARK_INBOUND_STREAM=inbound\nPOSTMARK_MESSAGE_STREAM_TYPE=Broadcasts\n",
			[]setting{s("POSTMARK_MESSAGE_STREAM", Stream, "outbound"), s("POSTMARK_BROADCAST_MESSAGE_STREAM_ID", Stream, "news")}},
		{"dotnet stream", "appsettings.json", "{\"Postmark\": {\"ServerToken\": \"" + tok + "\", \"MessageStream\": \"outbound\"}}",
			[]setting{s("Postmark:MessageStream", Stream, "outbound")}},
		{"stream under a postmark key", "config/app.yaml", "postmark:\n  token: " + tok + "\n  stream: outbound\nother:\n  stream: video\n",
			[]setting{s("postmark.stream", Stream, "outbound")}},
		{"stream beside a token", ".env", "MAIL_TOKEN=" + tok + "\nMAIL_MESSAGE_STREAM=news\nMAIL_HOST=api.postmarkapp.com\n",
			[]setting{s("MAIL_MESSAGE_STREAM", Stream, "news")}},
		{"the stream header", "config/mail.yaml", "# sent through Postmark\nmail:\n  headers:\n    X-PM-Message-Stream: broadcast\n",
			[]setting{s("mail.headers.X-PM-Message-Stream", Stream, "broadcast")}},
		{"a message stream of something else", ".env", "POSTMARK_API_TOKEN=" + tok + "\n", nil},
		{"zero2prod sender", "configuration/production.yaml", "email_client:\n  base_url: https://api.postmarkapp.com\n  sender_email: a@b.test\n  timeout_milliseconds: 10000\n",
			[]setting{s("email_client.sender_email", Sender, "a@b.test")}},
		{"anymail sender", "prod/.env", "EMAIL_BACKEND=anymail.backends.postmark.EmailBackend\nDEFAULT_FROM_EMAIL=A <a@b.test>\nSERVER_EMAIL=c@b.test\n",
			[]setting{s("DEFAULT_FROM_EMAIL", Sender, "A <a@b.test>")}},
		{"postmark sender key", ".env", "POSTMARK_FROM_EMAIL=a@b.test\nPOSTMARK_FROM_NAME=A\n",
			[]setting{s("POSTMARK_FROM_EMAIL", Sender, "a@b.test")}},
		{"mailgun beside a postmark token", ".env", "POSTMARK_TOKEN=" + tok + "\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=465\nMAIL_USERNAME=postmaster@mg.b.test\nMAIL_PASSWORD=x\nMAIL_FROM_ADDRESS=a@gmail.com\n", nil},
		{"a reference selects nothing", ".env", "MAIL_PASSWORD=${POSTMARK_TOKEN}\nMAIL_FROM_ADDRESS=a@gmail.com\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := settingsOf(tc.file, tc.src); !slices.Equal(got, tc.want) {
				t.Errorf("settings:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestMailers: each setting and token sits in the mailer of its scope, or
// of its DSN.
func TestMailers(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	src := "MAIL_HOST=smtp.postmarkapp.com\nMAIL_USERNAME=" + tok + "\nMAIL_PASSWORD=" + tok + "\nPOSTMARK_MESSAGE_STREAM=outbound\nMAILER_DSN=smtp://" + tok + ":" + tok + "@smtp-broadcasts.postmarkapp.com\n"
	f := Parse(".env", Dotenv, []byte(src), Options{})
	if len(f.Entries) != 3 {
		t.Fatalf("%d token entries, want 3", len(f.Entries))
	}
	mailer := map[string]*Mailer{}
	for _, e := range f.Entries {
		mailer[e.Key] = e.Mailer
	}
	env, dsn := mailer["MAIL_USERNAME"], mailer["MAILER_DSN"]
	if env == nil || env == dsn || mailer["MAIL_PASSWORD"] != env || !env.SMTP || !dsn.SMTP {
		t.Fatalf("mailers: %v", mailer)
	}
	if env.Host.Key != "MAIL_HOST" || env.User.Key != "MAIL_USERNAME" || env.Password.Key != "MAIL_PASSWORD" || len(env.Tokens) != 2 {
		t.Errorf("the .env mailer: %+v", env)
	}
	if dsn.Host.Value != "smtp-broadcasts.postmarkapp.com" || dsn.User.Value != tok || dsn.Password.Value != tok || len(dsn.Tokens) != 1 {
		t.Errorf("the DSN's mailer: %+v", dsn)
	}
	for _, e := range f.Settings {
		if e.Mailer == nil || e.Key == "POSTMARK_MESSAGE_STREAM" && e.Mailer != env {
			t.Errorf("%s (%s) has mailer %p", e.Key, e.Kind, e.Mailer)
		}
	}
}
