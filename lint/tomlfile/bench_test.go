package tomlfile

import (
	"testing"
)

// benchConfig is a typical application config of about 2 KB.
const benchConfig = `# Application configuration
title = "newsletter service"
environment = "production"
debug = false

[application]
port = 8000
host = "0.0.0.0"
base_url = "https://newsletter.example.com"
hmac_secret = "fake-hmac-secret-0000000000000000"
workers = 4
timeout = 2.5 # seconds

[database]
host = "db.internal.example.com"
port = 5432
username = "app"
password = "fake-db-password"
database_name = "newsletter"
require_ssl = true
pool = { min = 2, max = 16, idle_timeout = "30s" }

[email_client]
base_url = "https://api.postmarkapp.com"
sender_email = "news@example.com"
authorization_token = "00000000-0000-0000-0000-000000000000"
timeout_milliseconds = 10000
message_stream = 'outbound'

[email_client.templates]
welcome = "welcome-email"
reset = "password-reset"
digest = "weekly-digest"

[redis]
uri = "redis://127.0.0.1:6379"
tls = false

[storage]
bucket = "newsletter-assets"
region = "eu-west-1"
access_key_id = "FAKEACCESSKEY0000000"
secret_access_key = "fake/secret/access/key/0000000000000000"
public_url = "https://assets.example.com"

[[routes]]
path = "/subscriptions"
method = "POST"
rate_limit = { per_minute = 60, burst = 10 }

[[routes]]
path = "/subscriptions/confirm"
method = "GET"
rate_limit = { per_minute = 120, burst = 20 }

[[routes]]
path = "/admin/newsletters"
method = "POST"
auth = "session"
tags = ["admin", "email", "postmark"]

[logging]
level = "info"
format = "json"
targets = [
  { kind = "stdout" },
  { kind = "file", path = "/var/log/newsletter.log", rotate = true },
]

[telemetry]
enabled = true
endpoint = "https://otel.example.com:4317"
sample_rate = 0.1
started = 2024-01-15T09:30:00Z
service_name = """
newsletter-\
production"""

[features]
double_opt_in = true
unsubscribe_link = true
tracking.opens = true
tracking.links = "HtmlAndText"

[secrets]
signing_key = '''
-----FAKE KEY-----
not-a-real-key
-----END FAKE KEY-----'''
webhook_user = "postmark-webhook"
webhook_password = "fake-webhook-password"
`

func BenchmarkRead(b *testing.B) {
	src := []byte(benchConfig)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}

// BenchmarkReadParts splits Read's cost between the loader's verdict and
// the pair walk, to show what running both parsers costs.
func BenchmarkReadParts(b *testing.B) {
	src := []byte(benchConfig)
	b.Run("loader", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			load(src, 0)
		}
	})
	b.Run("pairs", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			r := reader{src: src}
			r.parse(0)
		}
	})
}

func TestBenchConfig(t *testing.T) {
	src := []byte(benchConfig)
	pairs, errs := Read(src)
	checkInvariants(t, src, pairs, errs)
	if len(errs) > 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if len(src) < 1800 || len(src) > 2300 {
		t.Errorf("benchmark config is %d bytes, want about 2 KB", len(src))
	}
	t.Logf("%d bytes, %d pairs", len(src), len(pairs))
}
