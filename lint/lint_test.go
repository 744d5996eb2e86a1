package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"POSTMARK_API_TOKEN":      "postmark api token",
		"postmark.serverToken":    "postmark server token",
		"Postmark:ServerToken":    "postmark server token",
		"X-Postmark-Server-Token": "x postmark server token",
		"APIToken":                "api token",
		"values-prod.yaml":        "values prod yaml",
		"PRODUCT_ID":              "product id",
		"s3cr37":                  "s cr",
	} {
		if got := strings.Join(Words(in), " "); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnvOfPath(t *testing.T) {
	for in, want := range map[string]Env{
		".env":                           EnvUnknown,
		".env.production":                EnvProduction,
		"config/.env.prod":               EnvProduction,
		".env.staging":                   EnvStaging,
		".env.local":                     EnvDevelopment,
		".env.production.local":          EnvProduction,
		".env.test.local":                EnvTest,
		".env.local.prod":                EnvProduction,
		".env.local.test":                EnvTest,
		".env.local.staging":             EnvStaging,
		".env.local.dev":                 EnvDevelopment,
		"config.local.yaml":              EnvDevelopment,
		".env.test":                      EnvTest,
		"src/core/.env.ci":               EnvTest,
		".env.example":                   EnvExample,
		".env.production.example":        EnvExample,
		".env.sample":                    EnvExample,
		".env.dist":                      EnvExample,
		".env.tpl":                       EnvExample,
		"env.example":                    EnvExample,
		"config/application.example.yml": EnvExample,
		"production.yaml":                EnvProduction,
		"values-prod.yaml":               EnvProduction,
		"config.staging.toml":            EnvStaging,
		"Pulumi.prod.yaml":               EnvProduction,
		"prod/app.yaml":                  EnvProduction,
		"deploy/production/app.yaml":     EnvProduction,
		"k8s/overlays/stage/env.yaml":    EnvStaging,
		".envs/.production/.django":      EnvProduction,
		"testdata/app.yaml":              EnvUnknown,
		"products/app.yaml":              EnvUnknown,
		"config/base.toml":               EnvUnknown,
	} {
		if got := EnvOfPath(in); got != want {
			t.Errorf("EnvOfPath(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestEnvOfName(t *testing.T) {
	for in, want := range map[string]Env{
		"POSTMARK_STAGING_TOKEN": EnvStaging,
		"PROD_POSTMARK_TOKEN":    EnvProduction,
		"POSTMARK_TOKEN":         EnvUnknown,
		"PRODUCT_ID":             EnvUnknown,
		"deploy-production":      EnvProduction,
		"POSTMARK_TEMPLATE_ID":   EnvUnknown, // template words name files, not keys
		"localhost":              EnvUnknown,
		"${{ github.ref == 'refs/heads/main' && 'production' || 'staging' }}": EnvUnknown,
		"stage-staging": EnvStaging,
	} {
		if got := EnvOfName(in); got != want {
			t.Errorf("EnvOfName(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestReference(t *testing.T) {
	for _, tc := range []struct {
		raw, tag string
		ref      bool
		name     string
	}{
		{"${POSTMARK_TOKEN}", "", true, "POSTMARK_TOKEN"},
		{"${POSTMARK_TOKEN:-x}", "", true, "POSTMARK_TOKEN"},
		{"${POSTMARK_STAGING_TOKEN:e3b0c442-98fc-4c14-9afb-f4c8996fb924}", "", true, "POSTMARK_STAGING_TOKEN"},
		{"${POSTMARK_TOKEN:POSTMARK_API_TEST}", "", true, "POSTMARK_TOKEN"},
		{"${POSTMARK_TOKEN:${POSTMARK_STAGING_TOKEN:x}}", "", true, "POSTMARK_TOKEN"},
		{"${POSTMARK_TOKEN:?set it}", "", true, "POSTMARK_TOKEN"},
		{"$POSTMARK_TOKEN", "", true, "POSTMARK_TOKEN"},
		{"${{ secrets.POSTMARK_STAGING_TOKEN }}", "", true, "POSTMARK_STAGING_TOKEN"},
		{"${{secrets.X}}", "", true, "X"},
		{"{{ .Values.postmark.token }}", "", true, "token"},
		{"<%= ENV['POSTMARK_API_KEY'] %>", "", true, "POSTMARK_API_KEY"},
		{`<%= ENV.fetch("POSTMARK_API_KEY") %>`, "", true, "POSTMARK_API_KEY"},
		{"%env(STAGING_POSTMARK_KEY)%", "", true, "STAGING_POSTMARK_KEY"},
		{"%env(resolve:POSTMARK_KEY)%", "", true, "POSTMARK_KEY"},
		{"env(POSTMARK_TOKEN)", "", true, "POSTMARK_TOKEN"},
		{"${POSTMARK_TOKEN}", "!ENV", true, "POSTMARK_TOKEN"},
		{"ENC[AES256_GCM,data:abc,type:str]", "", true, ""},
		{"op://Production/Postmark/credential", "", true, "Production/Postmark/credential"},
		{"arn:aws:secretsmanager:eu-west-1:1:secret:postmark-AbCdEf", "", true, "eu-west-1:1:secret:postmark-AbCdEf"},
		{"d330a549-4d14-4f1a-8cc3-46363c234038", "", false, ""},
		{"costs $5", "", false, ""},
	} {
		ref, name := reference(tc.raw, tc.tag)
		if ref != tc.ref || name != tc.name {
			t.Errorf("reference(%q, %q) = %v, %q; want %v, %q", tc.raw, tc.tag, ref, name, tc.ref, tc.name)
		}
	}
}

func TestPos(t *testing.T) {
	f := &File{Src: []byte("a=1\r\nÄÖ=xyz\nlast")}
	for off, want := range map[int]Position{
		0:  {1, 1},
		2:  {1, 3},
		5:  {2, 1},
		9:  {2, 3}, // after two 2-byte letters: columns count code points
		10: {2, 4},
		14: {3, 1},
		18: {3, 5},
	} {
		if got := f.Pos(off); got != want {
			t.Errorf("Pos(%d) = %v, want %v", off, got, want)
		}
	}
	if got := string(f.Line(1)); got != "a=1" {
		t.Errorf("Line(1) = %q, want CR dropped", got)
	}
}

func TestRedact(t *testing.T) {
	tok := "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	if got := Redact(tok); got != "…4f19" {
		t.Errorf("Redact = %q", got)
	}
	if got := Redact("short"); got != "…" {
		t.Errorf("Redact(short) = %q", got)
	}
	msg := "found " + tok + " near POSTMARK_SERVER_TOKEN in config_v2_final"
	got := RedactText(msg)
	if strings.Contains(got, tok[:9]) || !strings.Contains(got, "POSTMARK_SERVER_TOKEN") || !strings.Contains(got, "…4f19") {
		t.Errorf("RedactText = %q", got)
	}
}

func TestMayHoldEntry(t *testing.T) {
	for in, want := range map[string]bool{
		"POSTMARK_TOKEN=x":           true,
		"host: smtp.PostmarkApp.com": true,
		"pOsTmArK":                   true,
		"post mark":                  false,
		"":                           false,
		"postmar":                    false,
	} {
		if got := MayHoldEntry([]byte(in), nil); got != want {
			t.Errorf("MayHoldEntry(%q) = %v", in, got)
		}
	}
	if !MayHoldEntry([]byte("MAILER_SECRET=1"), []string{"mailer_secret"}) {
		t.Error("extra keys are not searched")
	}
}

// entry is what a detection test expects of one entry.
type entry struct{ key, env, how, value string }

func entriesOf(t *testing.T, name, src string) []entry {
	t.Helper()
	format := FormatOf(name)
	f := Parse(name, format, []byte(src), Options{})
	var out []entry
	for _, e := range f.Entries {
		out = append(out, entry{e.Key, e.Env.String(), e.Detection.String(), e.Value})
	}
	return out
}

func TestDetect(t *testing.T) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	for _, tc := range []struct {
		name, file, src string
		want            []entry
	}{
		{"postmark keys", ".env", "POSTMARK_SERVER_TOKEN=a\nPOSTMARK_API_KEY=b\nPOSTMARK_ACCOUNT_TOKEN=c\nAUTH_POSTMARK_KEY=d\nPOSTMARKAPP_API_KEY=e\n",
			[]entry{{"POSTMARK_SERVER_TOKEN", "unknown", "key", "a"}, {"POSTMARK_API_KEY", "unknown", "key", "b"}, {"POSTMARK_ACCOUNT_TOKEN", "unknown", "key", "c"}, {"AUTH_POSTMARK_KEY", "unknown", "key", "d"}, {"POSTMARKAPP_API_KEY", "unknown", "key", "e"}}},
		{"not api tokens", ".env", "POSTMARK_WEBHOOK_PASSWORD=a\nPOSTMARK_INBOUND_TOKEN=b\nPOSTMARK_TEMPLATE_ID=1\nPOSTMARK_FROM=x@y.z\nPOSTMARK_SERVICE_API_KEY=c\nPOSTMARK_API_BASE_URL=https://api.postmarkapp.com\n", nil},
		{"nested yaml", "config/app.yaml", "notifiers:\n  postmark:\n    token: a\n    from: x@y.z\n",
			[]entry{{"notifiers.postmark.token", "unknown", "key", "a"}}},
		{"webhooks token under postmark", "config/app.yaml", "postmark:\n  webhooks:\n    token: a\n  webhooks_token: b\n", nil},
		{"file name counts", "config/postmark.yml", "production:\n  api_key: a\n",
			[]entry{{"production.api_key", "production", "key", "a"}}},
		{"dsn", ".env", "MAILER_DSN=postmark+api://" + tok + "@default\n",
			[]entry{{"MAILER_DSN", "unknown", "dsn", tok}}},
		{"smtp url", ".env", "MAILER_DSN=smtp://" + tok + ":" + tok + "@smtp.postmarkapp.com:587\n",
			[]entry{{"MAILER_DSN", "unknown", "dsn", tok}}},
		{"smtp url elsewhere", ".env", "MAILER_DSN=smtp://user:pass@smtp.example.com:587 # postmark\n", nil},
		{"sentry dsn", ".env", "SENTRY_DSN=https://abc@o1.ingest.sentry.io/1 # postmark\n", nil},
		{"sibling in a mapping", "config/production.yaml", "email_client:\n  base_url: https://api.postmarkapp.com\n  authorization_token: a\n  timeout: 10\n",
			[]entry{{"email_client.authorization_token", "production", "sibling", "a"}}},
		{"sibling in a flat file shares a word", ".env", "MAIL_HOST=smtp.postmarkapp.com\nMAIL_USERNAME=a\nMAIL_PASSWORD=a\nDB_PASSWORD=c\nSECRET_KEY=d\n",
			[]entry{{"MAIL_USERNAME", "unknown", "sibling", "a"}, {"MAIL_PASSWORD", "unknown", "sibling", "a"}}},
		{"an SMTP login of one token and another value", ".env", "MAIL_HOST=smtp.postmarkapp.com\nMAIL_USERNAME=" + tok + "\nMAIL_PASSWORD=b\n",
			[]entry{{"MAIL_USERNAME", "unknown", "sibling", tok}, {"MAIL_PASSWORD", "unknown", "sibling", "b"}}},
		{"an SMTP Token's access and secret key hold no server token", ".env", "MAIL_HOST=smtp.postmarkapp.com\nMAIL_USERNAME=PM-T-outbound-Xy7\nMAIL_PASSWORD=s3cr37-s3cr37\n", nil},
		{"rails smtp_settings user_name", "config/credentials.yml", "smtp:\n  address: smtp.postmarkapp.com\n  port: 587\n  user_name: a\n  password: a\n",
			[]entry{{"smtp.user_name", "unknown", "sibling", "a"}, {"smtp.password", "unknown", "sibling", "a"}}},
		{"smtp url with a token for user name only", ".env", "MAILER_DSN=smtp://" + tok + ":x@smtp.postmarkapp.com:587\nOTHER_DSN=smtp://x:" + tok + "@smtp.postmarkapp.com\nKEYS_DSN=smtp://PM-T-outbound-Xy7:s3cr37@smtp.postmarkapp.com\n",
			[]entry{{"MAILER_DSN", "unknown", "dsn", tok}, {"OTHER_DSN", "unknown", "dsn", tok}}},
		{"sibling in another mapping", "config/app.yaml", "api:\n  base_url: https://api.postmarkapp.com\ndb:\n  password: x\n", nil},
		{"inbound address", "gateway.toml", "[[routes]]\nkey = \"0123456789abcdef0123456789abcdef@inbound.postmarkapp.com\"\n", nil},
		{"sequences are not values", "cassette.yml", "headers:\n  X-Postmark-Server-Token:\n  - POSTMARK_API_TEST\n", nil},
		{"compose list", "docker-compose.yml", "services:\n  web:\n    environment:\n      - POSTMARK_API_TOKEN=a\n      - OTHER=b\n",
			[]entry{{"services.web.environment.POSTMARK_API_TOKEN", "unknown", "key", "a"}}},
		{"kubernetes env", "k8s/prod/deploy.yaml", "spec:\n  containers:\n  - env:\n    - name: POSTMARK_SERVER_TOKEN\n      value: a\n    - name: POSTMARK_API_TOKEN\n      valueFrom:\n        secretKeyRef: {name: s, key: POSTMARK_API_TOKEN}\n",
			[]entry{{"spec.containers[0].env.POSTMARK_SERVER_TOKEN", "production", "key", "a"}}},
		{"github actions environment", ".github/workflows/deploy.yml", "jobs:\n  deploy:\n    environment: production\n    steps:\n    - env:\n        POSTMARK_SERVER_TOKEN: ${{ secrets.POSTMARK_STAGING_TOKEN }}\n",
			[]entry{{"jobs.deploy.steps[0].env.POSTMARK_SERVER_TOKEN", "production", "key", "${{ secrets.POSTMARK_STAGING_TOKEN }}"}}},
		{"toml sections", "wrangler.toml", "[env.staging.vars]\nPOSTMARK_TOKEN = \"a\"\n[env.production.vars]\nPOSTMARK_TOKEN = \"b\"\n",
			[]entry{{"env.staging.vars.POSTMARK_TOKEN", "staging", "key", "a"}, {"env.production.vars.POSTMARK_TOKEN", "production", "key", "b"}}},
		{"claim when nothing else says", ".env", "POSTMARK_STAGING_TOKEN=a\n",
			[]entry{{"POSTMARK_STAGING_TOKEN", "staging", "key", "a"}}},
		{"section beats file name", ".env.production", "POSTMARK_STAGING_TOKEN=a\n",
			[]entry{{"POSTMARK_STAGING_TOKEN", "production", "key", "a"}}},
		{"template file", "config/application.example.yml", "production:\n  POSTMARK_API_KEY: a\n",
			[]entry{{"production.POSTMARK_API_KEY", "example", "key", "a"}}},
		{"commented out", ".env", "# POSTMARK_SERVER_TOKEN=a\n", nil},
		{"header name key", "config.yaml", "X-Postmark-Server-Token: a\n",
			[]entry{{"X-Postmark-Server-Token", "unknown", "key", "a"}}},
		{"dotnet style", "appsettings.yaml", "Postmark:ServerToken: a\n",
			[]entry{{"Postmark:ServerToken", "unknown", "key", "a"}}},
		{"qualifiers after the credential word", ".env", "POSTMARK_API_KEY_BULK=a\nPOSTMARK_TOKEN_PRODUCTION=b\n",
			[]entry{{"POSTMARK_API_KEY_BULK", "unknown", "key", "a"}, {"POSTMARK_TOKEN_PRODUCTION", "production", "key", "b"}}},
		{"keys about a token, not holding one", ".env", "POSTMARK_TOKEN_EXPIRY=3600\nPOSTMARK_KEY_ID=42\nPOSTMARK_TOKEN_NAME=x\nPOSTMARK_PASSWORD_RESET_TEMPLATE=x\nPOSTMARK_SERVER_TOKEN_FILE=/run/secrets/x\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PASSWORD_FILE=/run/secrets/y\n", nil},
		{"kubernetes secret data is base64", "k8s/prod/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  POSTMARK_SERVER_TOKEN: " + "M2YwYzlhNTEtN2QyZS00YjhhLTljNjEtMGU1ZDdhMmI0ZjE5Cg==" + "\n",
			[]entry{{"data.POSTMARK_SERVER_TOKEN", "production", "key", tok + "\n"}}},
		{"spring placeholder defaults", "application-prod.properties",
			"postmark.api.token=${POSTMARK_API_TOKEN:" + tok + "} \npostmark.server-token=\\${POSTMARK_SERVER_TOKEN:${POSTMARK_TOKEN:a\\\n  b}}\npostmark.api-key=${POSTMARK_API_KEY:}\npostmark.key=\\\\${POSTMARK_KEY:c}\n",
			[]entry{{"postmark.api.token", "production", "key", tok}, {"postmark.server-token", "production", "key", "ab"},
				{"postmark.api-key", "production", "key", "${POSTMARK_API_KEY:}"}, {"postmark.key", "production", "key", "\\${POSTMARK_KEY:c}"}}},
		{"properties siblings share the key's prefix", "application.properties",
			"spring.mail.host=smtp.postmarkapp.com\nspring.mail.password=a\nspring.datasource.password=b\nspring.mail.properties.mail.smtp.password=c\n",
			[]entry{{"spring.mail.password", "unknown", "sibling", "a"}}},
		{"sealed secrets are ciphertext", "k8s/sealed.yaml", "kind: SealedSecret\nspec:\n  encryptedData:\n    POSTMARK_API_TOKEN: AgBy3i4OJSWK+PiTySYZZA==\n", nil},
		{"helm values pointing at secrets", "values-prod.yaml", "postmark:\n  existingSecret: s\n  existingSecretKey: server-token\n  tokenSecretName: s\n  serverTokenEnv: POSTMARK_SERVER_TOKEN\n  apiTokenFile: /x\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := entriesOf(t, tc.file, tc.src)
			if !slices.Equal(got, tc.want) {
				t.Errorf("entries:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestEntrySpans checks, over every fixture and every real corpus file,
// that each entry's spans lie in the file, that Inner lies in Raw, and that
// a literally written value is exactly the bytes its span covers.
func TestEntrySpans(t *testing.T) {
	roots := []string{"../rules/testdata", "../../shared/corpus/real"}
	n := 0
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			t.Logf("skipping %s: %v", root, err)
			continue
		}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".golden") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			format := FormatOf(p)
			if format == FormatUnknown {
				format = Sniff(src)
			}
			f := Parse(p, format, src, Options{})
			for _, e := range f.Entries {
				n++
				if e.Raw.Start < 0 || e.Raw.End > len(src) || e.Raw.Start > e.Raw.End {
					t.Errorf("%s: %s: raw span %v outside the file", p, e.Key, e.Raw)
					continue
				}
				if e.Inner.Start < e.Raw.Start || e.Inner.End > e.Raw.End {
					t.Errorf("%s: %s: inner span %v not within raw %v", p, e.Key, e.Inner, e.Raw)
				}
				if e.Pair.Raw.Start > e.Raw.Start || e.Pair.Raw.End < e.Raw.End {
					t.Errorf("%s: %s: entry span %v not within its pair's %v", p, e.Key, e.Raw, e.Pair.Raw)
				}
				ff, _ := LookupFormat(f.Format)
				if ff.Locate != nil && e.Detection != ByDSN {
					// Escapes and continued lines: the bytes read as the value.
					if _, _, ok := ff.Locate(src[e.Inner.Start:e.Inner.End], e.Value, 0, len(e.Value)); !ok {
						t.Errorf("%s: %s: inner bytes %v do not read as the value (%s)", p, e.Key, e.Inner, Redact(e.Value))
					}
				} else if e.Quote == Unquoted && e.Detection != ByDSN && !strings.ContainsAny(e.Value, "\n$") && e.File.Format != Dotenv {
					if got := string(src[e.Inner.Start:e.Inner.End]); got != e.Value {
						t.Errorf("%s: %s: inner bytes (%d) differ from the value (%d, %s)", p, e.Key, len(got), len(e.Value), Redact(e.Value))
					}
				}
			}
			return nil
		})
	}
	if n == 0 {
		t.Skip("no entries found")
	}
}

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		glob, path string
		want       bool
	}{
		{"*.env", "deploy/eu.env", true},
		{"*.env", "eu.env", true},
		{"deploy/*.env", "deploy/eu.env", true},
		{"deploy/*.env", "other/deploy/eu.env", false},
		{"**/testdata/**", "rules/testdata/x/.env", true},
		{"**/testdata/**", "testdata/.env", true},
		{"**/testdata/**", "rules/.env", false},
		{"app/**", "app/a/b/c.yaml", true},
		{"/app/*.yaml", "app/x.yaml", true},
	} {
		if got := matchGlob(tc.glob, tc.path); got != tc.want {
			t.Errorf("matchGlob(%q, %q) = %v", tc.glob, tc.path, got)
		}
	}
	if validGlob("[prod") || !validGlob("**/*.env") {
		t.Error("validGlob")
	}
}

func TestFamilyKey(t *testing.T) {
	for in, want := range map[string]string{
		".env.production":     ".env",
		".env.staging":        ".env",
		".env":                ".env",
		".env.example":        ".env.example",
		"values-prod.yaml":    "values.yaml",
		"values-staging.yaml": "values.yaml",
		"config.staging.toml": "config.toml",
		"production.yaml":     "yaml",
		"base.yaml":           "base.yaml",
	} {
		if got := FamilyKey(in); got != want {
			t.Errorf("FamilyKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuppressions(t *testing.T) {
	src := "# postmarklint:ignore token-format,env-mismatch -- rotated tomorrow\nPOSTMARK_A=1\nB=2 # postmarklint:ignore token-placeholder\nC=\"# postmarklint:ignore x -- inside a value\"\n"
	f := Parse(".env.production", Dotenv, []byte(src), Options{})
	got := Suppressions(f)
	if len(got) != 2 {
		t.Fatalf("got %d suppressions, want 2", len(got))
	}
	if s := got[0]; s.Line != 2 || strings.Join(s.Rules, ",") != "token-format,env-mismatch" || s.Reason != "rotated tomorrow" {
		t.Errorf("first: %+v", s)
	}
	if s := got[1]; s.Line != 3 || strings.Join(s.Rules, ",") != "token-placeholder" || s.Reason != "" {
		t.Errorf("second: %+v", s)
	}
}

// TestParseUTF16: a UTF-16 file (Windows PowerShell 5's >, either byte
// order, or iconv -t UTF-16LE without a byte order mark) that mentions
// Postmark is one parse error at its start, in every format; one that
// does not is not parsed.
func TestParseUTF16(t *testing.T) {
	for _, enc := range []struct{ big, bom bool }{{false, true}, {true, true}, {false, false}, {true, false}} {
		big := enc.big
		encode := func(s string, big bool) []byte { return encodeUTF16(s, big, enc.bom) }
		for _, tc := range []struct {
			path, text string
			format     Format
		}{
			{".env.production", "POSTMARK_SERVER_TOKEN=d330a549-4d14-4f1a-8cc3-46363c234038\r\n", Dotenv},
			{"config/production.yaml", "postmark:\r\n  server_token: d330a549-4d14-4f1a-8cc3-46363c234038\r\n", YAML},
			{"wrangler.toml", "[vars]\r\nPOSTMARK_TOKEN = \"d330a549-4d14-4f1a-8cc3-46363c234038\"\r\n", TOML},
		} {
			src := encode(tc.text, big)
			f := Parse(tc.path, FormatOf(tc.path), src, Options{})
			if !f.Parsed || len(f.ParseErrors) != 1 || len(f.Entries) != 0 {
				t.Errorf("%s (%+v): parsed %v, %d parse errors, %d entries; want one parse error", tc.path, enc, f.Parsed, len(f.ParseErrors), len(f.Entries))
				continue
			}
			pe := f.ParseErrors[0]
			if pos := f.Pos(pe.Offset); pe.Msg != "UTF-16 file; save it as UTF-8" || pos != (Position{1, 1}) {
				t.Errorf("%s (%+v): %d:%d %q", tc.path, enc, pos.Line, pos.Column, pe.Msg)
			}
			if got := Sniff(src); got != tc.format {
				t.Errorf("%s (%+v): Sniff = %v, want %v", tc.path, enc, got, tc.format)
			}
		}
		if f := Parse(".env", Dotenv, encode("MAIL_FROM=a@example.com\r\n", big), Options{}); f.Parsed {
			t.Errorf("UTF-16 file without Postmark (%+v) was parsed", enc)
		}
	}
}

// encodeUTF16 writes s as UTF-16, in either byte order, with or without a
// byte order mark.
func encodeUTF16(s string, big, bom bool) []byte {
	var b []byte
	switch {
	case bom && big:
		b = []byte{0xFE, 0xFF}
	case bom:
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestIsUTF16 pins what counts as UTF-16 text without a byte order mark:
// ASCII text beside NUL bytes from the start, in either byte order; not a
// binary file with NUL bytes elsewhere, not UTF-8, not a scrap too short
// to tell.
func TestIsUTF16(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		want bool
	}{
		{"LE with BOM", encodeUTF16("A=1\n", false, true), true},
		{"BE with BOM", encodeUTF16("A=1\n", true, true), true},
		{"LE", encodeUTF16("POSTMARK_SERVER_TOKEN=x\n", false, false), true},
		{"BE", encodeUTF16("POSTMARK_SERVER_TOKEN=x\n", true, false), true},
		{"LE, non-ASCII after the start", encodeUTF16(strings.Repeat("# comment ", 20)+"é\n", false, false), true},
		{"LE, too short", encodeUTF16("A=1", false, false), false},
		{"LE, non-ASCII at the start", encodeUTF16("# café\nA=1\n", false, false), false},
		{"UTF-8", []byte("POSTMARK_SERVER_TOKEN=x\n"), false},
		{"empty", nil, false},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), false},
		{"NUL bytes", make([]byte, 64), false},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), false},
	} {
		if got := IsUTF16(tc.src); got != tc.want {
			t.Errorf("%s: IsUTF16 = %v, want %v", tc.name, got, tc.want)
		}
	}
}
