package driver

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDeletedBeforeRead: a file that the walk listed but that is gone when
// it is read (a build deleting files as the hook runs) is skipped; a file
// named on the command line that is gone is an unreadable path.
func TestDeletedBeforeRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".env.production")
	if err := os.WriteFile(p, []byte("POSTMARK_SERVER_TOKEN=3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var targets []Target
	errs := new(Discovery).Each([]string{dir}, func(t Target) { targets = append(targets, t) })
	if len(errs) > 0 || len(targets) != 1 {
		t.Fatalf("Each = %v, %v", targets, errs)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	d := newDriver(context.Background(), nil)
	b := d.load(targets)
	if len(b.files)+b.plain.n != 0 || len(b.errs) != 0 || len(b.skipped) != 1 {
		t.Fatalf("walked file deleted before reading: files %d, errors %v, skipped %v; want one skip", len(b.files)+b.plain.n, b.errs, b.skipped)
	}
	if want := DisplayPath(p) + ": deleted while linting, not linted"; b.skipped[0].Error() != want {
		t.Errorf("message %q, want %q", b.skipped[0], want)
	}

	named := Target{Path: DisplayPath(p), Explicit: true}
	_, skip, err := d.loadOne(named, new([]byte))
	if skip != nil || err == nil || err.Error() != DisplayPath(p)+": cannot read: no such file or directory" {
		t.Errorf("named file deleted before reading: %v, %v; want a fatal 'cannot read'", skip, err)
	}
}

// TestFolderNamedLikeAFile: a folder named like a file, read as a file,
// is an unreadable path, not a hang or a walk.
func TestFolderNamedLikeAFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("x.env", 0o755); err != nil {
		t.Fatal(err)
	}
	_, skipped, err := newDriver(context.Background(), nil).loadOne(Target{Path: "x.env", Explicit: true}, new([]byte))
	if skipped != nil || err == nil || err.Error() != "x.env: cannot read: not a regular file (folder)" {
		t.Errorf("loadOne(folder) = %v, %v", skipped, err)
	}
}
