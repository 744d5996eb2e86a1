package hclfile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/postmarklint/postmarklint/lint/syntax"
)

// show renders a pair as path|key|raw|inner|quote|value, reading the
// spans from src. Test values are short fakes, never tokens.
func show(src []byte, p syntax.Pair) string {
	return fmt.Sprintf("%s|%s|%s|%s|%v|%s", strings.Join(p.Path, "/"),
		src[p.KeySpan.Start:p.KeySpan.End], src[p.Raw.Start:p.Raw.End], src[p.Inner.Start:p.Inner.End], p.Quote, p.Value)
}

var readCases = []struct {
	name, src string
	want      []string
	errs      int
}{
	{"variable default", "variable \"postmark_server_token\" {\n  type = string\n  default = \"srv-tok\"\n}\n",
		[]string{"variable/postmark_server_token|default|\"srv-tok\"|srv-tok|double|srv-tok"}, 0},
	{"empty variable default", "variable \"postmark_server_token\" {\n  default = \"\"\n}\nvariable \"t\" {\n  default = null\n}\nempty = \"\"\n",
		[]string{`empty|empty|""||double|`}, 0},
	{"sensitive variable without default", "variable \"postmark_server_token\" {\n  type      = string\n  sensitive = true\n}\n",
		[]string{"variable/postmark_server_token/sensitive|sensitive|true|true|unquoted|true"}, 0},
	{"tfvars", "postmark_server_token = \"srv-tok\"\nport = 25\n",
		[]string{"postmark_server_token|postmark_server_token|\"srv-tok\"|srv-tok|double|srv-tok", "port|port|25|25|unquoted|25"}, 0},
	{"provider", "provider \"postmark\" {\n  api_token = \"srv-tok\"\n}\n",
		[]string{"provider/postmark/api_token|api_token|\"srv-tok\"|srv-tok|double|srv-tok"}, 0},
	{"nested blocks", "resource \"aws_lambda_function\" \"f\" {\n  environment {\n    variables = {\n      POSTMARK_API_TOKEN = \"srv-tok\"\n      \"quoted.key\" = \"v\"\n    }\n  }\n}\n",
		[]string{
			"resource/aws_lambda_function/f/environment/variables/POSTMARK_API_TOKEN|POSTMARK_API_TOKEN|\"srv-tok\"|srv-tok|double|srv-tok",
			"resource/aws_lambda_function/f/environment/variables/quoted.key|quoted.key|\"v\"|v|double|v",
		}, 0},
	{"env list of name/value objects", "env = [\n  { name = \"POSTMARK_API_TOKEN\", value = \"abc\" },\n  { name = \"OTHER\", valueFrom = \"arn:aws:ssm:x\" },\n  { value = \"v\", name = \"LATE\" },\n]\n",
		[]string{
			"env/[0]/POSTMARK_API_TOKEN|POSTMARK_API_TOKEN|\"abc\"|abc|double|abc",
			"env/[2]/LATE|LATE|\"v\"|v|double|v",
		}, 0},
	{"name/value blocks", "resource \"kubernetes_deployment\" \"d\" {\n  env {\n    name  = \"POSTMARK_API_TOKEN\"\n    value = \"abc\"\n  }\n  env {\n    name = \"OTHER\"\n    value_from {\n      key = \"k\"\n    }\n  }\n}\nresource \"aws_ssm_parameter\" \"p\" {\n  name  = \"/app/postmark/token\"\n  type  = \"SecureString\"\n  value = \"v\"\n}\n",
		[]string{
			"resource/kubernetes_deployment/d/env/POSTMARK_API_TOKEN|POSTMARK_API_TOKEN|\"abc\"|abc|double|abc",
			"resource/kubernetes_deployment/d/env/name|name|\"OTHER\"|OTHER|double|OTHER",
			"resource/kubernetes_deployment/d/env/value_from/key|key|\"k\"|k|double|k",
			"resource/aws_ssm_parameter/p/type|type|\"SecureString\"|SecureString|double|SecureString",
			"resource/aws_ssm_parameter/p//app/postmark/token|/app/postmark/token|\"v\"|v|double|v",
		}, 0},
	{"key/value and secret_name/plaintext_value blocks", "resource \"vercel_project_environment_variable\" \"v\" {\n  key   = \"POSTMARK_API_TOKEN\"\n  value = \"abc\"\n}\nresource \"github_actions_secret\" \"g\" {\n  repository      = \"app\"\n  secret_name     = \"POSTMARK_SERVER_TOKEN\"\n  plaintext_value = \"def\"\n}\n",
		[]string{
			"resource/vercel_project_environment_variable/v/POSTMARK_API_TOKEN|POSTMARK_API_TOKEN|\"abc\"|abc|double|abc",
			"resource/github_actions_secret/g/repository|repository|\"app\"|app|double|app",
			"resource/github_actions_secret/g/POSTMARK_SERVER_TOKEN|POSTMARK_SERVER_TOKEN|\"def\"|def|double|def",
		}, 0},
	{"tuple of strings", "hosts = [\"a\", 1, true, null]\n",
		[]string{"hosts/[0]|hosts|\"a\"|a|double|a", "hosts/[1]|hosts|1|1|unquoted|1", "hosts/[2]|hosts|true|true|unquoted|true"}, 0},
	{"heredoc", "a = <<EOT\nline\nEOT\nb = <<-EOT\n    x\n  y\n  EOT\n",
		[]string{"a|a|<<EOT\nline\nEOT|line\n|literal-block|line\n", "b|b|<<-EOT\n    x\n  y\n  EOT|    x\n  y\n|literal-block|  x\ny\n"}, 0},
	{"heredoc keeps backslashes", "a = <<EOT\nx\\ny\nEOT\n",
		[]string{"a|a|<<EOT\nx\\ny\nEOT|x\\ny\n|literal-block|x\\ny\n"}, 0},
	{"escapes", `a = "x\ty\"z\\\u0041$${b}%%{c}"` + "\n",
		[]string{`a|a|"x\ty\"z\\\u0041$${b}%%{c}"|x\ty\"z\\\u0041$${b}%%{c}|double|x` + "\t" + `y"z\A${b}%{c}`}, 0},
	{"empty string", "a = \"\"\n", []string{`a|a|""||double|`}, 0},
	{"interpolation is a reference", "a = \"${var.postmark_token}\"\nb = \"Bearer ${var.t}\"\nc = var.t\nd = data.aws_ssm_parameter.p.value\ne = file(\"x\")\nf = var.x ? \"a\" : \"b\"\ng = \"%{if true}x%{endif}\"\nh = -1\n",
		[]string{`a|a|"${var.postmark_token}"|${var.postmark_token}|double|${var.postmark_token}`, `b|b|"Bearer ${var.t}"|Bearer ${var.t}|double|Bearer ${var.t}`}, 0},
	{"crlf", "a = \"v\"\r\nb {\r\n  c = \"w\"\r\n}\r\n",
		[]string{`a|a|"v"|v|double|v`, `b/c|c|"w"|w|double|w`}, 0},
	{"comments", "# one\na = \"v\" // two\n/* three\n b = \"no\" */\nc = /* four */ \"w\"\n",
		[]string{`a|a|"v"|v|double|v`, `c|c|"w"|w|double|w`}, 0},
	{"byte order mark", "\xef\xbb\xbfa = \"v\"\n", []string{`a|a|"v"|v|double|v`}, 0},
	{"object keys and nested objects", "m = { KEY = \"v\", inner = { x = 1 } }\n",
		[]string{`m/KEY|KEY|"v"|v|double|v`, `m/inner/x|x|1|1|unquoted|1`}, 0},
	{"data functions are read through", "container_definitions = jsonencode([{\n  name = \"app\"\n  environment = [{ name = \"POSTMARK_API_TOKEN\", value = \"abc\" }]\n}])\nt = sensitive(\"s\")\np = file(\"path\")\n",
		[]string{
			`container_definitions/[0]/name|name|"app"|app|double|app`,
			`container_definitions/[0]/environment/[0]/POSTMARK_API_TOKEN|POSTMARK_API_TOKEN|"abc"|abc|double|abc`,
			`t|t|"s"|s|double|s`,
		}, 0},
	{"expression keys are skipped", "m = { (var.k) = \"v\" }\n", nil, 0},
	{"unterminated string keeps earlier pairs", "a = \"v\"\nb = \"w\n", []string{`a|a|"v"|v|double|v`}, 2},
	{"unterminated strings: later pairs are read", "a = \"v\"\nb = \"w\nc = \"x\"\r\nd {\r\n  e = \"y\r\n  f = \"z\"\r\n}\r\ng = \"\\q\"\n",
		[]string{`a|a|"v"|v|double|v`, `c|c|"x"|x|double|x`, `d/f|f|"z"|z|double|z`}, 5},
	{"missing value", "a = \"v\"\nb =\n", []string{`a|a|"v"|v|double|v`}, 1},
	{"duplicate attribute", "a = \"v\"\na = \"w\"\n", []string{`a|a|"v"|v|double|v`}, 1},
	{"value cut short by an error", "a = 1.5e3\nb = 0x10\n", []string{`a|a|1.5e3|1.5e3|unquoted|1.5e3`}, 1},
	{"invalid escape", `a = "\q"` + "\n", nil, 1},
}

