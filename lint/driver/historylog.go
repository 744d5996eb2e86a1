package driver

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/postmarklint/postmarklint/lint"
	"github.com/postmarklint/postmarklint/lint/postmark"
	"github.com/postmarklint/postmarklint/lint/report"
)

// historyScan reads every version of a configuration file that the
// commits of a git log wrote, each distinct version once, and remembers
// which of them hold a token. What a commit wrote comes from git log
// --raw: object ids, never a patch, so no text diff is computed or
// parsed; a file renamed, reverted or merged unchanged is one object, read
// once.
type historyScan struct {
	repo  *repo
	limit int64                  // versions over it are not read
	keep  func(path string) bool // a configuration file's path
	parse func(path string, src []byte) *lint.File
	// mayHold is the prefilter: whether parse can find an entry in a
	// version at all. Nearly every version fails it and is let go at once.
	mayHold func(path string, src []byte) bool
	token   func(*lint.Entry) (string, postmark.Kind, bool)

	commits     []lint.Revision // the commits that wrote a configuration file, newest first
	changes     []change        // what they wrote, newest first
	commitsRead int
	head        []headFile // HEAD's configuration files

	// The versions asked for, and the writer to cat-file: the walk's own.
	asked map[versionKey]bool
	catW  *bufio.Writer

	mu           sync.Mutex
	pending      map[string][]string     // object id -> the paths it was asked for, in order
	versions     map[versionKey]*version // the versions that hold a token
	versionsRead int
	entries      int
	skipped      []error
}

// versionKey is a version of a file as it is read: its object, and the
// format its path says (one object can be .env at one path and YAML at
// another).
type versionKey struct {
	id     string
	format lint.Format
}

// change is one configuration file that a commit wrote.
type change struct {
	commit int // in historyScan.commits
	path   string
	dst    versionKey
	srcs   []string // the versions it replaced, one per parent that had the path
}

// headFile is a configuration file in HEAD's tree.
type headFile struct {
	path string
	key  versionKey
}

// version is what a version that holds tokens holds: each token in lower
// case, with its first entry.
type version struct {
	tokens map[string]*lint.Entry
}

// blob is one version read from git cat-file.
type blob struct {
	key  versionKey
	path string // the first path it was asked for
	src  []byte
}

// run reads the history that revs and since select (every ref when revs
// is empty), and the tree of head (a commit id; "" for none), with three
// git processes: git log lists what each commit wrote and git ls-tree
// what head holds, while git cat-file reads the versions they name, and
// the cores parse them, all at once.
func (s *historyScan) run(revs []string, since, head string) error {
	s.pending = map[string][]string{}
	s.versions = map[versionKey]*version{}
	s.asked = map[versionKey]bool{}

	// --buffer: cat-file writes its answers in blocks, not one write per
	// version; nothing waits for an answer before asking for the next.
	cat := s.repo.lazyFree(nil, "cat-file", "--batch", "--buffer")
	var catErr bytes.Buffer
	cat.Stderr = &catErr
	catIn, err := cat.StdinPipe()
	if err != nil {
		return err
	}
	catOut, err := cat.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cat.Start(); err != nil {
		return fmt.Errorf("reading history: %w", err)
	}
	blobs := make(chan blob, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range blobs {
				s.read(b)
			}
		})
	}
	readErr := make(chan error, 1)
	go func() {
		readErr <- s.readBlobs(catOut, blobs)
		close(blobs)
	}()
	s.catW = bufio.NewWriter(catIn)
	logErr := s.walkLog(revs, since, head)
	catIn.Close()
	rerr := <-readErr
	wg.Wait()
	werr := cat.Wait()
	if werr != nil && catErr.Len() > 0 {
		werr = firstLine(catErr.Bytes())
	}
	if err := cmp.Or(logErr, rerr, werr); err != nil {
		return fmt.Errorf("reading history: %w", err)
	}
	return nil
}

