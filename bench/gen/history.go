package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
)

// HistoryOptions say what history to generate: the Files of Plan's tree,
// added a few at a time over Commits commits.
type HistoryOptions struct {
	Options
	Commits int
}

// HistoryStats count what a generated history holds.
type HistoryStats struct {
	Commits  int // every commit, merges included
	Merges   int
	Branches int // feature branches: merged ones, then the unmerged ones
	Versions int // file versions written (blobs)
	Leaks    int // tokens pasted into a file and removed some commits later
}

// The shape of a generated history: out of every 100 commits, 96 on main
// (adding files and editing 1 to 3 of them), then a feature branch of 3
// commits merged back by the 100th. Every 50th main commit deletes a
// file, every 70th moves one to another folder, and every 150th pastes a
// Postmark token into a file that had none, removed again 10 commits
// later. The last 6 commits are two branches that are never merged.
const (
	cycle         = 100
	featureLen    = 3
	unmergedLen   = 3
	deleteEvery   = 50
	moveEvery     = 70
	leakEvery     = 150
	leakLifetime  = 10
	historyStart  = 1577836800 // 2020-01-01 00:00 UTC
	secondsApart  = 3600
	historyAuthor = "Bench <bench@example.com>"
)

// History writes a git fast-import stream (git fast-import --done) that
// builds a deterministic history of the tree Plan lays out: the same
// options give the same bytes, so the same commit ids.
func History(w io.Writer, opt HistoryOptions) (HistoryStats, error) {
	h := &history{
		w:     bufio.NewWriterSize(w, 1<<20),
		g:     newGen(opt.Seed, 3),
		files: Plan(opt.Options),
		tree:  map[string]*File{},
	}
	n := max(opt.Commits, 1)
	unmergedFrom := n
	if n >= 20 {
		unmergedFrom = n - 2*unmergedLen
	}
	var feature map[string]int // the open feature branch's edits: path -> blob
	for i := range n {
		pos := i % cycle
		switch {
		case i >= unmergedFrom:
			// Two branches off main that are never merged.
			k := i - unmergedFrom
			if k%unmergedLen == 0 {
				h.stats.Branches++
				feature = map[string]int{}
			}
			h.branchCommit(i, fmt.Sprintf("refs/heads/unmerged-%d", k/unmergedLen+1), k%unmergedLen == 0, feature)
		case pos >= cycle-1-featureLen && pos < cycle-1 && i+(cycle-pos) <= unmergedFrom:
			if pos == cycle-1-featureLen {
				h.stats.Branches++
				feature = map[string]int{}
			}
			h.branchCommit(i, fmt.Sprintf("refs/heads/feature-%d", i/cycle+1), pos == cycle-1-featureLen, feature)
		case pos == cycle-1 && feature != nil:
			h.merge(i, fmt.Sprintf("refs/heads/feature-%d", i/cycle+1), feature)
			feature = nil
		default:
			h.mainCommit(i, unmergedFrom)
		}
	}
	fmt.Fprintf(h.w, "done\n")
	h.stats.Commits = n
	if err := h.w.Flush(); err != nil {
		return h.stats, err
	}
	return h.stats, h.err
}

type history struct {
	w     *bufio.Writer
	g     *gen
	files []File // the tree Plan laid out, added in order
	added int    // how many of files are in the tree so far

	tree  map[string]*File // main's files by path
	paths []string         // main's paths, in the order added (moves and deletions aside)
	marks map[string]int   // main's blob of each path
	mark  int              // the last mark used
	main  int              // main's last commit

	leaks []leak
	stats HistoryStats
	err   error
}

// leak is a token pasted into a file, to be removed at commit until.
type leak struct {
	path  string
	until int
}

func (h *history) next() int {
	h.mark++
	return h.mark
}

// blob writes a new version of f and returns its mark.
func (h *history) blob(f *File) int {
	body := h.g.content(f)
	m := h.next()
	fmt.Fprintf(h.w, "blob\nmark :%d\ndata %d\n%s\n", m, len(body), body)
	h.stats.Versions++
	return m
}

// header starts commit i on ref.
func (h *history) header(i int, ref string, msg string) int {
	m := h.next()
	t := historyStart + i*secondsApart
	fmt.Fprintf(h.w, "commit %s\nmark :%d\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n%s\n",
		ref, m, historyAuthor, t, historyAuthor, t, len(msg), msg)
	return m
}

// pick returns one of main's paths at random.
func (h *history) pick() string {
	return h.paths[h.g.r.IntN(len(h.paths))]
}

