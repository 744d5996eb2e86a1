package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/postmarklint/postmarklint/lint"
)

// SARIF constants. The schema address is the OASIS errata01 one that the
// official schema file names as its own id.
const (
	sarifVersion    = "2.1.0"
	sarifSchema     = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	toolName        = "postmarklint"
	toolURI         = "https://github.com/postmarklint/postmarklint"
	srcRoot         = "%SRCROOT%"
	fingerprintName = "postmarklint/v1"
)

// The types below cover the part of SARIF 2.1.0 that postmarklint writes.
// Field order is output order, so the document is stable run to run.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool                     sarifTool                    `json:"tool"`
		OriginalURIBaseIDs       map[string]sarifArtifactBase `json:"originalUriBaseIds"`
		VersionControlProvenance []sarifVersionControl        `json:"versionControlProvenance,omitempty"`
		ColumnKind               string                       `json:"columnKind"`
		Results                  []sarifResult                `json:"results"`
	}
	// sarifVersionControl names the repository whose history was read and
	// its HEAD; mappedTo says that %SRCROOT% is its top.
	sarifVersionControl struct {
		RepositoryURI string    `json:"repositoryUri"`
		RevisionID    string    `json:"revisionId,omitempty"`
		Branch        string    `json:"branch,omitempty"`
		MappedTo      sarifBase `json:"mappedTo"`
	}
	sarifBase struct {
		URIBaseID string `json:"uriBaseId"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		Help                 sarifHelp    `json:"help"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	// sarifHelp is a rule's documentation, RuleDoc's in both styles;
	// viewers that render Markdown show the second.
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	// sarifArtifactBase declares a uriBaseId without an absolute uri: the
	// report must not carry the machine's paths, so consumers resolve
	// %SRCROOT% to their checkout, as GitHub code scanning does.
	sarifArtifactBase struct {
		Description sarifMessage `json:"description"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          *sarifProperties  `json:"properties,omitempty"`
	}
	// sarifProperties says which commit a finding's version of its file
	// was read from, for a report of postmarklint history.
	sarifProperties struct {
		Commit     string `json:"commit"`
		CommitDate string `json:"commitDate"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

// SARIF writes the findings as a SARIF 2.1.0 log with one run. Every rule
// of the run is described in the driver, whether it fired or not, so that
// code scanning can show the rule set; a finding of a rule missing from
// the run's rules gets its rule appended, so every ruleIndex is valid.
// Columns count code points, as everywhere in postmarklint. Nothing of the
// files is copied in (no snippets): messages are the rules' own, already
// redacted.
func SARIF(w io.Writer, in *Run) error {
	findings := in.Findings
	driverRules, index := ruleTable(in.Rules, findings)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           toolName,
			InformationURI: toolURI,
			Rules:          make([]sarifRule, 0, len(driverRules)),
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactBase{
			srcRoot: {Description: sarifMessage{Text: srcRootText(in.Repository)}},
		},
		VersionControlProvenance: versionControlOf(in.Repository),
		ColumnKind:               "unicodeCodePoints",
		// An empty array, not null: SARIF reads a missing results as "the
		// tool did not run" and an empty one as "nothing found".
		Results: make([]sarifResult, 0, len(findings)),
	}
	for _, r := range driverRules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	for i := range findings {
		f := &findings[i]
		run.Results = append(run.Results, sarifResultOf(f, index[f.Rule.ID]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func srcRootText(repo *Repository) string {
	if repo != nil {
		return "The top of the git repository whose history was read; file paths are relative to it."
	}
	return "The directory postmarklint ran in; file paths are relative to it."
}

// versionControlOf describes the repository of a history report, whose
// paths are relative to its top; a repository SARIF cannot name (no
// remote URL: only a path on this machine) is left out, since
// repositoryUri is required.
func versionControlOf(repo *Repository) []sarifVersionControl {
	if repo == nil || repo.URI == "" {
		return nil
	}
	return []sarifVersionControl{{
		RepositoryURI: repo.URI,
		RevisionID:    repo.Revision,
		Branch:        repo.Branch,
		MappedTo:      sarifBase{URIBaseID: srcRoot},
	}}
}

// ruleTable lists the driver's rules: the given ones in their order, then
// any rule that only a finding names, and maps each id to its index.
func ruleTable(rules []*lint.Rule, findings []lint.Finding) ([]*lint.Rule, map[string]int) {
	var out []*lint.Rule
	index := map[string]int{}
	add := func(r *lint.Rule) {
		if _, ok := index[r.ID]; !ok {
			index[r.ID] = len(out)
			out = append(out, r)
		}
	}
	for _, r := range rules {
		add(r)
	}
	for i := range findings {
		add(findings[i].Rule)
	}
	return out, index
}

func sarifRuleOf(r *lint.Rule) sarifRule {
	return sarifRule{
		ID:                   r.ID,
		Name:                 pascalCase(r.ID),
		ShortDescription:     sarifMessage{Text: r.Title},
		FullDescription:      sarifMessage{Text: r.Doc},
		Help:                 sarifHelp{Text: RuleDoc(r, Plain), Markdown: RuleDoc(r, Markdown)},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
	}
}

// pascalCase turns a kebab-case rule id into the PascalCase name SARIF
// viewers show: token-format -> TokenFormat.
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// sarifLevel maps a severity to SARIF's level names; "none" stands for a
// silenced rule, which findings never carry after lint.Check.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Info:
		return "note"
	}
	return "none"
}

func sarifResultOf(f *lint.Finding, ruleIndex int) sarifResult {
	start, end := Position(f)
	return sarifResult{
		RuleID:    f.Rule.ID,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifMessage{Text: f.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: artifactOf(lint.RedactPath(f.File.Path)),
			Region: sarifRegion{
				StartLine:   start.Line,
				StartColumn: start.Column,
				EndLine:     end.Line,
				EndColumn:   end.Column,
			},
		}}},
		PartialFingerprints: map[string]string{fingerprintName: f.Fingerprint()},
		Properties:          propertiesOf(f.File.Rev),
	}
}

func propertiesOf(rev *lint.Revision) *sarifProperties {
	if rev == nil {
		return nil
	}
	return &sarifProperties{Commit: rev.ID, CommitDate: rev.Date.Format(time.RFC3339)}
}

// artifactOf turns a report path into a URI reference. Paths are relative
// to the working directory whenever the file lies under it, and then hang
// off %SRCROOT%; a file named outside it keeps the absolute path the user
// gave, as a file: URI, since there is no base to make it relative to.
func artifactOf(p string) sarifArtifact {
	if filepath.IsAbs(filepath.FromSlash(p)) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path: file:///C:/...
		}
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	// url.URL escapes spaces, '%' and the like, and guards a first segment
	// with a colon ("a:b/.env") with "./" so it is not read as a scheme.
	return sarifArtifact{URI: (&url.URL{Path: p}).String(), URIBaseID: srcRoot}
}