// walkLog runs git log and records what each commit wrote to a
// configuration file, asking cat-file for each version it has not asked
// for yet. Commits come newest first, by commit date (git log's
// own order, which it streams at once: --reverse would first walk them
// all); merges list the paths whose result differs from every parent
// (-c), which is where a conflict's resolution writes.
func (s *historyScan) walkLog(revs []string, since, head string) error {
	args := []string{"log", "--format=%x01%H %aI", "--raw", "-z", "--no-abbrev", "--no-renames", "-c", "--root",
		"--no-color", "--no-show-signature", "--no-textconv", "--no-ext-diff"}
	if since != "" {
		args = append(args, "--since="+since)
	}
	if len(revs) == 0 {
		args = append(args, "--all")
	} else {
		args = append(append(args, "--end-of-options"), revs...)
	}
	cmd := s.repo.lazyFree(nil, append(args, "--")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	// While git log walks the commits, HEAD's versions are asked for
	// first: history holds them too, and they say which tokens HEAD holds.
	err = s.readHead(head)
	if err == nil {
		err = s.parseLog(bufio.NewReaderSize(out, 64<<10))
	}
	if err != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if err == nil {
		err = s.catW.Flush()
	}
	if werr != nil && err == nil {
		err = werr
		if stderr.Len() > 0 {
			err = firstLine(stderr.Bytes())
		}
	}
	return err
}

// readHead lists the configuration files of head's tree and asks for
// their versions.
func (s *historyScan) readHead(head string) error {
	if head == "" {
		return nil
	}
	err := eachEntry(s.repo.lazyFree(nil, "ls-tree", "-r", "-z", "--full-tree", head), func(rec []byte) {
		// "<mode> blob <id>\t<path>"
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 3 || !regularMode(f[0]) || f[1] != "blob" || !s.keep(string(p)) {
			return
		}
		hf := headFile{path: string(p), key: versionKey{f[2], lint.FormatOf(string(p))}}
		s.head = append(s.head, hf)
		s.ask(hf.key, hf.path)
	})
	if err != nil {
		return fmt.Errorf("listing HEAD: %w", err)
	}
	return nil
}

// ask asks cat-file for a version, unless it was asked for already.
func (s *historyScan) ask(k versionKey, path string) {
	if s.asked[k] {
		return
	}
	s.asked[k] = true
	s.mu.Lock()
	s.pending[k.id] = append(s.pending[k.id], path)
	s.mu.Unlock()
	s.catW.WriteString(k.id)
	s.catW.WriteByte('\n')
}

// parseLog reads git log -z --raw: for each commit its header (\x01, id,
// author date), then for each path it wrote a raw record (":" once per
// parent, the modes, the object ids and the status) and the path.
func (s *historyScan) parseLog(br *bufio.Reader) error {
	var header []string // the current commit's id and date
	cur := -1           // its index in s.commits, once it wrote a configuration file
	for {
		rec, err := readField(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		rec = bytes.TrimLeft(rec, "\n")
		switch {
		case len(rec) == 0:
		case rec[0] == 1:
			header, cur = strings.Fields(string(rec[1:])), -1
			if len(header) != 2 {
				return fmt.Errorf("git log says %q", lint.RedactText(string(rec)))
			}
			s.commitsRead++
		case rec[0] == ':':
			dst, dstMode, srcs, ok := rawRecord(rec)
			if !ok || header == nil {
				return fmt.Errorf("git log says %q", lint.RedactText(string(rec)))
			}
			path, err := readField(br)
			if err != nil {
				return fmt.Errorf("git log ends in a record without a path: %v", err)
			}
			p := string(path)
			// A configuration file deleted (or no longer a regular file)
			// stays as a change without a version: within a range, what
			// its old versions held was there before (a renamed file).
			gone := !regularMode(dstMode) || dst == ""
			if gone && len(srcs) == 0 || !s.keep(p) {
				continue
			}
			if cur < 0 {
				date, err := time.Parse(time.RFC3339, header[1])
				if err != nil {
					return fmt.Errorf("git log says %q", header[1])
				}
				s.commits = append(s.commits, lint.Revision{ID: header[0], Date: date})
				cur = len(s.commits) - 1
			}
			c := change{commit: cur, path: p, dst: versionKey{dst, lint.FormatOf(p)}, srcs: srcs}
			if gone {
				c.dst.id = ""
			} else {
				s.ask(c.dst, p)
			}
			for _, id := range srcs {
				s.ask(versionKey{id, c.dst.format}, p)
			}
			s.changes = append(s.changes, c)
		default:
			return fmt.Errorf("git log says %q", lint.RedactText(string(rec)))
		}
	}
}

// readField reads up to the next NUL. The bytes are valid until the next
// read.
func readField(br *bufio.Reader) ([]byte, error) {
	b, err := br.ReadSlice(0)
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte(nil), b...)
		rest, err := br.ReadBytes(0)
		return append(long, bytes.TrimSuffix(rest, []byte{0})...), err
	}
	if err == io.EOF && len(b) > 0 {
		return b, nil
	}
	return bytes.TrimSuffix(b, []byte{0}), err
}

