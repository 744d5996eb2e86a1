package report_test

import (
	"encoding/xml"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

type checkstyleDoc struct {
	Version string `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func writeCheckstyle(t *testing.T, findings []lint.Finding) ([]byte, checkstyleDoc) {
	t.Helper()
	return writeReport[checkstyleDoc](t, report.Checkstyle, &report.Run{Findings: findings}, xsd("checkstyle.xsd"), xml.Unmarshal)
}

// TestCheckstyle: one <file> per file, one <error> per finding in order,
// at the finding's start (columns in code points), severity by name and
// source postmarklint.RULE.
func TestCheckstyle(t *testing.T) {
	findings := lintFixtures(t)
	out, doc := writeCheckstyle(t, findings)
	if doc.Version == "" {
		t.Error("no version")
	}
	n := 0
	names := map[string]bool{}
	for _, file := range doc.Files {
		if names[file.Name] {
			t.Errorf("two <file> elements for %s", file.Name)
		}
		names[file.Name] = true
		for _, e := range file.Errors {
			f := &findings[n]
			n++
			start, _ := report.Position(f)
			if file.Name != lint.RedactPath(f.File.Path) || e.Line != start.Line || e.Column != start.Column ||
				e.Severity != f.Severity.String() || e.Message != f.Message || e.Source != "postmarklint."+f.Rule.ID {
				t.Errorf("error %d in %s: %+v; want %s at %v, %s", n, file.Name, e, f.Rule.ID, start, f.Severity)
			}
		}
	}
	if n != len(findings) {
		t.Errorf("%d errors for %d findings", n, len(findings))
	}
	assertNoToken(t, out)

	out, doc = writeCheckstyle(t, nil)
	if len(doc.Files) != 0 || doc.Version == "" {
		t.Errorf("no findings: %s", out)
	}
}
