package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

const historyUsage = `usage: postmarklint history [flags] [REVISION-RANGE]

report each Postmark token that the configuration files of git's history
hold, once, at the commit and path where it entered, and whether HEAD still
holds it; with --online, whether Postmark still accepts it. Without a
range, every commit that a branch, tag, remote-tracking branch or the stash
reaches (git log --all); a range is what git log takes (main..feature, v1.0,
^old feature).

flags:
`

// parseHistoryFlags reads postmarklint history's command line: the flags
// of a lint run that make sense for history, --since, and the range.
func parseHistoryFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("postmarklint history", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), historyUsage)
		fs.PrintDefaults()
	}
	cfg := config{history: true}
	check := reportFlags(fs, &cfg)
	fs.StringVar(&cfg.since, "since", "", "read only the commits more recent than `DATE`, as git log --since takes it (2024-01-31, \"6 months ago\")")
	if err := parseFlagSet(fs, args, stderr); err != nil {
		return nil, err
	}
	if err := check(); err != nil {
		return nil, err
	}
	cfg.revisions = fs.Args()
	for _, r := range cfg.revisions {
		if strings.HasPrefix(r, "-") {
			return nil, fmt.Errorf("history: %s: flags go before the revision range", r)
		}
	}
	return &cfg, nil
}
