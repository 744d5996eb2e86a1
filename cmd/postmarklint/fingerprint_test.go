package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFingerprintsAnyFolder: the JSON fingerprint and SARIF's
// partialFingerprints of a finding are the same whichever folder of the
// repository the run starts in, as a baseline's are.
func TestFingerprintsAnyFolder(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	tempWD(t)
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	writeFile(t, "app/config/.env.production", []byte("POSTMARK_SERVER_TOKEN="+badToken+"\nPOSTMARK_API_TOKEN=changeme\n"))

	fingerprints := func(format string, args ...string) []string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		run(append([]string{"--format", format, "--fail-on", "never"}, args...), strings.NewReader(""), &stdout, &stderr)
		var doc struct {
			Findings []struct{ Fingerprint string }
			Runs     []struct {
				Results []struct{ PartialFingerprints map[string]string }
			}
		}
		if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v\nstderr: %s", format, err, stderr.String())
		}
		var fps []string
		for _, f := range doc.Findings {
			fps = append(fps, f.Fingerprint)
		}
		for _, r := range doc.Runs {
			for _, res := range r.Results {
				for _, fp := range res.PartialFingerprints {
					fps = append(fps, fp)
				}
			}
		}
		if len(fps) != 2 {
			t.Fatalf("%s %v: %d fingerprints, want 2", format, args, len(fps))
		}
		return fps
	}
	for _, format := range []string{"json", "sarif"} {
		want := fingerprints(format, ".")
		for _, tc := range []struct{ dir, path string }{
			{".", "app/config/.env.production"},
			{"app", "."},
			{"app/config", ".env.production"},
			{"app/config", filepath.Join(root, "app/config/.env.production")},
		} {
			t.Chdir(filepath.Join(root, tc.dir))
			if got := fingerprints(format, tc.path); !slices.Equal(got, want) {
				t.Errorf("%s from %s: fingerprints %v, want %v as from the root", format, tc.dir, got, want)
			}
		}
		t.Chdir(root)
	}
}
