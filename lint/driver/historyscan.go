package driver

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/lint/report"
)

// HistoryOptions says which part of git's history History reads and how
// it reports the tokens it finds there.
type HistoryOptions struct {
	// Revisions are git log's revision arguments ("main..feature", a
	// tag, "^old"); none reads every commit that a ref reaches (git log
	// --all: branches, tags, remote-tracking branches, the stash).
	Revisions []string
	Since     string // git log --since: only commits at least this recent

	// Rule is the rule the findings are reported under.
	Rule *lint.Rule
	// Token says which token an entry holds, and of which kind; it says
	// no to references, placeholders and the test token, which are never
	// reported. With Options.Online, each token it returns is sent once.
	Token func(*lint.Entry) (token string, kind postmark.Kind, ok bool)
}

// History reports each distinct token that the configuration files of
// git's history hold, once, at the commit and path where it entered, and
// whether a configuration file of HEAD still holds it as an entry (where
// the hook's committed-token speaks for it); with Options.Online, whether
// Postmark still accepts it. Configuration files are the names a format
// of the format table claims (lint.Lintable), as a walk lints them;
// .postmarklint.yaml's keys, ignore and environments apply to their
// paths, which are relative to the top of the work tree around the
// working directory.
//
// Git runs six processes, whatever the length of history: git log lists
// what every commit wrote and git ls-tree what HEAD holds, while one git
// cat-file reads each distinct version once; rev-parse, config and one
// more git log name the repository and abbreviate commit ids. No token is
// ever on a git command line.
func History(ctx context.Context, opt *Options, h HistoryOptions) *Result {
	d := newDriver(ctx, opt)
	res := d.res
	if !d.findConfig() {
		return res
	}
	wd := absDir(d.opt.Dir)
	r := repoFinder(wd)(wd)
	if r == nil {
		res.Fatal = errors.New("history reads a git repository's history: run it inside a git work tree")
		return res
	}
	conf := d.conf()
	in := func(p string) string { return filepath.Join(r.root, filepath.FromSlash(p)) }
	parseOpt := lint.Options{Keys: conf.Keys, EnvFor: func(p string) (lint.Env, bool) { return conf.EnvFor(in(p)) }}
	s := &historyScan{
		repo:  r,
		limit: d.limit(),
		keep: func(p string) bool {
			return lint.Lintable(p) && !entersNever(p) && !conf.Ignored(in(p))
		},
		parse: func(p string, src []byte) *lint.File {
			return lint.Parse(p, lint.FormatOf(p), src, parseOpt)
		},
		// What lint.Parse itself asks before it reads a file (a file
		// named after Postmark holds entries whatever it says), asked
		// here first so that the versions that fail it are never copied.
		// A UTF-16 file has no entries, only a parse error, which history
		// does not report.
		mayHold: func(p string, src []byte) bool {
			return lint.MayHoldEntry(src, conf.Keys) || lint.MayHoldEntry([]byte(p), nil)
		},
		token: h.Token,
	}
	repo, shallow := r.describe()
	if err := s.run(h.Revisions, h.Since, repo.Revision); err != nil {
		res.Fatal = err
		return res
	}
	if shallow {
		// CI checkouts are shallow unless told otherwise (actions/checkout
		// fetches one commit): say so, or the run looks complete.
		res.Skipped = append(res.Skipped, errors.New("a shallow clone: the commits before its oldest are not in it, and the tokens they added are reported at that commit; git fetch --unshallow reads them all"))
	}
	res.Skipped = append(res.Skipped, s.skipped...)
	tokens := s.introduced()
	r.abbreviate(tokens)

	inHead := s.inHead()
	for i, t := range tokens {
		tok, _, _ := h.Token(t.Entry)
		if p, ok := inHead[strings.ToLower(tok)]; ok {
			tokens[i].Head = &p
		}
	}
	sum := report.Summary{Files: s.versionsRead, Entries: s.entries, History: &report.HistorySummary{Commits: s.commitsRead, Tokens: len(tokens)}}
	if d.opt.Online != nil {
		sum.Online = verifyHistory(d.opt, tokens, h.Token)
	}
	for _, t := range tokens {
		res.Findings = append(res.Findings, lint.HistoryFinding(h.Rule, t))
	}
	res.history, res.Repository = &sum, repo
	if b := d.opt.Baseline; b != nil {
		all := res.Findings
		res.Findings, _ = b.Filter(all, nil)
		// Only a run over all of history can tell that a baseline's token
		// is gone; a range or --since sees part of it.
		if len(h.Revisions) == 0 && h.Since == "" {
			res.Stale = staleHistory(b, h.Rule.ID, all)
		}
	}
	return res
}

// staleHistory counts the baseline's entries of the history rule that
// match none of the findings. An ordinary run's findings of the same rule,
// which a shared baseline file may hold, count too: history's baseline
// goes in a file of its own.
func staleHistory(b *lint.Baseline, rule string, findings []lint.Finding) int {
	found := map[string]bool{}
	for i := range findings {
		found[findings[i].Fingerprint()] = true
	}
	n := 0
	for _, e := range b.Findings {
		if e.Rule == rule && !found[e.Fingerprint] {
			n++
		}
	}
	return n
}

// verifyHistory asks Postmark about each token once, within the online
// phase's bound, and says how many Postmark answered.
func verifyHistory(opt *Options, tokens []lint.HistoryToken, token func(*lint.Entry) (string, postmark.Kind, bool)) *report.OnlineSummary {
	reqs := make([]postmark.Request, len(tokens))
	for i, t := range tokens {
		// In lower case, as Postmark issues tokens and reads them in
		// either case: one request for the token however it was written.
		tok, kind, _ := token(t.Entry)
		reqs[i] = postmark.Request{Token: strings.ToLower(tok), Expected: kind}
	}
	ctx, cancel := context.WithTimeout(context.Background(), opt.OnlineTimeout)
	defer cancel()
	sum := &report.OnlineSummary{Tokens: len(tokens)}
	for i, r := range postmark.CheckAll(ctx, opt.Online, reqs) {
		tokens[i].Entry.Online = &r
		if r.Status != postmark.Unverified {
			sum.Checked++
		}
	}
	return sum
}
