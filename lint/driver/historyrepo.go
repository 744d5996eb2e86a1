package driver

import (
	"cmp"
	"errors"
	"io"
	"net/url"
	"os/exec"
	"strings"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/report"
)

// abbreviate sets the short ids of the commits that tokens entered at,
// as git abbreviates them (unique in the repository), with one git log
// that reads the ids from stdin; where git fails, the first 7 characters.
func (r *repo) abbreviate(tokens []lint.HistoryToken) {
	var in strings.Builder
	for _, t := range tokens {
		in.WriteString(t.Entry.File.Rev.ID + "\n")
	}
	short := map[string]string{}
	if len(tokens) > 0 {
		out, _ := r.output(strings.NewReader(in.String()), "log", "--no-walk=unsorted", "--stdin", "--format=%H %h", "--")
		for line := range strings.SplitSeq(string(out), "\n") {
			if id, abbrev, ok := strings.Cut(line, " "); ok {
				short[id] = abbrev
			}
		}
	}
	for _, t := range tokens {
		rev := t.Entry.File.Rev
		rev.Short = cmp.Or(short[rev.ID], rev.ID[:min(7, len(rev.ID))])
	}
}

// describe names the repository for a report: its HEAD (none before
// the first commit), HEAD's branch and its remote; and says whether it
// is a shallow clone.
func (r *repo) describe() (repo *report.Repository, shallow bool) {
	repo = &report.Repository{URI: r.remoteURL()}
	out, _ := r.output(nil, "rev-parse", "--is-shallow-repository", "HEAD", "--symbolic-full-name", "HEAD", "--")
	lines := strings.Fields(string(out))
	shallow = len(lines) > 0 && lines[0] == "true"
	if len(lines) < 3 || !objectIDShape(lines[1]) {
		return repo, shallow // no commit yet
	}
	repo.Revision = lines[1]
	branch, _ := strings.CutPrefix(lines[2], "refs/heads/")
	if branch != "HEAD" { // detached
		repo.Branch = lint.RedactPath(branch)
	}
	return repo, shallow
}

// objectIDShape reports a full object id: 40 or 64 hex digits.
func objectIDShape(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdef", rune(s[i])) {
			return false
		}
	}
	return true
}

// remoteURL is where the repository is fetched from (the origin remote,
// else the first one), as a report may show it: without user name,
// password or token, query or fragment; "" for a remote on this machine
// or none.
func (r *repo) remoteURL() string {
	out, err := r.output(nil, "config", "--get-regexp", `^remote\..*\.url$`)
	if err != nil {
		return ""
	}
	var urls []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		key, u, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if key == "remote.origin.url" {
			urls = append([]string{u}, urls...)
		} else {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return ""
	}
	return PublicURL(urls[0])
}

// PublicURL turns a git remote's URL into one a report may show: the
// scp-like form (git@host:path) as ssh://host/path, and any user name,
// password or token, query and fragment left out; "" for a path on this
// machine, a file: URL or anything else that is not a network URL.
func PublicURL(raw string) string {
	if !strings.Contains(raw, "://") {
		// [user@]host:path, where the host has no slash before the colon
		// and is not a Windows drive letter.
		colon := strings.IndexByte(raw, ':')
		if colon <= 1 || strings.ContainsAny(raw[:colon], "/\\") {
			return ""
		}
		host := raw[:colon]
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		raw = "ssh://" + host + "/" + strings.TrimPrefix(raw[colon+1:], "/")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme == "file" {
		return ""
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	u.Path, u.RawPath = lint.RedactPath(u.Path), ""
	return u.String()
}

// lazyFree is git in the work tree with args for a command that reads the
// whole history: in a partial clone it fails for a missing object instead
// of fetching it from the remote (GIT_NO_LAZY_FETCH, git 2.44 and later).
func (r *repo) lazyFree(stdin io.Reader, args ...string) *exec.Cmd {
	cmd := r.command(stdin, args...)
	cmd.Env = append(cmd.Environ(), "GIT_NO_LAZY_FETCH=1")
	return cmd
}

// firstLine is a process's first line of stderr, as an error.
func firstLine(stderr []byte) error {
	line, _, _ := strings.Cut(strings.TrimSpace(string(stderr)), "\n")
	return errors.New(line)
}