func TestRead(t *testing.T) {
	for _, tc := range readCases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			pairs, errs := Read(src)
			checkInvariants(t, src, pairs, errs)
			var got []string
			for _, p := range pairs {
				got = append(got, show(src, p))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(errs) != tc.errs {
				t.Errorf("%d errors %+v, want %d", len(errs), errs, tc.errs)
			}
		})
	}
}

func TestScopes(t *testing.T) {
	src := []byte("a = \"1\"\nb {\n  c = \"2\"\n  d = \"3\"\n}\nb {\n  e = \"4\"\n}\nf = { g = \"5\" }\nh = \"6\"\n")
	pairs, _ := Read(src)
	var got []int
	for _, p := range pairs {
		got = append(got, p.Scope)
	}
	s := fmt.Sprint(got)
	if len(got) != 6 || got[0] != 0 || got[5] != 0 || got[1] != got[2] || got[1] == got[3] || got[3] == got[0] || got[4] == got[0] || got[4] == got[3] {
		t.Errorf("scopes %s: want a and h at file scope, c and d siblings, e and g in scopes of their own", s)
	}
}

func TestErrorMessages(t *testing.T) {
	// A duplicate attribute's detail names the first one's position, an
	// invalid escape's detail quotes the file: both keep the summary only.
	for _, src := range []string{"a = 1\na = 2\n", "a = \"\\q\"\n", "a = \"v\"\nb = \"w\n", "a {\n"} {
		_, errs := Read([]byte(src))
		if len(errs) == 0 {
			t.Errorf("%q: no error", src)
		}
		for _, e := range errs {
			if strings.ContainsAny(e.Msg, "\"\x00") || strings.Contains(e.Msg, ",") && strings.Contains(e.Msg, "-") && strings.Contains(e.Msg, ":1") {
				t.Errorf("%q: message quotes the file or a position: %q", src, e.Msg)
			}
			if e.Msg == "" || e.Msg[:1] != strings.ToLower(e.Msg[:1]) || strings.HasSuffix(e.Msg, ".") {
				t.Errorf("%q: message %q: want a lower-case start and no final period", src, e.Msg)
			}
			if e.Offset < 0 || e.Offset > len(src) {
				t.Errorf("%q: offset %d", src, e.Offset)
			}
		}
	}
	_, errs := Read([]byte("a = 1\na = 2\n"))
	if len(errs) != 1 || errs[0].Offset != 6 || errs[0].Msg != "attribute redefined" {
		t.Errorf("duplicate attribute: %+v, want offset 6 and the summary alone", errs)
	}
}

