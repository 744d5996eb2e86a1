//go:build unix

package driver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmarklint/postmarklint/rules"
)

// TestFixKeepsConcurrentEdit saves the file, as an editor does, while
// --fix works on it: once the fixed copy is written, and in the last
// instant before it takes the original's place; in place (truncate and
// write) and by rename; where two names can be swapped at once (Linux)
// and where they cannot. The edit must survive and the finding stay.
func TestFixKeepsConcurrentEdit(t *testing.T) {
	const name = ".env.production"
	orig := "POSTMARK_SERVER_TOKEN=\"3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 \"\n"
	edit := orig + "MAIL_FROM=edited@example.com\n"
	saves := map[string]func() error{
		"in place": func() error { return writeInPlace(name, edit) },
		"by rename": func() error {
			if err := os.WriteFile(name+".new", []byte(edit), 0o644); err != nil {
				return err
			}
			return os.Rename(name+".new", name)
		},
	}
	for _, swap := range []bool{true, false} {
		for _, stage := range []string{"written", "renaming"} {
			for how, save := range saves {
				if !swap && stage == "renaming" && how == "by rename" {
					continue // the one edit a plain rename cannot see (see replace)
				}
				t.Run(fmt.Sprintf("swap=%v/%s/%s", swap, stage, how), func(t *testing.T) {
					t.Chdir(t.TempDir())
					if err := os.WriteFile(name, []byte(orig), 0o644); err != nil {
						t.Fatal(err)
					}
					fixHook = func(s string) {
						if s == stage {
							if err := save(); err != nil {
								t.Error(err)
							}
						}
					}
					if !swap {
						exchange = func(a, b string) error { return errors.ErrUnsupported }
					}
					t.Cleanup(func() { fixHook, exchange = func(string) {}, exchangeNames })
					res := Paths(context.Background(), &Options{Rules: rules.All}, []string{name})
					fixed := res.WriteFixes()
					if got, _ := os.ReadFile(name); string(got) != edit {
						t.Errorf("the concurrent edit was lost: the file holds %d bytes, want %d", len(got), len(edit))
					}
					if fixed.Files != 0 || len(fixed.Refused) != 1 || !strings.HasPrefix(fixed.Refused[0].Err.Error(), "it changed on disk") {
						t.Errorf("fixed %d files, refused %v; want one refusal: it changed on disk", fixed.Files, fixed.Refused)
					}
					if len(res.Findings) == 0 {
						t.Errorf("the finding is gone")
					}
					if left, _ := filepath.Glob(".postmarklint.*"); len(left) > 0 {
						t.Errorf("left behind: %q", left)
					}
				})
			}
		}
	}
}

func writeInPlace(name, content string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
