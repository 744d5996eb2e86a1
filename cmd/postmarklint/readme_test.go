package main

import (
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMECommands parses every postmarklint command line in the
// README's code blocks with the real flag set, so that a renamed or
// removed flag cannot leave the README's examples broken.
func TestREADMECommands(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```")
	cmdRE := regexp.MustCompile(`\bpostmarklint( history)?((?:\\? +-).*)$`)
	checked := 0
	for i := 1; i < len(blocks); i += 2 {
		for _, line := range strings.Split(blocks[i], "\n") {
			m := cmdRE.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(strings.TrimSpace(line), "pre-commit ") {
				continue
			}
			args := readmeArgs(m[2])
			parse := parseFlags
			if m[1] != "" {
				parse = parseHistoryFlags
			}
			if _, err := parse(args, io.Discard); err != nil {
				t.Errorf("README: %q: %v", strings.TrimSpace(line), err)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("found only %d postmarklint command lines in README.md", checked)
	}
}

// readmeArgs turns the rest of a documented command line into arguments:
// shell and vim escapes undone, what follows a shell operator or comment
// dropped (so is a description after two spaces), and usage placeholders ([flags], [PATH ...]) left out.
func readmeArgs(rest string) []string {
	rest = strings.ReplaceAll(rest, `\ `, " ")
	for _, stop := range []string{"||", "&&", ";", " #", `"`, "  "} {
		rest, _, _ = strings.Cut(rest, stop)
	}
	var args []string
	for _, f := range strings.Fields(rest) {
		if strings.ContainsAny(f, "[]") || f == "..." {
			continue
		}
		args = append(args, f)
	}
	return args
}