func TestReadVars(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		msgs      []string
	}{
		{"constants", "postmark_server_token = \"srv-tok\"\nenv = [{ name = \"X\", value = \"v\" }]\n",
			[]string{`postmark_server_token|postmark_server_token|"srv-tok"|srv-tok|double|srv-tok`, `env/[0]/X|X|"v"|v|double|v`}, nil},
		{"block", "a = \"v\"\nprovider \"postmark\" {\n  api_token = \"w\"\n}\n",
			[]string{`a|a|"v"|v|double|v`, `provider/postmark/api_token|api_token|"w"|w|double|w`},
			[]string{"unexpected block: blocks are not allowed here"}},
		{"interpolation is an error, not a reference", "a = \"${var.t}\"\nb = var.t\nc = upper(\"x\")\nd = \"v\"\n",
			[]string{`d|d|"v"|v|double|v`},
			[]string{"variables not allowed: variables may not be used here", "variables not allowed: variables may not be used here", "function calls not allowed: functions may not be called here"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			pairs, errs := ReadVars(src)
			checkInvariants(t, src, pairs, errs)
			var got, msgs []string
			for _, p := range pairs {
				got = append(got, show(src, p))
			}
			for _, e := range errs {
				msgs = append(msgs, e.Msg)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if strings.Join(msgs, "\n") != strings.Join(tc.msgs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(tc.msgs, "\n"))
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		"a = " + strings.Repeat("[", 20000),
		"a = " + strings.Repeat("{a=", 20000),
		strings.Repeat("b {\n", 20000),
		"a = " + strings.Repeat("\"${", 20000),
	} {
		start := time.Now()
		pairs, errs := Read([]byte(src))
		if len(pairs) != 0 || len(errs) != 1 || errs[0].Msg != deepMessage || errs[0].Offset < 4 {
			t.Errorf("%.12q...: %d pairs, errors %+v, want the nesting error alone", src, len(pairs), errs)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%.12q...: %v", src, d)
		}
	}
	// Closing characters in strings do not hide real nesting from the
	// lexer's count, and the limit itself is accepted.
	ok := "a = " + strings.Repeat("[", maxDepth) + "\"v\"" + strings.Repeat("]", maxDepth) + "\n"
	if pairs, errs := Read([]byte(ok)); len(pairs) != 1 || len(errs) != 0 {
		t.Errorf("%d levels: %d pairs, errors %+v", maxDepth, len(pairs), errs)
	}
	brackets := "a = [\"]]]]\", " + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + "]\n"
	if _, errs := Read([]byte(brackets)); len(errs) != 1 || errs[0].Msg != deepMessage {
		t.Errorf("%d levels after closing characters in a string: errors %+v", maxDepth+2, errs)
	}
}

// TestLongStrings: a heredoc of 40,000 lines, or a string of 40,000 "$${"
// or "%%{" escapes, which hclsyntax joins in time that grows with their
// square (seconds here, hours in a 10 MB file), is refused where it
// starts; a heredoc of thousands of real lines is read.
func TestLongStrings(t *testing.T) {
	for _, src := range []string{
		"postmark = <<EOT\n" + strings.Repeat("x\n", 40000) + "EOT\n",
		"postmark = \"" + strings.Repeat("$${", 40000) + "\"\n",
		"postmark = \"" + strings.Repeat("%%{", 40000) + "\"\n",
	} {
		pairs, errs := Read([]byte(src))
		if len(pairs) != 0 || len(errs) != 1 || errs[0].Msg != longMessage || errs[0].Offset < 11 || errs[0].Offset > 17 {
			t.Errorf("%.20q...: %d pairs, errors %+v, want the length error alone, at the string", src, len(pairs), errs)
		}
	}
	policy := "variable \"postmark_policy\" {\n  default = <<EOT\n" + strings.Repeat(`{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"},`+"\n", 3000) + "EOT\n}\n"
	if pairs, errs := Read([]byte(policy)); len(pairs) != 1 || len(errs) != 0 {
		t.Errorf("a heredoc of 3,000 lines: %d pairs, errors %+v", len(pairs), errs)
	}
}
