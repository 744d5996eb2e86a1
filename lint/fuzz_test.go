package lint_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// uuidRE matches the shape of a Postmark token, in either case.
var uuidRE = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// fuzzFormats are the formats FuzzLint chooses from with its first byte,
// and the paths (production and staging) it gives the two files it lints.
type fuzzFormat struct {
	format     lint.Format
	prod, stag string
}

var fuzzFormats = []fuzzFormat{
	{lint.Dotenv, ".env.production", ".env.staging"},
	{lint.YAML, "config/production.yaml", "config/staging.yaml"},
	{lint.TOML, "production.toml", "staging.toml"},
	{lint.DotnetJSON, "appsettings.Production.json", "appsettings.Staging.json"},
	{lint.JSON, "prod/app.json", "staging/app.json"},
	{lint.JSONC, "config/production.json", "config/staging.json"},
	{lint.Properties, "application-prod.properties", "application-staging.properties"},
	{lint.Terraform, "envs/prod/main.tf", "envs/staging/main.tf"},
	{lint.TerraformVars, "prod.tfvars", "staging.tfvars"},
}

// FuzzLint runs the whole engine (a reader, detection, every rule, the
// text, JSON, SARIF and GitHub reports) over arbitrary bytes. The first
// byte chooses the format; the rest is the file. The same bytes are also
// linted as a staging file so that the cross-file rules run.
//
// Invariants: nothing panics; every span lies in its file; and no
// token-shaped text of the input is ever printed whole.
func FuzzLint(f *testing.F) {
	const tok = "3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19"
	// Seeds by format: the first byte is the index in fuzzFormats.
	for _, seed := range []struct {
		format lint.Format
		src    string
	}{
		{lint.Dotenv, "POSTMARK_SERVER_TOKEN=" + tok + "\nPOSTMARK_API_TOKEN=\"" + tok + " \"\n"},
		{lint.Dotenv, "MAILER_DSN=postmark+api://" + tok + "@default\nSMTP=smtp://" + tok + ":" + tok + "@smtp.postmarkapp.com:587\n"},
		{lint.Dotenv, "POSTMARK_TOKEN=\"" + tok + "\nOTHER=1\n"},
		{lint.YAML, "postmark:\n  token: &t " + tok + "\n  again: *t\n  broken: [" + tok + "\n"},
		{lint.YAML, "production:\n  postmark:\n    server_token: |\n      " + tok + "\n"},
		{lint.TOML, "[postmark]\nserver_token = \"" + tok + "\"\n[postmark]\ntoken = '" + tok + "\n"},
		{lint.TOML, "[env.production.vars]\nPOSTMARK_TOKEN = \"" + strings.ToUpper(tok) + "\" # postmarklint:ignore\n"},
		{lint.DotnetJSON, "{\"Postmark\": {\"ServerToken\": \"\\u200b" + tok + "\", /* x */ \"postmark:servertoken\": \"" + tok + "\",}}"},
		{lint.DotnetJSON, "{\"Postmark\": {\"ServerToken\": \"" + tok + "\\u200b\"}, \"postmark:servertoken\": \"\\\"" + tok + "\\\"\"}\n"},
		{lint.JSON, "{\"env\": {\"POSTMARK_API_TOKEN\": {\"value\": \"" + tok + " \"}}, // c\n}"},
		{lint.JSON, "{\"postmark_server_token\": \"" + tok + " \", // postmarklint:ignore token-whitespace -- x\n}\n"},
		{lint.JSONC, "{\"postmark\": {\"apiKey\": \"#{PostmarkToken}#\", \"token\": \"" + tok + "\\t\"}}"},
		{lint.JSONC, "{\"postmark\": {\"token\": \"\\u0033f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\\t\", /* c */ \"key\": \"#{PostmarkKey}#\",},}\n"},
		{lint.Properties, "postmark.api.token=${POSTMARK_API_TOKEN:" + tok + "}\npostmark.token = \\\n  " + tok + "  \n! postmarklint:ignore x\n"},
		{lint.Terraform, "variable \"postmark_server_token\" {\n  default = <<EOT\n" + tok + "\nEOT\n}\nprovider \"postmark\" { server_token = \"" + tok + " \" } // c\n"},
		{lint.TerraformVars, "postmark_server_token = \"" + tok + "\"\nenv = [{ name = \"POSTMARK_API_TOKEN\", value = \"${var.x}\" }]\n"},
		// The settings around tokens: an SMTP login of a token and another
		// value, ports, streams and senders that hold tokens.
		{lint.Dotenv, "MAIL_MAILER=postmark\nMAIL_HOST=smtp.postmarkapp.com:465\nMAIL_USERNAME=" + tok + "\nMAIL_PASSWORD=x" + tok + "\n" +
			"POSTMARK_MESSAGE_STREAM=" + tok[:27] + "\nPOSTMARK_FROM_EMAIL=" + tok + "@gmail.com\nPOSTMARK_ACCOUNT_TOKEN=POSTMARK_API_TEST\n" +
			"MAILER_DSN=smtp://" + tok + ":y" + tok + "@smtp-broadcasts.postmarkapp.com:2526?message_stream=pm-" + tok + "\n"},
		{lint.YAML, "smtp:\n  address: smtp.postmarkapp.com\n  port: 465\n  user_name: " + tok + "\n  password: \"" + tok + " \"\n  headers:\n    X-PM-Message-Stream: " + tok[:30] + "\n"},
		{lint.Properties, "spring.mail.host=smtp.postmarkapp.com\nspring.mail.port=${P:2465}\nspring.mail.username=${U:" + tok + "}\nspring.mail.password=z\\\n  " + tok + "\npostmark.message-stream=broadcast\n"},
	} {
		i := slices.IndexFunc(fuzzFormats, func(ff fuzzFormat) bool { return ff.format == seed.format })
		f.Add(append([]byte{byte(i)}, seed.src...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		ff := fuzzFormats[int(data[0])%len(fuzzFormats)]
		src := data[1:]
		prod := lint.Parse(ff.prod, ff.format, src, lint.Options{})
		stag := lint.Parse(ff.stag, ff.format, src, lint.Options{})
		files := []*lint.File{prod, stag}
		for _, file := range files {
			checkEntrySpans(t, file)
		}
		findings := lint.Check(files, rules.All)
		for i := range findings {
			checkFindingSpan(t, &findings[i], files)
		}

		run := &report.Run{Findings: findings, Rules: rules.All}
		run.Summary.Count(findings)
		outputs := map[string]string{}
		for _, format := range report.Formats {
			var out bytes.Buffer
			if err := format.Write(&out, run); err != nil {
				t.Fatalf("writing a %s report: %v", format.Name, err)
			}
			outputs[format.Name] = out.String()
		}
		for i := range findings {
			outputs[fmt.Sprintf("message of finding %d (%s)", i, findings[i].Rule.ID)] = findings[i].Message
		}
		for i, secret := range secretsOf(src, files) {
			for where, out := range outputs {
				if strings.Contains(out, secret) {
					// Never print the token itself, even here.
					t.Errorf("token %d of the input (…%s) appears whole in the %s", i, secret[len(secret)-4:], where)
				}
			}
		}
	})
}

// documented is the text of the rules' docs and examples, which SARIF
// carries as rule help: the fake tokens in it are printed on purpose.
var documented = func() string {
	var b strings.Builder
	for _, r := range rules.All {
		b.WriteString(r.Doc)
		for _, ex := range r.Examples {
			b.WriteString(ex.Bad + "\x00" + ex.Good + "\x00")
		}
	}
	return b.String()
}()

// secretsOf returns the token-shaped runs of the input that are secrets:
// all of them except those that are part of a key, which the reports name
// on purpose, and the rule docs' own examples.
func secretsOf(src []byte, files []*lint.File) []string {
	var keys strings.Builder
	keys.WriteString(documented)
	for _, file := range files {
		for _, p := range file.Pairs {
			keys.WriteString(strings.Join(p.Path, "\x00"))
			keys.WriteByte(0)
		}
	}
	var out []string
	for _, m := range uuidRE.FindAll(src, -1) {
		if !strings.Contains(keys.String(), string(m)) {
			out = append(out, string(m))
		}
	}
	return out
}

func checkEntrySpans(t *testing.T, file *lint.File) {
	t.Helper()
	n := len(file.Src)
	for _, e := range file.Entries {
		if e.File != file {
			t.Errorf("%s: entry %s belongs to another file", file.Path, e.Key)
		}
		if e.Raw.Start < 0 || e.Raw.Start > e.Raw.End || e.Raw.End > n {
			t.Errorf("%s: entry %s: Raw %v outside the file (%d bytes)", file.Path, e.Key, e.Raw, n)
		}
		if e.Inner.Start < e.Raw.Start || e.Inner.Start > e.Inner.End || e.Inner.End > e.Raw.End {
			t.Errorf("%s: entry %s: Inner %v not within Raw %v", file.Path, e.Key, e.Inner, e.Raw)
		}
	}
}

func checkFindingSpan(t *testing.T, fd *lint.Finding, files []*lint.File) {
	t.Helper()
	if fd.File == nil {
		t.Fatalf("finding %s has no file", fd.Rule.ID)
	}
	known := false
	for _, file := range files {
		known = known || fd.File == file
	}
	if !known {
		t.Errorf("finding %s is on a file that was not linted", fd.Rule.ID)
	}
	if n := len(fd.File.Src); fd.Span.Start < 0 || fd.Span.Start > fd.Span.End || fd.Span.End > n {
		t.Errorf("%s: finding %s: span %v outside the file (%d bytes)", fd.File.Path, fd.Rule.ID, fd.Span, n)
	}
	start, end := report.Position(fd)
	if start.Line < 1 || start.Column < 1 || end.Line < start.Line || end.Line == start.Line && end.Column < start.Column {
		t.Errorf("%s: finding %s: positions %v..%v", fd.File.Path, fd.Rule.ID, start, end)
	}
	if fd.Fix != nil {
		for _, ed := range fd.Fix.Edits {
			if ed.Span.Start < 0 || ed.Span.Start > ed.Span.End || ed.Span.End > len(fd.File.Src) {
				t.Errorf("%s: finding %s: fix edit %v outside the file", fd.File.Path, fd.Rule.ID, ed.Span)
			}
		}
	}
}
