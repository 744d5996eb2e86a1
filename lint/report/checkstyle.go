package report

import (
	"encoding/xml"
	"io"

	"github.com/postmarklint/postmarklint/lint"
)

// checkstyleVersion is the checkstyle XML version written, the one ESLint
// writes and reviewdog and Jenkins' warnings-ng read.
const checkstyleVersion = "4.3"

type (
	checkstyleDoc struct {
		XMLName xml.Name         `xml:"checkstyle"`
		Version string           `xml:"version,attr"`
		Files   []checkstyleFile `xml:"file"`
	}
	checkstyleFile struct {
		Name   string            `xml:"name,attr"`
		Errors []checkstyleError `xml:"error"`
	}
	checkstyleError struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
)

// Checkstyle writes checkstyle XML: one <file> per file with findings, one
// <error> per finding with its start line and column (columns count code
// points, as everywhere in postmarklint), severity error, warning or info,
// and source "postmarklint.RULE", which readers such as warnings-ng cut at
// the last dot to get the rule.
func Checkstyle(w io.Writer, run *Run) error {
	doc := checkstyleDoc{Version: checkstyleVersion, Files: []checkstyleFile{}}
	for _, group := range byFile(run.Findings) {
		file := checkstyleFile{Name: lint.RedactPath(group[0].File.Path)}
		for _, f := range group {
			start, _ := Position(f)
			file.Errors = append(file.Errors, checkstyleError{
				Line:     start.Line,
				Column:   start.Column,
				Severity: f.Severity.String(),
				Message:  f.Message,
				Source:   toolName + "." + f.Rule.ID,
			})
		}
		doc.Files = append(doc.Files, file)
	}
	return writeXML(w, doc)
}