// mainCommit adds the files due by commit i (all of them by commit n,
// the last on main), edits 1 to 3 others,
// and now and then deletes, moves, leaks or unleaks one.
func (h *history) mainCommit(i, n int) {
	if h.marks == nil {
		h.marks = map[string]int{}
	}
	type op struct {
		path string
		mark int // 0: delete
	}
	var ops []op
	set := func(p string, f *File) {
		m := h.blob(f)
		h.marks[p] = m
		ops = append(ops, op{p, m})
	}
	due := len(h.files) * (i + 1) / n
	for ; h.added < due; h.added++ {
		f := &h.files[h.added]
		if _, taken := h.tree[f.Path]; taken {
			continue
		}
		h.tree[f.Path] = f
		h.paths = append(h.paths, f.Path)
		set(f.Path, f)
	}
	if len(h.paths) > 1 {
		for range h.g.between(1, 3) {
			p := h.pick()
			set(p, h.tree[p])
		}
	}
	if i > 0 && i%deleteEvery == 0 && len(h.paths) > 10 {
		p := h.pick()
		h.remove(p)
		ops = append(ops, op{p, 0})
	}
	if i > 0 && i%moveEvery == 0 && len(h.paths) > 10 {
		from, other := h.pick(), h.pick()
		to := path.Dir(other) + "/" + path.Base(from)
		if _, taken := h.tree[to]; !taken {
			f, m := h.tree[from], h.marks[from]
			h.remove(from)
			moved := *f
			moved.Path = to
			h.tree[to], h.marks[to] = &moved, m
			h.paths = append(h.paths, to)
			ops = append(ops, op{from, 0}, op{to, m})
		}
	}
	if i > 0 && i%leakEvery == 0 && len(h.paths) > 10 {
		p := h.pick()
		if f := h.tree[p]; f.Kind.IsConfig() && !f.Postmark {
			leaked := *f
			leaked.Postmark, leaked.Problem = true, ""
			set(p, &leaked)
			h.leaks = append(h.leaks, leak{p, i + leakLifetime})
			h.stats.Leaks++
		}
	}
	h.leaks = slices.DeleteFunc(h.leaks, func(l leak) bool {
		if i < l.until {
			return false
		}
		if f, ok := h.tree[l.path]; ok {
			set(l.path, f)
		}
		return true
	})
	c := h.header(i, "refs/heads/main", fmt.Sprintf("commit %d", i))
	if h.main != 0 {
		fmt.Fprintf(h.w, "from :%d\n", h.main)
	}
	for _, o := range ops {
		if o.mark == 0 {
			fmt.Fprintf(h.w, "D %s\n", o.path)
		} else {
			fmt.Fprintf(h.w, "M 100644 :%d %s\n", o.mark, o.path)
		}
	}
	h.w.WriteString("\n")
	h.main = c
}

// remove takes a path out of main's tree.
func (h *history) remove(p string) {
	delete(h.tree, p)
	delete(h.marks, p)
	if j := slices.Index(h.paths, p); j >= 0 {
		h.paths[j] = h.paths[len(h.paths)-1]
		h.paths = h.paths[:len(h.paths)-1]
	}
}

// branchCommit is commit i on a branch off main: it edits 1 to 3 of
// main's files, recorded in edits for a merge.
func (h *history) branchCommit(i int, ref string, first bool, edits map[string]int) {
	var lines []string
	if len(h.paths) > 0 {
		for range h.g.between(1, 3) {
			p := h.pick()
			m := h.blob(h.tree[p])
			edits[p] = m
			lines = append(lines, fmt.Sprintf("M 100644 :%d %s\n", m, p))
		}
	}
	h.header(i, ref, fmt.Sprintf("commit %d", i))
	if first && h.main != 0 {
		fmt.Fprintf(h.w, "from :%d\n", h.main)
	}
	h.w.WriteString(strings.Join(lines, "") + "\n")
}

// merge is commit i: main merges ref, taking the branch's version of
// every file it edited (main did not touch them meanwhile).
func (h *history) merge(i int, ref string, edits map[string]int) {
	c := h.header(i, "refs/heads/main", fmt.Sprintf("Merge %s", strings.TrimPrefix(ref, "refs/heads/")))
	fmt.Fprintf(h.w, "from :%d\nmerge %s\n", h.main, ref)
	for _, p := range slices.Sorted(maps.Keys(edits)) {
		h.marks[p] = edits[p]
		fmt.Fprintf(h.w, "M 100644 :%d %s\n", edits[p], p)
	}
	h.w.WriteString("\n")
	h.main = c
	h.stats.Merges++
}
