package lint

import (
	"fmt"
	"testing"
)

// TestReport: a rule reports finding values; the pass fills in the rule,
// the default severity (lowered by the environment for rules that follow
// it) and the file, and keeps what the rule set, a fix included.
func TestReport(t *testing.T) {
	other := &Rule{ID: "other", Severity: Info}
	fix := &Fix{Message: "trim the trailing space", Edits: []Edit{{Span: Span{Start: 1, End: 2}}}}
	rule := &Rule{ID: "r", Severity: Error, ByEnvironment: true,
		CheckEntry: func(p *Pass, e *Entry) {
			p.Reportf(e, e.Raw, "default %s", "severity")
			p.Report(Finding{Rule: other, Entry: e, Span: e.Raw, Severity: Warning, Message: "warning with a fix", Fix: fix})
		},
		CheckFile: func(p *Pass) {
			p.Report(Finding{Span: Span{Start: 0, End: 1}, Message: "about the file"})
		},
	}
	src := []byte("POSTMARK_SERVER_TOKEN=12345678-90ab-cdef-1234-567890abcdef\n")
	prod := Parse(".env.production", Dotenv, src, Options{})
	dev := Parse(".env.development", Dotenv, src, Options{})
	var got []string
	for _, f := range Check([]*File{prod, dev}, []*Rule{rule}) {
		got = append(got, fmt.Sprintf("%s %s %s %q entry=%v fix=%v", f.File.Path, f.Rule.ID, f.Severity, f.Message, f.Entry != nil, f.Fix == fix))
	}
	want := []string{
		`.env.development r error "about the file" entry=false fix=false`,
		`.env.development r warning "default severity" entry=true fix=false`,
		`.env.production r error "about the file" entry=false fix=false`,
		`.env.production r error "default severity" entry=true fix=false`,
		`.env.production r warning "warning with a fix" entry=true fix=true`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings:\n%q\nwant:\n%q", got, want)
	}
}
