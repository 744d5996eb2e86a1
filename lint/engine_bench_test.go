package lint_test

import (
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/rules"
)

// typical is a ~2 KB production .env file with one Postmark token among
// the usual settings.
var typical = []byte(strings.Repeat("APP_NAME=shop\nAPP_ENV=production\nDATABASE_URL=postgres://db:5432/shop\nREDIS_URL=redis://cache:6379/0\nSESSION_SECRET=${SESSION_SECRET}\nLOG_LEVEL=info\n", 10) +
	"POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\nMAIL_FROM=hello@example.com\n" +
	strings.Repeat("FEATURE_FLAG_A=true\nFEATURE_FLAG_B=false\nSENTRY_DSN=https://key@o1.ingest.sentry.io/1\n", 8))

// BenchmarkEngine parses and checks one typical file with every rule: the
// work a pre-commit hook or an on-save task does per file.
func BenchmarkEngine(b *testing.B) {
	b.SetBytes(int64(len(typical)))
	b.ReportAllocs()
	for b.Loop() {
		f := lint.Parse(".env.production", lint.Dotenv, typical, lint.Options{})
		if len(lint.Check([]*lint.File{f}, rules.All)) == 0 {
			b.Fatal("no finding")
		}
	}
}

// BenchmarkSkip is the common case of a walk: a file that does not
// mention Postmark, searched and let go.
func BenchmarkSkip(b *testing.B) {
	src := []byte(strings.ReplaceAll(string(typical), "POSTMARK", "SENDGRID"))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if f := lint.Parse(".env.production", lint.Dotenv, src, lint.Options{}); f.Parsed {
			b.Fatal("parsed a file without Postmark")
		}
	}
}
