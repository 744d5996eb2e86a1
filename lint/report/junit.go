package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/postmarklint/postmarklint/lint"
)

// The JUnit XML that GitLab (artifacts: reports: junit) and Jenkins (the
// junit step) read: the attributes of the Jenkins xUnit plugin's schema
// (junit-10.xsd) and no others, so that a validating reader takes it too.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
		SystemOut *junitText    `xml:"system-out,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
	// junitText is a text block kept readable as CDATA; encoding/xml
	// splits a "]]>" inside it.
	junitText struct {
		Text string `xml:",cdata"`
	}
)

// JUnit writes a JUnit XML report: one test suite per file, one test case
// per finding, named after the rule and position, with the file as class
// name. A finding at or above --fail-on is a failed test whose text is
// the finding as the text report shows it (redacted); one below it passes
// and says what it found in its system-out. A run without findings is one
// passing test, so that a CI that refuses an empty report (Jenkins' junit
// step) does not fail a clean run.
func JUnit(w io.Writer, run *Run) error {
	doc := junitSuites{Name: toolName}
	for _, group := range byFile(run.Findings) {
		path := lint.RedactPath(group[0].File.Path)
		suite := junitSuite{Name: path}
		for _, f := range group {
			start, _ := Position(f)
			c := junitCase{Name: fmt.Sprintf("%s (%d:%d)", f.Rule.ID, start.Line, start.Column), Classname: path}
			block, err := textBlock(f)
			if err != nil {
				return err
			}
			if Fails(f.Severity, run.FailOn) {
				c.Failure = &junitFailure{Message: f.Message, Type: f.Rule.ID, Text: block}
				suite.Failures++
			} else {
				c.SystemOut = &junitText{block}
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		doc.Suites = append(doc.Suites, suite)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
	}
	if len(doc.Suites) == 0 {
		doc.Suites = []junitSuite{{Name: toolName, Tests: 1, Cases: []junitCase{{Name: run.Summary.Line(), Classname: toolName}}}}
		doc.Tests = 1
	}
	return writeXML(w, doc)
}

// textBlock is one finding as the text report writes it: the first line,
// then the redacted line and its caret.
func textBlock(f *lint.Finding) (string, error) {
	var b bytes.Buffer
	err := Text(&b, &Run{Findings: []lint.Finding{*f}})
	return strings.Map(xmlChar, b.String()), err
}

// xmlChar keeps the characters XML 1.0 can hold and turns the others (a
// control character, invalid UTF-8) into U+FFFD, as encoding/xml does
// with the attributes and text it escapes itself; CDATA it writes as is.
func xmlChar(r rune) rune {
	switch {
	case r == '\t', r == '\n', r == '\r',
		0x20 <= r && r <= 0xD7FF, 0xE000 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0x10FFFF:
		return r
	}
	return unicode.ReplacementChar
}

// writeXML writes an indented XML document with its declaration. Paths
// and messages go in attributes and text, escaped by encoding/xml; a
// character XML cannot hold (a control character in a file name) becomes
// U+FFFD.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
