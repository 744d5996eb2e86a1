package lint

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// StagedFile is the index version of a file staged for commit.
type StagedFile struct {
	Path  string // for display: relative to the working directory when under it
	Src   []byte
	Added bool // new in this commit, not yet in HEAD
}

// Staged reads the staged (index) content of the added, copied, modified
// and renamed files of the git work tree around dir, so that a fix in the
// working tree that is not staged cannot hide a bad staged line. Deleted
// files are skipped and renamed files keep their new name. Only files
// whose name a walk would lint are read.
func Staged(dir string) ([]StagedFile, error) {
	// The work tree's root is where .git is: looking costs no git process,
	// and a hook runs on every commit.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root := workTree(abs, map[string]string{})
	if root == "" {
		return nil, errors.New("--staged needs a git work tree")
	}
	status, err := gitOutput(root, "diff", "--cached", "--name-status", "-z", "--diff-filter=ACMR")
	if err != nil {
		return nil, fmt.Errorf("listing staged files: %w", err)
	}
	var files []StagedFile
	fields := bytes.Split(status, []byte{0})
	for i := 0; i+1 < len(fields); {
		// "M\0path", or "R100\0old\0new" for renames and copies.
		code, name := string(fields[i]), string(fields[i+1])
		i += 2
		if code != "" && (code[0] == 'R' || code[0] == 'C') && i < len(fields) {
			name = string(fields[i])
			i++
		}
		if !lintable(name) || entersNever(name) {
			continue
		}
		files = append(files, StagedFile{
			Path:  DisplayPath(filepath.Join(root, filepath.FromSlash(name))),
			Added: strings.HasPrefix(code, "A"),
		})
	}
	if len(files) == 0 {
		return nil, nil
	}
	names := make([]string, len(files))
	for i, f := range files {
		abs, _ := filepath.Abs(filepath.FromSlash(f.Path))
		rel, _ := filepath.Rel(root, abs)
		names[i] = filepath.ToSlash(rel)
	}
	blobs, err := indexBlobs(root, names)
	if err != nil {
		return nil, err
	}
	for i := range files {
		files[i].Src = blobs[i]
	}
	return files, nil
}

// indexBlobs reads the index version of each path with one git cat-file
// --batch process.
func indexBlobs(root string, names []string) ([][]byte, error) {
	var in bytes.Buffer
	for _, n := range names {
		if strings.ContainsAny(n, "\n\r") {
			return nil, fmt.Errorf("cannot read staged %q: a newline in a file name", n)
		}
		fmt.Fprintf(&in, ":0:%s\n", n)
	}
	cmd := exec.Command("git", "-C", root, "cat-file", "--batch")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("reading staged files: %w", gitError(err))
	}
	r := bufio.NewReader(bytes.NewReader(out))
	blobs := make([][]byte, len(names))
	for i, n := range names {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("reading staged %s: %w", n, err)
		}
		parts := strings.Fields(header)
		if len(parts) != 3 {
			return nil, fmt.Errorf("reading staged %s: git says %q", n, strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(parts[2])
		if err != nil {
			return nil, fmt.Errorf("reading staged %s: bad size", n)
		}
		blobs[i] = make([]byte, size)
		if _, err := io.ReadFull(r, blobs[i]); err != nil {
			return nil, fmt.Errorf("reading staged %s: %w", n, err)
		}
		r.ReadByte() // the newline after each object
	}
	return blobs, nil
}

func gitOutput(dir string, args ...string) ([]byte, error) {
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	return out, gitError(err)
}

// gitError turns git's exit status into its first line of stderr.
func gitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		line, _, _ := strings.Cut(strings.TrimSpace(string(ee.Stderr)), "\n")
		return errors.New(line)
	}
	return err
}
