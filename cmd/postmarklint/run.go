package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/driver"
	"github.com/postmarklint/postmarklint/lint/online"
	"github.com/postmarklint/postmarklint/lint/report"
	"github.com/postmarklint/postmarklint/rules"
)

// Exit codes: nothing at or above --fail-on; findings; usage or file errors.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

const usage = `usage: postmarklint [flags] [PATH ...]   lint files and folders (default: .)
       postmarklint --staged [flags]      lint the files staged for commit
       postmarklint --stdin --stdin-filename PATH [flags]
                                          lint an editor's buffer
       postmarklint history [flags] [REVISION-RANGE]
                                          report the tokens in git's history
       postmarklint rules [RULE]          list the rules, or show one rule
       postmarklint install-hook [--force]
                                          install a git pre-commit hook
       postmarklint lsp                   serve an editor (Language Server Protocol)
       postmarklint version

flags:
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Everything on stderr may quote a command-line value or a file: cut
	// anything token-shaped there, whoever writes it (the flag package too).
	stderr = redacting{stderr}
	if err := lint.Validate(rules.All); err != nil {
		fmt.Fprintf(stderr, "postmarklint: internal error: %v\n", err)
		return exitError
	}
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "install-hook":
			return runInstallHook(args[1:], stdout, stderr)
		case "lsp":
			return runLSP(args[1:], stdin, stdout, stderr)
		case "version":
			bi, _ := debug.ReadBuildInfo()
			writeVersion(stdout, bi)
			return exitClean
		}
	}
	parse := parseFlags
	if len(args) > 0 && args[0] == "history" {
		parse, args = parseHistoryFlags, args[1:]
	}
	cfg, err := parse(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError
	}
	return lintPaths(cfg, stdin, stdout, stderr)
}

type config struct {
	paths         []string
	format        string
	output        string
	failOn        lint.Severity
	color         bool
	configFile    string
	baseline      string
	writeBaseline string
	staged        bool
	stdin         bool
	stdinName     string
	fix           bool
	diff          bool
	online        bool
	onlineTimeout time.Duration
	noCache       bool
	noIgnore      bool
	maxFileSize   byteSize // 0: driver.DefaultMaxFileSize

	history   bool     // postmarklint history
	revisions []string // its revision range
	since     string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("postmarklint", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	var cfg config
	check := reportFlags(fs, &cfg)
	fs.BoolVar(&cfg.noIgnore, "no-ignore", false, "in a git work tree, also lint the files and folders that git ignores (never .git, node_modules or vendor)")
	fs.BoolVar(&cfg.staged, "staged", false, "lint the staged (index) version of the files staged for commit")
	fs.BoolVar(&cfg.stdin, "stdin", false, "lint standard input as the file named by --stdin-filename")
	fs.StringVar(&cfg.stdinName, "stdin-filename", "", "the `PATH` of the buffer read with --stdin: its format and environment come from it")
	fs.BoolVar(&cfg.fix, "fix", false, "apply the fixes in place (with --stdin: print the fixed buffer), then report what remains")
	fs.BoolVar(&cfg.diff, "diff", false, "print the fixes as a unified diff with tokens redacted, change nothing; exit 1 if there is something to fix")
	if err := parseFlagSet(fs, args, stderr); err != nil {
		return nil, err
	}
	if err := check(); err != nil {
		return nil, err
	}
	cfg.paths = fs.Args()
	switch {
	case cfg.stdin && cfg.stdinName == "":
		return nil, errors.New("--stdin needs --stdin-filename PATH")
	case !cfg.stdin && cfg.stdinName != "":
		return nil, errors.New("--stdin-filename goes with --stdin")
	case cfg.stdin && cfg.staged:
		return nil, errors.New("--stdin and --staged cannot be combined")
	case cfg.fix && cfg.diff:
		return nil, errors.New("--fix and --diff cannot be combined")
	case cfg.fix && cfg.staged:
		return nil, errors.New("--fix cannot be combined with --staged: the fixes would go to the work tree, not to the index that was linted")
	case (cfg.stdin || cfg.staged) && len(cfg.paths) > 0:
		return nil, errors.New("--stdin and --staged take no paths")
	case (cfg.stdin || cfg.staged) && cfg.noIgnore:
		return nil, errors.New("--no-ignore is for walking folders; it does not go with --stdin or --staged")
	case len(cfg.paths) == 0:
		cfg.paths = []string{"."}
	}
	return &cfg, nil
}

// parseSubcommand parses a subcommand's flags; done with the exit code
// when there is nothing more to do: help was printed (0), or a bad flag
// was reported (2).
func parseSubcommand(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	err := parseFlagSet(fs, args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitClean, true
	case err != nil:
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError, true
	}
	return 0, false
}

// reportFlags adds the flags that every command that reports findings
// has (format, output, configuration, baseline, --online, limits) and
// returns the check to run once they are parsed.
func reportFlags(fs *flag.FlagSet, cfg *config) (check func() error) {
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least `SEVERITY`: error, warning, info or never")
	noColor := fs.Bool("no-color", false, "never color the text output (also: NO_COLOR set)")
	fs.StringVar(&cfg.format, "format", report.Formats[0].Name, "report `FORMAT`: "+report.FormatNames())
	fs.StringVar(&cfg.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&cfg.configFile, "config", "", "read the configuration from `FILE` (default: the nearest "+lint.ConfigName+" up to the repository root)")
	fs.StringVar(&cfg.baseline, "baseline", "", "report only findings that are not in the baseline `FILE`")
	fs.StringVar(&cfg.writeBaseline, "write-baseline", "", "record today's findings in the baseline `FILE` and exit 0")
	fs.BoolVar(&cfg.online, "online", false, "ask Postmark whether each token is alive, of which kind, and on which server")
	fs.DurationVar(&cfg.onlineTimeout, "online-timeout", online.DefaultTimeout, "with --online: bound each request by `DURATION`, and the whole online phase by three times it")
	fs.BoolVar(&cfg.noCache, "no-cache", false, "neither read nor write the caches: where git's history holds a token, and --online's answers")
	fs.Var(&cfg.maxFileSize, "max-file-size", "skip files larger than `SIZE`: bytes, or a number with KB, MB or GB (default 10MB)")
	return func() error {
		if report.Lookup(cfg.format) == nil {
			return fmt.Errorf("unknown --format %q (want %s)", cfg.format, report.FormatNames())
		}
		sev, err := lint.ParseSeverity(*failOn)
		if err != nil {
			return fmt.Errorf("--fail-on: unknown value %q (want error, warning, info or never)", *failOn)
		}
		cfg.failOn = sev
		_, noColorEnv := os.LookupEnv("NO_COLOR")
		cfg.color = !*noColor && !noColorEnv
		return nil
	}
}

// parseFlagSet parses a command's flags. Help asked for (-h, --help)
// prints the full usage on stderr and returns flag.ErrHelp; a bad flag is
// one line that points at -h, not the usage and the error twice.
func parseFlagSet(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	case err != nil:
		return fmt.Errorf("%v (see %s -h)", err, fs.Name())
	}
	return nil
}

func lintPaths(cfg *config, stdin io.Reader, stdout, stderr io.Writer) int {
	opt, err := options(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError
	}
	var res *driver.Result
	switch {
	case cfg.staged:
		res = driver.Staged(context.Background(), opt)
	case cfg.history:
		res = driver.History(context.Background(), opt, driver.HistoryOptions{Revisions: cfg.revisions, Since: cfg.since, Rule: rules.CommittedToken, Token: rules.OnlineRequest})
	case cfg.stdin:
		src, err := io.ReadAll(io.LimitReader(stdin, cfg.maxFileSize.bytes()+1))
		if err != nil {
			fmt.Fprintf(stderr, "postmarklint: reading standard input: %v\n", err)
			return exitError
		}
		res = driver.Buffer(context.Background(), opt, cfg.stdinName, src)
	default:
		res = driver.Paths(context.Background(), opt, cfg.paths)
	}
	if res.Fatal != nil {
		fmt.Fprintf(stderr, "postmarklint: %v\n", res.Fatal)
		return exitError
	}
	if err := overwritesInput(cfg, res); err != nil {
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		return exitError
	}
	for _, err := range slices.Concat(res.Errors, res.Skipped) {
		fmt.Fprintf(stderr, "postmarklint: %v\n", lint.RedactText(err.Error()))
	}
	if code, done := fixOrDiff(cfg, res, stdout, stderr); done {
		return code
	}
	if res.Stale > 0 {
		verb := "match"
		if res.Stale == 1 {
			verb = "matches"
		}
		fmt.Fprintf(stderr, "postmarklint: %s in %s no longer %s anything\n", report.Plural(res.Stale, "baseline entry"), cfg.baseline, verb)
	}
	sum := res.Summary()
	line := sum.Line()
	// A run that fails (a path unread, a file over --max-file-size)
	// leaves the files it would write as they were: a report of what it
	// did read would pass for the whole (code scanning closes the alerts
	// a SARIF file no longer holds), and a baseline would miss findings.
	flag, out := "--output", cfg.output
	if cfg.writeBaseline != "" {
		flag, out = "--write-baseline", cfg.writeBaseline
	}
	if out != "" && exitCode(res, cfg.failOn) == exitError {
		fmt.Fprintf(stderr, "postmarklint: %s %s not written: the run failed (above)\n", flag, lint.QuotePath(out))
		fmt.Fprintf(stderr, "postmarklint: %s\n", line)
		return exitError
	}
	if cfg.writeBaseline != "" {
		return writeBaseline(cfg.writeBaseline, res.Findings, stderr)
	}
	if err := writeReport(cfg, res, sum, stdout); err != nil {
		fmt.Fprintf(stderr, "postmarklint: %v\n", err)
		fmt.Fprintf(stderr, "postmarklint: %s\n", line)
		return exitError
	}
	fmt.Fprintf(stderr, "postmarklint: %s\n", line)
	return exitCode(res, cfg.failOn)
}

// options turns the flags into the driver's options: the configuration
// file, the baseline and the Postmark client.
func options(cfg *config) (*driver.Options, error) {
	// Without --config, the driver finds the nearest .postmarklint.yaml:
	// on disk, or for --staged in the index.
	var conf *lint.Config
	if cfg.configFile != "" {
		var err error
		if conf, err = driver.LoadConfig(cfg.configFile, func(id string) bool { return rules.ByID(id) != nil }); err != nil {
			return nil, err
		}
	}
	for _, out := range []struct{ flag, path string }{{"--output", cfg.output}, {"--write-baseline", cfg.writeBaseline}} {
		if out.path == "" {
			continue
		}
		// Before anything is linted or fixed: a report that cannot be
		// written must not be found out after --fix changed files.
		if info, err := os.Stat(filepath.Dir(out.path)); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("%s %s: the folder %s does not exist", out.flag, lint.QuotePath(out.path), lint.QuotePath(filepath.Dir(out.path)))
		}
	}
	opt := &driver.Options{
		Rules:       rules.All,
		Config:      conf,
		MaxFileSize: cfg.maxFileSize.bytes(),
		NoIgnore:    cfg.noIgnore,
		// Fingerprints are anchored at the repository root; outside a git
		// work tree, at the baseline's folder, the one place that a run
		// from any folder with the same baseline shares.
		AnchorDir:    filepath.Dir(cmp.Or(cfg.writeBaseline, cfg.baseline)),
		HistoryCache: !cfg.noCache,
	}
	if cfg.baseline != "" {
		var err error
		if opt.Baseline, err = driver.ReadBaseline(cfg.baseline); err != nil {
			return nil, err
		}
	}
	if cfg.online {
		if cfg.onlineTimeout <= 0 {
			return nil, errors.New("--online: --online-timeout must be positive")
		}
		// The base URL comes only from the environment (POSTMARK_API_URL,
		// for tests against a local fake), never from a file in the
		// repository being linted.
		v, err := online.New(online.Options{
			BaseURL: os.Getenv(online.EnvBaseURL),
			Timeout: cfg.onlineTimeout,
			NoCache: cfg.noCache,
		})
		if err != nil {
			return nil, fmt.Errorf("--online: %w", err)
		}
		opt.Online, opt.OnlineRequest, opt.OnlineTimeout = v, rules.OnlineRequest, 3*cfg.onlineTimeout
		opt.StreamRequest = rules.StreamRequest
	}
	return opt, nil
}

// exitCode is 2 when a path could not be read, 1 when a finding is at or
// above --fail-on, 0 otherwise.
func exitCode(res *driver.Result, failOn lint.Severity) int {
	switch {
	case len(res.Errors) > 0 || slices.ContainsFunc(res.Skipped, tooLarge):
		return exitError
	case failed(res.Findings, failOn):
		return exitFindings
	}
	return exitClean
}

// tooLarge reports a file left unread for --max-file-size. It fails the
// run (exit 2), as an unreadable path does: the file may hold a token, so
// a CI job must not pass without having read it, and no finding can be
// made of what was not read (a finding would also be a baseline entry or
// a --fail-on level away from passing again). Ignoring the path in the
// configuration or raising the limit says on purpose what the run left
// out. A binary file is different: it was read and is not configuration.
func tooLarge(err error) bool {
	var skip *driver.Skip
	return errors.As(err, &skip) && skip.Reason == driver.TooLarge
}

// redacting passes text through lint.RedactText.
type redacting struct{ w io.Writer }

func (r redacting) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, lint.RedactText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// overwritesInput refuses an --output or --write-baseline file that is
// being linted, before anything is written. Files are compared by
// identity: a symlink or a hard link to a linted file is that file.
func overwritesInput(cfg *config, res *driver.Result) error {
	for _, out := range []struct{ flag, path, what string }{
		{"--output", cfg.output, "report"},
		{"--write-baseline", cfg.writeBaseline, "baseline"},
	} {
		if out.path == "" {
			continue
		}
		if name, same := res.Same(out.path); same {
			return fmt.Errorf("%s %s is %s, a file being linted; write the %s elsewhere", out.flag, lint.QuotePath(out.path), lint.QuotePath(filepath.ToSlash(name)), out.what)
		}
	}
	return nil
}

func writeBaseline(path string, findings []lint.Finding, stderr io.Writer) int {
	var buf bytes.Buffer
	b := lint.NewBaseline(findings)
	if err := b.Write(&buf); err == nil {
		err = os.WriteFile(path, buf.Bytes(), 0o644)
		if err == nil {
			fmt.Fprintf(stderr, "postmarklint: wrote %s to %s\n", report.Plural(len(b.Findings), "finding"), path)
			return exitClean
		}
		fmt.Fprintf(stderr, "postmarklint: writing baseline: %v\n", err)
	}
	return exitError
}

func failed(findings []lint.Finding, failOn lint.Severity) bool {
	for _, f := range findings {
		if report.Fails(f.Severity, failOn) {
			return true
		}
	}
	return false
}

func writeReport(cfg *config, res *driver.Result, sum report.Summary, stdout io.Writer) error {
	var buf bytes.Buffer
	w, color := stdout, cfg.color && isTerminal(stdout)
	if cfg.output != "" {
		w, color = &buf, false
	}
	err := report.Lookup(cfg.format)(w, &report.Run{Findings: res.Findings, Summary: sum, Rules: rules.All, Color: color, FailOn: cfg.failOn, Repository: res.Repository})
	if err != nil || cfg.output == "" {
		return err
	}
	if err := os.WriteFile(cfg.output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
