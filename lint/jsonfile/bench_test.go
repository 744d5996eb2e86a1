package jsonfile

import "testing"

// benchConfig is a typical appsettings.json of about 2 KB.
const benchConfig = `{
  // Application configuration
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning",
      "Microsoft.EntityFrameworkCore.Database.Command": "Warning"
    }
  },
  "AllowedHosts": "*",
  "ConnectionStrings": {
    "DefaultConnection": "Server=db.internal.example.com;Database=newsletter;User Id=app;Password=fake-db-password;",
    "Redis": "redis.internal.example.com:6379,ssl=true,abortConnect=false"
  },
  /* Postmark settings: the token comes from user secrets in development */
  "Postmark": {
    "ServerToken": "00000000-0000-4000-8000-000000000000",
    "AccountToken": "",
    "FromAddress": "news@example.com",
    "MessageStream": "outbound",
    "BaseUrl": "https://api.postmarkapp.com",
    "TimeoutSeconds": 10,
    "TrackOpens": true,
  },
  "Authentication": {
    "Schemes": {
      "Bearer": {
        "ValidAudiences": ["https://newsletter.example.com", "https://admin.example.com"],
        "ValidIssuer": "https://login.example.com/tenant/v2.0"
      }
    }
  },
  "Storage": {
    "Bucket": "newsletter-assets",
    "Region": "eu-west-1",
    "AccessKeyId": "FAKEACCESSKEY0000000",
    "SecretAccessKey": "fake/secret/access/key/0000000000000000",
    "PublicUrl": "https://assets.example.com"
  },
  "Routes": [
    { "Path": "/subscriptions", "Method": "POST", "RateLimit": { "PerMinute": 60, "Burst": 10 } },
    { "Path": "/subscriptions/confirm", "Method": "GET", "RateLimit": { "PerMinute": 120, "Burst": 20 } },
    { "Path": "/admin/newsletters", "Method": "POST", "Auth": "session" }
  ],
  "Telemetry": {
    "Enabled": true,
    "Endpoint": "https://otel.example.com:4317",
    "SampleRate": 0.1,
    "ServiceName": "newsletter\u002Dproduction"
  },
  "Features": {
    "DoubleOptIn": true,
    "UnsubscribeLink": true,
    "Tracking": { "Opens": true, "Links": "HtmlAndText" }
  },
  "Secrets": {
    "SigningKey": "-----FAKE KEY-----\nnot-a-real-key\n-----END FAKE KEY-----",
    "WebhookUser": "postmark-webhook",
    "WebhookPassword": "fake-webhook-password"
  },
  "Kestrel": {
    "Endpoints": {
      "Http": { "Url": "http://0.0.0.0:8000" },
      "Https": { "Url": "https://0.0.0.0:8443", "Certificate": { "Path": "/certs/app.pfx", "Password": null } }
    }
  }
}
`

func BenchmarkRead(b *testing.B) {
	src := []byte(benchConfig)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}

func TestBenchConfig(t *testing.T) {
	src := []byte(benchConfig)
	pairs, errs := Read(src)
	checkInvariants(t, src, pairs, errs)
	checkDifferential(t, src)
	if len(errs) > 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if len(src) < 1800 || len(src) > 3000 {
		t.Errorf("benchmark config is %d bytes, want about 2 KB", len(src))
	}
	t.Logf("%d bytes, %d pairs", len(src), len(pairs))
}
