package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the file and lines:
//
//	::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
//
// Warnings use ::warning and infos ::notice; silenced findings are skipped.
func GitHub(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	for i := range run.Findings {
		f := &run.Findings[i]
		cmd := githubCommand(f.Severity)
		if cmd == "" {
			continue
		}
		start, end := Position(f)
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			cmd, escapeProperty(lint.RedactPath(f.File.Path)), start.Line, start.Column, end.Line, end.Column,
			escapeProperty(f.Rule.ID), escapeData(f.Message))
	}
	return bw.Flush()
}

func githubCommand(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Info:
		return "notice"
	}
	return ""
}

// The runner splits a command at the first "::", its properties at "," and
// each property at ":", and ends the command at a line break, so these are
// percent-encoded, in one pass so that an escape is never escaped again.
// These are the rules of GitHub's own toolkit (@actions/core).
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes the message after "::".
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property value (file, title).
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
