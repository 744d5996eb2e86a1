package report_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// xsd checks an XML document against an XML schema in testdata with
// xmllint (Debian's libxml2-utils), and that Go's strict decoder reads
// it; the schema check skips where xmllint is not installed.
func xsd(name string) func(*testing.T, []byte) {
	return func(t *testing.T, out []byte) { validateXSD(t, name, out) }
}

func validateXSD(t *testing.T, xsd string, out []byte) {
	t.Helper()
	var v any
	if err := xml.Unmarshal(out, &v); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils; .ci/run does): schema validation skipped")
	}
	doc := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(doc, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", xsd), doc)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("does not validate against testdata/%s: %v\n%s", xsd, err, redacted(string(msg)))
	}
}

type junitDoc struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func writeJUnit(t *testing.T, run *report.Run) ([]byte, junitDoc) {
	t.Helper()
	return writeReport[junitDoc](t, report.JUnit, run, xsd("junit.xsd"), xml.Unmarshal)
}

// TestJUnit: one suite per file, one test per finding; the findings that
// fail the run (--fail-on, here error) are failed tests with the text
// report's block, the others pass and say what they found.
func TestJUnit(t *testing.T) {
	findings := lintFixtures(t)
	out, doc := writeJUnit(t, &report.Run{Findings: findings, FailOn: lint.Error})

	var text bytes.Buffer
	if err := report.Text(&text, &report.Run{Findings: findings}); err != nil {
		t.Fatal(err)
	}
	errors, cases := 0, 0
	suites := map[string]bool{}
	for _, s := range doc.Suites {
		if suites[s.Name] {
			t.Errorf("two suites for %s", s.Name)
		}
		suites[s.Name] = true
		failures := 0
		for _, c := range s.Cases {
			f := &findings[cases]
			cases++
			start, _ := report.Position(f)
			if c.Classname != s.Name || s.Name != lint.RedactPath(f.File.Path) || !strings.HasPrefix(c.Name, f.Rule.ID+" (") || !strings.Contains(c.Name, " (") {
				t.Errorf("case %q in %q (class %q) for %s at %v", c.Name, s.Name, c.Classname, f.Rule.ID, start)
			}
			body := c.SystemOut
			if c.Failure != nil {
				failures++
				body = c.Failure.Text
				if c.Failure.Type != f.Rule.ID || c.Failure.Message != f.Message {
					t.Errorf("case %q: failure %s %q", c.Name, c.Failure.Type, redacted(c.Failure.Message))
				}
			}
			if (c.Failure != nil) != (f.Severity == lint.Error) {
				t.Errorf("case %q (%s): failed %v", c.Name, f.Severity, c.Failure != nil)
			}
			if body == "" || !strings.Contains(text.String(), body) {
				t.Errorf("case %q: body is not the finding's text block:\n%s", c.Name, redacted(body))
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != failures {
			t.Errorf("suite %s: tests=%d failures=%d, has %d cases, %d failed", s.Name, s.Tests, s.Failures, len(s.Cases), failures)
		}
		errors += failures
	}
	if cases != len(findings) || doc.Tests != cases || doc.Failures != errors || errors == 0 || errors == cases {
		t.Errorf("%d cases, %d failed, testsuites says %d/%d; %d findings", cases, errors, doc.Tests, doc.Failures, len(findings))
	}
	assertNoToken(t, out)
}

// TestJUnitFailOn: the failed tests follow --fail-on, as the exit code
// does; with never, every test passes.
func TestJUnitFailOn(t *testing.T) {
	findings := lintFixtures(t)
	for _, tc := range []struct {
		failOn lint.Severity
		want   func(lint.Severity) bool
	}{
		{lint.Warning, func(s lint.Severity) bool { return s >= lint.Warning }},
		{lint.Silent, func(lint.Severity) bool { return false }},
	} {
		_, doc := writeJUnit(t, &report.Run{Findings: findings, FailOn: tc.failOn})
		want := 0
		for _, f := range findings {
			if tc.want(f.Severity) {
				want++
			}
		}
		if doc.Failures != want {
			t.Errorf("--fail-on %s: %d failures, want %d", tc.failOn, doc.Failures, want)
		}
	}
}

// TestJUnitEdges: a clean run is one passing test named by the summary
// (Jenkins' junit step fails a build on a report without tests), and a
// file name XML cannot hold still gives a valid document.
func TestJUnitEdges(t *testing.T) {
	sum := report.Summary{Files: 3, Entries: 2}
	_, doc := writeJUnit(t, &report.Run{Summary: sum, FailOn: lint.Error})
	if doc.Tests != 1 || doc.Failures != 0 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 || doc.Suites[0].Cases[0].Name != sum.Line() {
		t.Errorf("clean run: %+v", doc)
	}

	f := lint.Parse("ops/a\x01b\x7f <&\">/.env.production", lint.Dotenv, []byte("POSTMARK_SERVER_TOKEN=\""+tok(0, 0)+"\x02 \"\n"), lint.Options{})
	findings := lint.Check([]*lint.File{f}, rules.All)
	if len(findings) == 0 {
		t.Fatal("no finding")
	}
	out, doc := writeJUnit(t, &report.Run{Findings: findings, FailOn: lint.Error})
	if doc.Failures == 0 || !strings.Contains(doc.Suites[0].Name, "<&\">") {
		t.Errorf("control characters: %s", redacted(string(out)))
	}
	assertNoToken(t, out)
}