// rawRecord reads a raw diff record: ":<mode> <mode> <id> <id> <status>",
// or for a merge's combined diff one ":" and one mode and id per parent
// before the result's. srcs are the parents' versions of regular files.
func rawRecord(rec []byte) (dst, dstMode string, srcs []string, ok bool) {
	n := 0
	for n < len(rec) && rec[n] == ':' {
		n++
	}
	f := strings.Fields(string(rec[n:]))
	if len(f) != 2*(n+1)+1 {
		return "", "", nil, false
	}
	for i := range n {
		if id := objectID(f[n+1+i]); id != "" && regularMode(f[i]) {
			srcs = append(srcs, id)
		}
	}
	return objectID(f[2*n+1]), f[n], srcs, true
}

// readBlobs reads git cat-file --batch's answers, in the order asked, and
// hands each version that passes the prefilter to the parsers; the others
// are read into one reused buffer and let go. A version over the size
// limit is skipped unread; one the repository lacks (a partial clone) is
// skipped.
func (s *historyScan) readBlobs(out io.Reader, blobs chan<- blob) error {
	br := bufio.NewReaderSize(out, 64<<10)
	defer io.Copy(io.Discard, br) // cat-file must never block on a full pipe
	missing, passed := 0, 0
	defer func() {
		if missing > 0 {
			s.skip("%s of configuration files in history are missing from this clone, not read", report.Plural(missing, "version"))
		}
		s.mu.Lock()
		s.versionsRead += passed
		s.mu.Unlock()
	}()
	var buf []byte
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			return nil
		}
		if err != nil {
			return err
		}
		// "<id> <type> <size>", or "<id> missing".
		f := strings.Fields(line)
		if len(f) == 0 {
			return fmt.Errorf("git cat-file says %q", line)
		}
		path, ok := s.pop(f[0])
		if !ok {
			return fmt.Errorf("git cat-file answers for %s, which was not asked for", f[0])
		}
		if len(f) == 2 && f[1] == "missing" {
			missing++
			continue
		}
		size, err := strconv.ParseInt(f[len(f)-1], 10, 64)
		if len(f) != 3 || err != nil || size < 0 {
			return fmt.Errorf("git cat-file says %q", strings.TrimSpace(line))
		}
		if size > s.limit {
			if _, err := br.Discard(int(size) + 1); err != nil {
				return err
			}
			s.skip("%s (version %s in history): %s, over the %s limit (--max-file-size), not read", lint.QuotePath(path), f[0][:7], FormatSize(size), FormatSize(s.limit))
			continue
		}
		if int64(cap(buf)) < size+1 {
			buf = make([]byte, size+1)
		}
		src := buf[:size+1] // and the newline after each object
		if _, err := io.ReadFull(br, src); err != nil {
			return err
		}
		src = src[:size]
		if !s.mayHold(path, src) {
			passed++
			continue
		}
		blobs <- blob{key: versionKey{f[0], lint.FormatOf(path)}, path: path, src: bytes.Clone(src)}
	}
}

// pop returns the path an object was asked for, in the order asked.
func (s *historyScan) pop(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	paths := s.pending[id]
	if len(paths) == 0 {
		return "", false
	}
	if len(paths) == 1 {
		delete(s.pending, id)
	} else {
		s.pending[id] = paths[1:]
	}
	return paths[0], true
}

