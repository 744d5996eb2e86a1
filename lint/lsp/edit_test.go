package lsp

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixAllSendsNoToken: a fix that moves a token out of a Terraform
// heredoc into a quoted string, or joins a .properties value continued
// over two lines, reaches the editor as edits around the token, never as
// edits that carry the token; applied, they give the fixed buffer.
func TestFixAllSendsNoToken(t *testing.T) {
	dir := project(t, nil)
	c := startServer(t, Options{})
	c.initialize(dir, nil)
	for _, tc := range []struct{ name, text, want string }{
		{"prod.tf", "variable \"postmark_server_token\" {\n  default = <<EOT\n" + tokA + "\nEOT\n}\n",
			"variable \"postmark_server_token\" {\n  default = \"" + tokA + "\"\n}\n"},
		{"application-prod.properties", "postmark.api.token=" + tokA[:18] + "\\\n    " + tokA[18:] + " \n",
			"postmark.api.token=" + tokA + "\n"},
	} {
		uri := fileURI(filepath.Join(dir, tc.name))
		c.open(uri, tc.text)
		diags := c.diagnostics(uri)
		resp := c.request("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        Range{Position{0, 0}, Position{9, 0}},
			"context":      map[string]any{"diagnostics": diags, "only": []string{fixAllKind}},
		})
		var actions []CodeAction
		if err := json.Unmarshal(resp.Result, &actions); err != nil || resp.Error != nil || len(actions) != 1 || actions[0].Edit == nil {
			t.Fatalf("%s: codeAction: %v %v %s", tc.name, err, resp.Error, resp.Result)
		}
		edits := actions[0].Edit.Changes[uri]
		for _, e := range edits {
			for i := 0; i+5 <= len(tokA); i++ { // 5: more than a redacted token shows
				if strings.Contains(e.NewText, tokA[i:i+5]) {
					t.Errorf("%s: edit %+v sends %q, part of the token", tc.name, e.Range, tokA[i:i+5])
					break
				}
			}
		}
		if got := apply(t, tc.text, edits); got != tc.want {
			t.Errorf("%s: fixed buffer %q, want %q", tc.name, got, tc.want)
		}
	}
}
