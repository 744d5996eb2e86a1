package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

var DuplicateKey = &lint.Rule{
	ID:    "duplicate-key",
	Title: "Postmark key is assigned twice in one scope",
	Doc: `When a Postmark key is assigned twice in one .env file or one YAML mapping,
loaders disagree on which value wins, and whoever edits the first one is
editing a value that is never used. godotenv, docker compose and shells use
the last .env assignment; Go's yaml.v3 refuses a YAML mapping with a
duplicate key while Ruby's Psych and PyYAML use the last. JSON readers and
java.util.Properties use the last; in a Spring .properties file, each
document that a "#---" line starts is a file of its own.

.NET configuration refuses a file that assigns one key twice, in any case
and however it is nested ({"Postmark:ServerToken": …} and {"postmark":
{"servertoken": …}} are one key): there it is an error. Its JSON provider
(JsonConfigurationFileParser in dotnet/runtime,
src/libraries/Microsoft.Extensions.Configuration.Json) keeps every value
under its ':'-joined path in a case-insensitive dictionary and throws
"A duplicate key '…' was found." at the second, so the application does
not start. (A duplicate TOML key or Terraform attribute is a parse error;
in a *.tfvars.json file, a name written twice in one object is an error:
Terraform refuses the file.)`,
	Severity: lint.Warning,
	Examples: []lint.Example{{
		File: ".env.production",
		Bad:  "POSTMARK_SERVER_TOKEN=70faf36f-b78e-4a4f-aa39-4aba6a42ed19\nPOSTMARK_SERVER_TOKEN=0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\n",
		Good: "POSTMARK_SERVER_TOKEN=0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\n",
	}, {
		File: "appsettings.Production.json",
		Bad:  "{\n  \"Postmark\": { \"ServerToken\": \"70faf36f-b78e-4a4f-aa39-4aba6a42ed19\" },\n  \"postmark:servertoken\": \"0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\"\n}\n",
		Good: "{\n  \"Postmark\": { \"ServerToken\": \"0f4bf777-e103-4fe1-8a1a-b21554c6c4b3\" }\n}\n",
	}},
	CheckFile: checkDuplicates,
}

func checkDuplicates(p *lint.Pass) {
	if p.File.Format == lint.TOML {
		return // the loader refuses the file: parse-error says so
	}
	// Terraform refuses an attribute assigned twice in a block or a file
	// (hclfile keeps the first alone, and parse-error says so), but not
	// a key written twice in an object: those reach here.
	type scopedKey struct {
		doc, scope int
		key        string
	}
	// .NET configuration is one dictionary per file, keys in any case.
	dotnet := p.File.Format == lint.DotnetJSON
	var docs []int
	if p.File.Format == lint.Properties {
		docs = lint.SpringDocuments(p.File.Src)
	}
	first := map[scopedKey]*lint.Entry{}
	for _, e := range p.File.Entries {
		k := scopedKey{0, e.Pair.Scope, e.Key}
		if dotnet {
			k = scopedKey{0, 0, strings.ToLower(e.Key)}
		}
		// Each "#---" document of a Spring .properties file is a file of
		// its own (with its own spring.config.activate.on-profile).
		k.doc = sort.SearchInts(docs, e.Pair.KeySpan.Start+1)
		prev, seen := first[k]
		if !seen {
			first[k] = e
			continue
		}
		if prev.Pair.KeySpan == e.Pair.KeySpan {
			continue // one assignment reached twice through a YAML alias
		}
		line := p.File.Pos(prev.Pair.KeySpan.Start).Line
		if tfvarsJSON(p.File) {
			// HCL's JSON syntax: "Duplicate attribute definition",
			// "Duplicate object attribute"; terraform plan stops.
			p.Report(lint.Finding{Entry: e, Span: e.Pair.KeySpan, Severity: lint.Error,
				Message: fmt.Sprintf("%s is assigned twice (first on line %d); Terraform refuses the file", e.Key, line)})
			continue
		}
		if dotnet {
			// JsonConfigurationFileParser: "A duplicate key '…' was found."
			p.Report(lint.Finding{Entry: e, Span: e.Pair.KeySpan, Severity: lint.Error,
				Message: fmt.Sprintf("%s is assigned twice (first on line %d, as %s); .NET configuration refuses the file, keys in any case", e.Key, line, prev.Key)})
			continue
		}
		p.Reportf(e, e.Pair.KeySpan, "%s is assigned twice (first on line %d); %s", e.Key, line, whichWins(p.File, e))
	}
}

// tfvarsJSON reports a Terraform variables file in JSON syntax, whose
// loader refuses a name written twice in one object.
func tfvarsJSON(f *lint.File) bool {
	return f.Format == lint.JSON && strings.HasSuffix(strings.ToLower(f.Path), ".tfvars.json")
}

func whichWins(f *lint.File, e *lint.Entry) string {
	switch {
	case f.Format == lint.YAML && e.Pair.KeySpan.End < len(f.Src) && f.Src[e.Pair.KeySpan.End] == '=':
		// A KEY=VALUE item of a docker-compose environment list.
		return "docker compose uses this one"
	case f.Format == lint.YAML:
		return "Ruby and PyYAML use this one, Go's yaml.v3 refuses the file"
	case f.Format == lint.JSON, f.Format == lint.JSONC:
		return "JSON.parse, Python and Go use this one"
	case f.Format == lint.Properties:
		return "java.util.Properties and Spring use this one"
	case f.Format == lint.Terraform, f.Format == lint.TerraformVars:
		return "Terraform uses this one"
	}
	return "godotenv, docker compose and shells use this one"
}
