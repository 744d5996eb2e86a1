package driver

import (
	"bufio"
	"slices"
	"strings"
	"testing"
)

// TestPublicURL: a report names the repository by its remote's URL,
// never with the credentials a URL may carry, and never by a path on
// this machine.
func TestPublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/shop/app.git":                               "https://github.com/shop/app.git",
		"https://x-access-token:ghs_abc123def456@github.com/a/b.git":    "https://github.com/a/b.git",
		"https://bot@gitlab.example.com:8443/a/b.git?token=x#frag":      "https://gitlab.example.com:8443/a/b.git",
		"git@github.com:shop/app.git":                                   "ssh://github.com/shop/app.git",
		"ssh://git@host.example/~me/app":                                "ssh://host.example/~me/app",
		"https://host.example/3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19.git": "https://host.example/%E2%80%A64f19.git",
		"/srv/git/app.git":                                              "",
		"../app":                                                        "",
		"file:///srv/git/app.git":                                       "",
		`C:\repos\app`:                                                  "",
		"":                                                              "",
	} {
		if got := PublicURL(in); got != want {
			t.Errorf("PublicURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseLog reads git log -z --raw as git 2.39 writes it: a root
// commit, a commit that edits a configuration file and adds another
// file, and a merge's combined record. Only regular configuration files
// count, each version is asked for once, and a merge's versions on each
// parent are what it replaced.
func TestParseLog(t *testing.T) {
	id := func(c byte) string { return strings.Repeat(string(c), 40) }
	zero := strings.Repeat("0", 40)
	raw := strings.Join([]string{
		"\x01" + id('c') + " 2024-01-01T10:00:00+01:00",
		"\n:000000 100644 " + zero + " " + id('a') + " A", ".env",
		":000000 120000 " + zero + " " + id('l') + " A", "link.env",
		"\x01" + id('d') + " 2024-01-02T10:00:00Z",
		"\n:100644 100644 " + id('a') + " " + id('b') + " M", ".env",
		":000000 100644 " + zero + " " + id('e') + " A", "main.go",
		"\x01" + id('f') + " 2024-01-03T10:00:00Z", "",
		"::100644 100644 100644 " + id('b') + " " + id('a') + " " + id('g') + " MM", ".env",
		"",
	}, "\x00")
	var asked strings.Builder
	w := bufio.NewWriter(&asked)
	s := &historyScan{keep: func(p string) bool { return strings.HasSuffix(p, ".env") }, pending: map[string][]string{}, asked: map[versionKey]bool{}, catW: w}
	if err := s.parseLog(bufio.NewReader(strings.NewReader(raw))); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got, want := asked.String(), id('a')+"\n"+id('b')+"\n"+id('g')+"\n"; got != want {
		t.Errorf("asked cat-file for\n%s\nwant\n%s", got, want)
	}
	if s.commitsRead != 3 || len(s.commits) != 3 || s.commits[2].ID != id('f') || s.commits[0].Date.Format("2006-01-02 15:04 -07:00") != "2024-01-01 10:00 +01:00" {
		t.Errorf("commits read %d, kept %+v", s.commitsRead, s.commits)
	}
	var got []string
	for _, c := range s.changes {
		got = append(got, s.commits[c.commit].ID[:1]+" "+c.path+" "+c.dst.id[:1]+" "+strings.Join(c.srcs, ","))
	}
	want := []string{"c .env a ", "d .env b " + id('a'), "f .env g " + id('b') + "," + id('a')}
	if !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
}