// read parses one version that passed the prefilter and keeps its
// tokens, if any.
func (s *historyScan) read(b blob) {
	if i := binaryAt(b.src); i >= 0 {
		s.skip("%s (version %s in history): binary file (NUL byte at offset %d), not read", lint.QuotePath(b.path), b.key.id[:7], i)
		return
	}
	f := s.parse(b.path, b.src)
	var tokens map[string]*lint.Entry
	for _, e := range f.Entries {
		if tok, _, ok := s.token(e); ok {
			k := strings.ToLower(tok)
			if tokens == nil {
				tokens = map[string]*lint.Entry{}
			}
			if _, dup := tokens[k]; !dup {
				tokens[k] = e
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versionsRead++
	s.entries += len(f.Entries)
	if tokens != nil {
		s.versions[b.key] = &version{tokens: tokens}
	}
}

func (s *historyScan) skip(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skipped = append(s.skipped, fmt.Errorf(format, args...))
}

// introduced returns each distinct token once, where it entered history:
// the oldest change that wrote a version holding it where no version its
// commit replaced or deleted did (on any parent, for a merge). Within a
// range, a token that was there before the range and that a change only
// carried along, or moved to another file, is not reported. Tokens come
// in the order they entered.
func (s *historyScan) introduced() []lint.HistoryToken {
	first := map[string]int{} // token -> change
	var order []string
	for _, i := range s.oldestFirst() {
		c := s.changes[i]
		v := s.versions[c.dst]
		if v == nil {
			continue
		}
		for tok := range v.tokens {
			if _, ok := first[tok]; !ok && !s.replaced(i, tok) {
				first[tok] = i
				order = append(order, tok)
			}
		}
	}
	files := map[int]*lint.File{} // by change: its version, read at its path
	out := make([]lint.HistoryToken, 0, len(order))
	at := make(map[*lint.Entry]int, len(order))
	for _, tok := range order {
		i := first[tok]
		c := s.changes[i]
		e := s.versions[c.dst].tokens[tok]
		f, ok := files[i]
		if !ok {
			// The version was read at the first path it was asked for;
			// its environment comes from the path it entered at.
			f = e.File
			if f.Rev != nil || f.Path != c.path {
				f = s.parse(c.path, e.File.Src)
			}
			rev := s.commits[c.commit]
			f.Rev = &rev
			files[i] = f
		}
		if f != e.File {
			e = s.entryOf(f, tok, e)
		}
		at[e] = i
		out = append(out, lint.HistoryToken{Entry: e})
	}
	slices.SortStableFunc(out, func(a, b lint.HistoryToken) int {
		ca, cb := s.changes[at[a.Entry]], s.changes[at[b.Entry]]
		return cmp.Or(-cmp.Compare(ca.commit, cb.commit), cmp.Compare(ca.path, cb.path), cmp.Compare(a.Entry.Inner.Start, b.Entry.Inner.Start))
	})
	return out
}

// oldestFirst returns the indexes of the changes, the oldest commit's
// first, each commit's in git's order (by path).
func (s *historyScan) oldestFirst() []int {
	out := make([]int, 0, len(s.changes))
	for end := len(s.changes); end > 0; {
		start := end
		for start > 0 && s.changes[start-1].commit == s.changes[end-1].commit {
			start--
		}
		for i := start; i < end; i++ {
			out = append(out, i)
		}
		end = start
	}
	return out
}

// replaced reports whether a version that change i's commit replaced or
// deleted held tok: the token was there before that commit.
func (s *historyScan) replaced(i int, tok string) bool {
	commit := s.changes[i].commit
	for i > 0 && s.changes[i-1].commit == commit {
		i--
	}
	for ; i < len(s.changes) && s.changes[i].commit == commit; i++ {
		c := s.changes[i]
		for _, id := range c.srcs {
			if v := s.versions[versionKey{id, c.dst.format}]; v != nil && v.tokens[tok] != nil {
				return true
			}
		}
	}
	return false
}

// entryOf finds tok's entry in f, a version read again at another path;
// where that path's name changes what counts as an entry, the entry read
// first stands.
func (s *historyScan) entryOf(f *lint.File, tok string, fallback *lint.Entry) *lint.Entry {
	for _, e := range f.Entries {
		if t, _, ok := s.token(e); ok && strings.EqualFold(t, tok) {
			return e
		}
	}
	if fallback.File.Rev == nil {
		fallback.File.Rev = f.Rev
	}
	return fallback
}

// inHead returns where HEAD's configuration files hold each token that
// they hold as an entry: where the hook's committed-token speaks for it.
func (s *historyScan) inHead() map[string]lint.GitPlace {
	found := map[string]lint.GitPlace{}
	for _, hf := range s.head { // in path order
		if v := s.versions[hf.key]; v != nil {
			for tok := range v.tokens {
				if _, ok := found[tok]; !ok {
					found[tok] = lint.GitPlace{Rev: "HEAD", Path: hf.path}
				}
			}
		}
	}
	return found
}
