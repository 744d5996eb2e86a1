package lint_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPure keeps the core pure: the model, the readers, the rules and the
// report writers touch no disk, process or network; lint/driver does that
// for them. fmt itself imports os (and so syscall), so the check is on
// what these packages import and call, and on what they pull in beyond
// the standard library's basics: no os/exec, no net, no driver.
func TestPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Dir,GoFiles,Imports,Deps",
		"../lint", "../lint/envfile", "../lint/yamlfile", "../lint/tomlfile", "../lint/syntax",
		"../lint/postmark", "../lint/report", "../rules").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for dec.More() {
		var p struct {
			ImportPath, Dir        string
			GoFiles, Imports, Deps []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		for _, imp := range p.Imports {
			if slices.Contains([]string{"os", "os/exec", "syscall", "io/fs", "net", "net/http"}, imp) {
				t.Errorf("%s imports %s", p.ImportPath, imp)
			}
		}
		for _, dep := range p.Deps {
			if slices.Contains([]string{"os/exec", "net", "net/http"}, dep) || strings.HasSuffix(dep, "/lint/driver") || strings.HasSuffix(dep, "/lint/online") {
				t.Errorf("%s depends on %s", p.ImportPath, dep)
			}
		}
		// path/filepath is pure but for these, which read the disk.
		fset := token.NewFileSet()
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "filepath" && slices.Contains([]string{"Abs", "EvalSymlinks", "Glob", "Walk", "WalkDir"}, sel.Sel.Name) {
						t.Errorf("%s: filepath.%s reads the disk", fset.Position(sel.Pos()), sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
	if n != 8 {
		t.Fatalf("go list described %d packages, want 8", n)
	}
}
