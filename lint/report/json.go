package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/postmarklint/postmarklint/lint"
)

// JSONVersion is the schema version; fields may be added, never renamed.
const JSONVersion = 1

type jsonFinding struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
	Key         string `json:"key,omitempty"`
	Environment string `json:"environment,omitempty"`
	Token       string `json:"token,omitempty"`
	Message     string `json:"message"`
	Fixable     bool   `json:"fixable"`
	Fingerprint string `json:"fingerprint"`
	// For a version of the file read from git's history: the commit, in
	// full, and its author date (RFC 3339).
	Commit     string `json:"commit,omitempty"`
	CommitDate string `json:"commit_date,omitempty"`
}

// JSON writes the findings and the summary as one JSON document of schema
// JSONVersion; the README's JSON report section lists its fields.
func JSON(w io.Writer, run *Run) error {
	doc := struct {
		Version  int           `json:"version"`
		Findings []jsonFinding `json:"findings"`
		Summary  Summary       `json:"summary"`
	}{Version: JSONVersion, Findings: []jsonFinding{}, Summary: run.Summary}
	for i := range run.Findings {
		f := &run.Findings[i]
		start, end := Position(f)
		jf := jsonFinding{
			Rule:        f.Rule.ID,
			Severity:    f.Severity.String(),
			File:        lint.RedactPath(f.File.Path),
			Line:        start.Line,
			Column:      start.Column,
			EndLine:     end.Line,
			EndColumn:   end.Column,
			Token:       Token(f),
			Message:     f.Message,
			Fixable:     f.Fix != nil,
			Fingerprint: f.Fingerprint(),
		}
		if rev := f.File.Rev; rev != nil {
			jf.Commit, jf.CommitDate = rev.ID, rev.Date.Format(time.RFC3339)
		}
		// A finding about a whole file (parse-error) has the file's
		// environment, as its name and folder say.
		jf.Environment = f.File.Env.String()
		if f.Entry != nil {
			jf.Key = f.Entry.Key
			jf.Environment = f.Entry.Env.String()
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
